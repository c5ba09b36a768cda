#include "harness/investigation.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string_view>
#include <type_traits>

#include "harness/counting_allocator.h"
#include "reports/render.h"
#include "reports/render_v8.h"

namespace sigheap {
namespace {

constexpr std::string_view kBaseline = "lattice-like";
constexpr std::string_view kOptimizedPrefix = "lattice-optimized";
constexpr std::string_view kFloor = "lower-bound";
constexpr std::string_view kReference = "preact-like";

// The original investigation's own figures (docs/background.md): V8 heap deltas
// from hand-made scripts, not sigheap measurements.
struct SeedFigure {
  std::string_view library;
  double signal, computed, edge;
};
constexpr SeedFigure kSeedLattice{"Lattice", 278, 468, 190};
constexpr SeedFigure kSeedPreact{"Preact", 444, 241, 219};

std::string number(double v) {
  if (v == std::round(v)) return report::group_digits(static_cast<std::int64_t>(v));
  return fmt::format("{:.6g}", v);
}

std::string ratio(double a, double b) { return b == 0 ? "–" : fmt::format("{:.2f}×", a / b); }

const report::Result* find(const report::Report& r, std::string_view impl, std::string_view scenario,
                           std::int64_t n = -1) {
  for (const auto& res : r.results) {
    if (res.impl != impl || res.scenario != scenario) continue;
    if (n >= 0 && (res.params.empty() || res.params.front().second != n)) continue;
    return res.status == report::Status::kOk ? &res : nullptr;
  }
  return nullptr;
}

template <class T>
double cost(const report::Report& r, std::string_view impl, std::string_view kind, T report::ObjectCost::*f) {
  const auto it = r.per_object.find(std::string(impl));
  if (it == r.per_object.end()) return NAN;
  const T& v = it->second.costs.at(std::string(kind)).*f;
  if constexpr (std::is_same_v<T, double>) {
    return v;
  } else {
    return v.value_or(NAN);
  }
}

// "jemalloc 5.3.0" of "jemalloc 5.3.0-0-g54eaed1d…": the release decides the size classes; the
// build string after it differs between machines with the same package, and this document must
// not.
std::string allocator_release() {
  const std::string name = alloc::backend_name();
  return name.substr(0, name.find('-'));
}

std::vector<std::string> impl_names(const Matrix& m) {
  std::vector<std::string> out;
  for (const auto& i : m.impls) {
    if (i.in_default_suite) out.emplace_back(i.name);
  }
  return out;
}

void per_object_section(std::string& out, const report::Report& r, const Matrix& m) {
  out += "## 1. What one object costs\n\n";
  out += fmt::format(
      "Least-squares fit over the 12 attribution micro-scenarios, per model (bytes in jemalloc size classes "
      "/ live allocations; the fit's residual is 0 for every model). `{}` keeps its records in one block of "
      "arrays, so its figures are record bytes: the block's size-class rounding is paid once per graph.\n\n",
      kFloor);
  out += "| model | signal | computed | edge | effect | graph |\n|---|---:|---:|---:|---:|---:|\n";
  for (const auto& impl : impl_names(m)) {
    out += fmt::format("| `{}` |", impl);
    for (std::string_view kind : report::kObjectKinds) {
      out += fmt::format(" {} B / {} |", number(cost(r, impl, kind, &report::ObjectCost::bytes)),
                         number(cost(r, impl, kind, &report::ObjectCost::allocs)));
    }
    out += "\n";
  }
  out += fmt::format("\nRatios of bytes, to `{}` and to the floor `{}`:\n\n", kReference, kFloor);
  out += fmt::format(
      "| model | signal ÷ {0} | computed ÷ {0} | edge ÷ {0} | signal ÷ floor | computed ÷ floor | edge ÷ "
      "floor |\n",
      kReference);
  out += "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& impl : impl_names(m)) {
    out += fmt::format("| `{}` |", impl);
    for (std::string_view against : {kReference, kFloor}) {
      for (std::string_view kind : {"signal", "computed", "edge"}) {
        out += fmt::format(" {} |", ratio(cost(r, impl, kind, &report::ObjectCost::bytes),
                                          cost(r, against, kind, &report::ObjectCost::bytes)));
      }
    }
    out += "\n";
  }
  out += "\n### Beside the original investigation's V8 figures\n\n";
  out +=
      "The original investigation measured the JavaScript libraries in V8 with heap deltas (its numbers, not sigheap's; V8 "
      "objects carry hidden-class headers, boxed numbers and property backing stores that the C++ models do "
      "not). The ratio between the libraries is what compares.\n\n";
  out += "| | signal | computed | edge |\n|---|---:|---:|---:|\n";
  for (const SeedFigure& f : {kSeedLattice, kSeedPreact}) {
    out += fmt::format("| {} (V8, original investigation) | {} B | {} B | {} B |\n", f.library, f.signal, f.computed,
                       f.edge);
  }
  out += fmt::format("| Lattice ÷ Preact (V8, original investigation) | {} | {} | {} |\n",
                     ratio(kSeedLattice.signal, kSeedPreact.signal),
                     ratio(kSeedLattice.computed, kSeedPreact.computed),
                     ratio(kSeedLattice.edge, kSeedPreact.edge));
  out += fmt::format("| `{}` ÷ `{}` (sigheap) |", kBaseline, kReference);
  for (std::string_view kind : {"signal", "computed", "edge"}) {
    out += fmt::format(" {} |", ratio(cost(r, kBaseline, kind, &report::ObjectCost::bytes),
                                      cost(r, kReference, kind, &report::ObjectCost::bytes)));
  }
  out += "\n\n";
}

void ablation_section(std::string& out, const report::Report& r, const Matrix& m) {
  out += fmt::format("## 2. What each recommendation saves\n\n");
  out += fmt::format(
      "Each `{}/<switch>` is `{}` with one recommendation applied; `{}` has all of them. Cells are bytes / "
      "allocations saved per object against `{}` (negative: costs more). The last column is the allocations "
      "per write in `computed-diamond-simple`.\n\n",
      kOptimizedPrefix, kBaseline, kOptimizedPrefix, kBaseline);
  out +=
      "| variant | signal | computed | edge | effect | graph | allocs per write "
      "|\n|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& impl : impl_names(m)) {
    if (!impl.starts_with(kOptimizedPrefix)) continue;
    out += fmt::format("| `{}` |", impl);
    for (std::string_view kind : report::kObjectKinds) {
      const double bytes = cost(r, kBaseline, kind, &report::ObjectCost::bytes) -
                           cost(r, impl, kind, &report::ObjectCost::bytes);
      const double allocs = cost(r, kBaseline, kind, &report::ObjectCost::allocs) -
                            cost(r, impl, kind, &report::ObjectCost::allocs);
      out += fmt::format(" {} B / {} |", number(bytes), number(allocs));
    }
    const report::Result* d = find(r, impl, "computed-diamond-simple");
    out += fmt::format(" {} |\n", d != nullptr ? number(d->steady->allocs_per_iteration) : "–");
  }
  const double before = cost(r, kBaseline, "computed", &report::ObjectCost::bytes);
  const double after = cost(r, kOptimizedPrefix, "computed", &report::ObjectCost::bytes);
  out += fmt::format(
      "\nThe original investigation hoped to \"reduce computed from ~468 to ~250 bytes\" (0.53×, in V8). In the model, all "
      "recommendations together take a computed from {} B to {} B ({}); the floor is {} B.\n\n",
      number(before), number(after), ratio(after, before),
      number(cost(r, kFloor, "computed", &report::ObjectCost::bytes)));
}

void diamond_section(std::string& out, const report::Report& r, const Matrix& m) {
  out += "## 3. `computed-diamond-simple`: retained memory vs churn\n\n";
  out +=
      "One signal, three computeds, four edges; 100,000 writes, each followed by a read of `bottom`. "
      "*Retained* is what the graph holds; *cumulative* counts every byte allocated, also those freed again "
      "at once. The mitata-style figure is what a benchmark that sums allocations over one call (build the "
      "graph, run 100,000 iterations) reports: setup allocated + steady cumulative.\n\n";
  out +=
      "| model | setup retained | steady cumulative | retained growth | allocs per write | mitata-style per "
      "call | mitata ÷ retained |\n";
  out += "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& impl : impl_names(m)) {
    const report::Result* d = find(r, impl, "computed-diamond-simple");
    if (d == nullptr) {
      out += fmt::format("| `{}` | failed | | | | | |\n", impl);
      continue;
    }
    const auto mitata = static_cast<std::int64_t>(d->setup->allocated_bytes + d->steady->cumulative_bytes);
    out += fmt::format("| `{}` | {} B | {} B | {} B | {} | {} B | {} |\n", impl,
                       report::group_digits(d->setup->retained_bytes),
                       report::group_digits(static_cast<std::int64_t>(d->steady->cumulative_bytes)),
                       report::group_digits(d->steady->retained_growth_bytes),
                       number(d->steady->allocs_per_iteration), report::group_digits(mitata),
                       ratio(static_cast<double>(mitata), static_cast<double>(d->setup->retained_bytes)));
  }
  const report::Result* lattice = find(r, kBaseline, "computed-diamond-simple");
  const report::Result* preact = find(r, kReference, "computed-diamond-simple");
  if (lattice != nullptr && preact != nullptr) {
    out += fmt::format(
        "\nThe benchmark behind the original investigation reported 3.82 MB for Lattice. Here `{}` retains {} B after setup and nothing "
        "more after 100,000 writes, yet allocates {} B over them: one {}-byte traversal frame per write, "
        "freed at once. Its 3.82 MB over 100,000 writes is ≈ 38 B per write: the same frame as a V8 "
        "`{{value, prev}}` object. The large figure is churn summed over iterations, not memory held: "
        "retained, `{}` holds {} of `{}`'s bytes.\n\n",
        kBaseline, report::group_digits(lattice->setup->retained_bytes),
        report::group_digits(static_cast<std::int64_t>(lattice->steady->cumulative_bytes)),
        lattice->steady->iterations == 0 ? 0
                                         : lattice->steady->cumulative_bytes / lattice->steady->iterations,
        kBaseline,
        ratio(static_cast<double>(lattice->setup->retained_bytes),
              static_cast<double>(preact->setup->retained_bytes)),
        kReference);
  }
}

void scaling_section(std::string& out, const report::Report& r, const Matrix& m) {
  const ScenarioInfo& s = m.scenarios[static_cast<std::size_t>(m.scenario_index("scaling-subscribers"))];
  out += "## 4. `scaling-subscribers`: churn per write as N grows\n\n";
  out +=
      "One signal, N computeds reading it, an effect on each. Cells: allocations / bytes allocated per write "
      "(all freed again: retained growth is in the last column).\n\n";
  out += "| model |";
  std::string rule = "|---|";
  for (const auto& set : s.param_sets) {
    out += fmt::format(" N = {} |", set.front());
    rule += "---:|";
  }
  out += " retained growth at the largest N |\n" + rule + "---:|\n";
  for (const auto& impl : impl_names(m)) {
    out += fmt::format("| `{}` |", impl);
    std::int64_t growth = 0;
    for (const auto& set : s.param_sets) {
      const report::Result* res = find(r, impl, "scaling-subscribers", set.front());
      if (res == nullptr) {
        out += " failed |";
        continue;
      }
      out += fmt::format(" {} / {} B |", number(res->steady->allocs_per_iteration),
                         number(res->steady->bytes_per_iteration));
      growth = res->steady->retained_growth_bytes;
    }
    out += fmt::format(" {} B |\n", report::group_digits(growth));
  }
  out += "\n";
}

// Qt 6's property bindings (the wrapped C++ libraries qt-*), measured as the models are. Delimited
// by kQtBegin/kQtEnd naming the Qt version, so that a document made without Qt, or with another
// Qt, is still checked everywhere else (cmd_investigate.cc's --check).
#ifdef SIGHEAP_QT_VERSION
constexpr std::string_view kQtVersion = SIGHEAP_QT_VERSION;
#else
constexpr std::string_view kQtVersion = "none";
#endif
constexpr std::string_view kQtPrefix = "qt-";

bool is_qt(const ImplInfo& i) { return !i.in_default_suite && i.name.starts_with(kQtPrefix); }

void qt_section(std::string& out, const report::Report& r, const Matrix& m) {
  out += fmt::format("{}{} -->\n", kQtBegin, kQtVersion);
  out += "### Qt 6's property bindings, measured the same way\n\n";
  std::vector<std::string_view> qt;
  for (const auto& i : m.impls) {
    if (is_qt(i)) qt.push_back(i.name);
  }
  if (qt.empty()) {
    out += "Not measured: this sigheap was built without Qt 6 (`qt6-base-dev`, which `./scripts/install-deps.sh` "
           "installs).\n";
  } else {
    out += fmt::format(
        "The real C++ library (Qt {}), wrapped rather than modelled (`impls/qt-qproperty/README.md` says what "
        "its bytes are): `qt-qproperty` holds each value in a `QProperty<double>`, `qt-qobject-bindable` in a "
        "`QObjectBindableProperty` on a `QObject` of its own. Same fit and size classes as the models above; "
        "every byte Qt allocates is counted, through `operator new` and the malloc family. Unlike the models', "
        "Qt's costs are not one constant per kind: a computed's first four dependency observers live inside its "
        "binding block (0 B each) while an effect's notifier costs 64 B, and a `QObject`'s binding storage "
        "(160 B) appears once something reads its value. One coefficient per kind cannot fit that, so these "
        "are least-squares figures with the residual they leave; the exact cost of each part, which "
        "`tests/qt_qproperty_test.cc` asserts sample by sample, is in that README.\n\n",
        kQtVersion);
    out += "| library | signal | computed | edge | effect | graph | fit residual |\n"
           "|---|---:|---:|---:|---:|---:|---:|\n";
    for (std::string_view impl : qt) {
      out += fmt::format("| `{}` |", impl);
      for (std::string_view kind : report::kObjectKinds) {
        out += fmt::format(" {} B / {} |", number(cost(r, impl, kind, &report::ObjectCost::bytes)),
                           number(cost(r, impl, kind, &report::ObjectCost::allocs)));
      }
      const auto it = r.per_object.find(std::string(impl));
      out += fmt::format(" {} |\n", it != r.per_object.end() && it->second.residual
                                         ? number(*it->second.residual)
                                         : std::string("–"));
    }
  }
  out += fmt::format("\n{}\n\n", kQtEnd);
}

const report::Result* find_engine(const report::Report& r, const std::string& impl, std::string_view scenario) {
  for (const auto& res : r.results) {
    if (res.impl == impl && res.engine == "node" && res.scenario == scenario && res.engine_phases &&
        res.engine_phases->steady) {
      return &res;
    }
  }
  return nullptr;
}

const report::PerObject* per_object_in(const report::Report& r, const std::string& impl, std::string_view engine) {
  for (const auto& [key, po] : r.per_object) {
    if (po.engine == engine && po.impl == impl) return &po;
  }
  return nullptr;
}

// The Chromium that measured the report's chromium figures ("none" without them): its version from
// the engine's meta, which names the browser build that decides the object layout.
std::string chromium_version(const report::Report& r) {
  const auto it = r.meta.engines.find("chromium");
  if (it == r.meta.engines.end()) return "none";
  const auto meta = nlohmann::json::parse(it->second, nullptr, false);
  return meta.is_object() && meta.contains("version") && meta["version"].is_string()
             ? meta["version"].get<std::string>()
             : "unknown";
}

// How much of each library's Node size is pointer width: the same per-object measurement in
// Chromium, whose V8 compresses tagged fields to 4 bytes. Delimited by kChromiumBegin/kChromiumEnd
// naming the Chromium version, so that a machine without Chromium (or with another one) still
// checks the rest of the document.
void pointer_width_part(std::string& out, const report::Report& r, const std::vector<const report::PerObject*>& libs) {
  const std::string version = chromium_version(r);
  out += fmt::format("\n{}{} -->\n", kChromiumBegin, version);
  out += "### How much of it is pointer width\n\n";
  if (version == "none") {
    out += "Not measured: the run that generated this document had no Chromium (Debian's `chromium`, which "
           "`./scripts/install-deps.sh --with-chromium` installs).\n";
    out += fmt::format("\n{}\n", kChromiumEnd);
    return;
  }
  out += fmt::format(
      "Node's V8 is built without pointer compression: every tagged field (a pointer, a small integer, the "
      "hidden-class word) takes 8 bytes. Chrome's V8 compresses them to 4. The same per-object measurement "
      "in Chromium {} (`sigheap run --engine chromium`, heap snapshots over the DevTools protocol) gives each "
      "object's size there. The share is (Node − Chromium) ÷ Node: where the object has the same parts in both "
      "engines, the part of its Node size that is pointer width, and 50 % means it is tagged fields only.\n\n",
      version);
  out += "| library | object | Node | Chromium | pointer width |\n|---|---|---:|---:|---:|\n";
  std::string differing;  // the objects that are not simply half as large in Chromium, with their parts
  for (const report::PerObject* node : libs) {
    const report::PerObject* chromium = per_object_in(r, *node->impl, "chromium");
    for (std::string_view kind : {"signal", "computed", "edge", "effect"}) {
      const auto n = node->costs.find(std::string(kind));
      if (n == node->costs.end()) continue;
      out += fmt::format("| `{}` | {} | {} B |", *node->impl, kind, number(n->second.bytes));
      const report::ObjectCost* there = nullptr;
      if (chromium != nullptr) {
        const auto c = chromium->costs.find(std::string(kind));
        if (c != chromium->costs.end()) there = &c->second;
      }
      if (there == nullptr) {
        out += " not measured | |\n";
        continue;
      }
      const double node_bytes = n->second.bytes;
      const double chromium_bytes = there->bytes;
      out += fmt::format(" {} B | {} |\n", number(chromium_bytes),
                         node_bytes == 0 ? std::string("–")
                                         : fmt::format("{:.0f} %", 100 * (node_bytes - chromium_bytes) / node_bytes));
      if (2 * chromium_bytes != node_bytes && n->second.breakdown && there->breakdown) {
        differing += fmt::format("- `{}` {}: Node {}; Chromium {}\n", *node->impl, kind,
                                 report::breakdown_label(*n->second.breakdown),
                                 report::breakdown_label(*there->breakdown));
      }
    }
  }
  if (!differing.empty()) {
    out += "\nWhere the share is not 50 %, the object is made of other parts in the two engines:\n\n" + differing;
  }
  out += fmt::format("\n{}\n", kChromiumEnd);
}

// The real libraries (engine results), in V8: per object with what one object is made of, the
// diamond's setup retained, churn per write with the functions that allocate it, and what stays
// after disposal.
void real_libraries_section(std::string& out, const report::Report& r) {
  std::vector<const report::PerObject*> libs;
  for (const auto& [key, po] : r.per_object) {
    if (po.engine == "node" && po.impl) libs.push_back(&po);
  }
  if (libs.empty()) return;
  out += fmt::format("{}{} -->\n", kEngineBegin, r.meta.js_engine.value_or("unknown"));
  out += "## 5. The real libraries, measured exactly in V8\n\n";
  out +=
      "The same questions asked of the real JavaScript libraries in Node.js's V8, exactly: bytes per object from "
      "heap snapshots (N and 2N objects after a warm-up, differenced, grouped by V8 node type and constructor), "
      "setup retained from snapshots around setup, churn per write from the sampling heap profiler at an "
      "interval of one byte (every allocation of K writes, over K). Code, feedback, hidden classes and Node's own "
      "objects are not counted (`scripts/js-reference/README.md` lists them). These figures are V8's object "
      "layout (8-byte fields without pointer compression), not jemalloc size classes: compare libraries with "
      "each other here, and with the models through their ratios.\n\n";
  out += "| library | version | signal | computed | edge | effect |\n|---|---|---:|---:|---:|---:|\n";
  for (const report::PerObject* po : libs) {
    out += fmt::format("| `{}` | {} |", *po->impl, po->library ? po->library->package + " " + po->library->version : "");
    for (std::string_view kind : {"signal", "computed", "edge", "effect"}) {
      auto it = po->costs.find(std::string(kind));
      out += it == po->costs.end() ? " – |" : fmt::format(" {} B |", number(it->second.bytes));
    }
    out += "\n";
  }
  out += "\nWhat one object consists of (per instance):\n\n";
  for (const report::PerObject* po : libs) {
    for (std::string_view kind : {"signal", "computed", "edge", "effect"}) {
      auto it = po->costs.find(std::string(kind));
      if (it == po->costs.end() || !it->second.breakdown) continue;
      out += fmt::format("- `{}` {} = {}\n", *po->impl, kind, report::breakdown_label(*it->second.breakdown));
    }
  }
  pointer_width_part(out, r, libs);
  out += "\n### `computed-diamond-simple` in V8\n\n";
  out +=
      "| library | setup retained | churn per write | allocations per write | residual after dispose |\n"
      "|---|---:|---:|---:|---:|\n";
  std::string sources;
  for (const report::PerObject* po : libs) {
    const report::Result* d = find_engine(r, *po->impl, "computed-diamond-simple");
    if (d == nullptr) {
      out += fmt::format("| `{}` | not measured | | | |\n", *po->impl);
      continue;
    }
    const report::EnginePhases& e = *d->engine_phases;
    const report::EngineSteady& steady = *e.steady;
    out += fmt::format("| `{}` | {} B | {} B | {} | {} B |\n", *po->impl, report::group_digits(e.setup.retained_bytes),
                       number(steady.bytes_per_iteration), number(steady.allocs_per_iteration),
                       report::group_digits(e.teardown.residual_bytes));
    sources += fmt::format("- `{}` setup: {}\n", *po->impl, report::breakdown_label(e.setup.breakdown));
    if (steady.sites.empty()) {
      sources += fmt::format("- `{}` allocates nothing per write\n", *po->impl);
    }
    for (const report::AllocationSite& s : steady.sites) {
      sources += fmt::format("- `{}` per write: {} allocation(s), {} B in `{}` ({}:{}:{})\n", *po->impl,
                             number(s.allocs_per_iteration), number(s.bytes_per_iteration), s.function, s.script,
                             s.line, s.column);
    }
  }
  out += "\nWhere it comes from (setup: the graph's heap objects, the scenario's own state object and closures "
         "included; per write: every allocating function, the scenario's code in `scenarios.mjs` included):\n\n" +
         sources;
  out += fmt::format("\n{}\n", kEngineEnd);
}

}  // namespace

std::vector<Job> investigation_jobs(const Matrix& m) {
  std::vector<Job> jobs;
  for (const char* name : kInvestigationScenarios) {
    const auto s = static_cast<std::size_t>(m.scenario_index(name));
    for (const auto& set : m.scenarios[s].param_sets) {
      for (std::size_t i = 0; i < m.impls.size(); ++i) {
        if (m.impls[i].in_default_suite) jobs.push_back(Job{i, s, set});
      }
    }
  }
  return jobs;
}

std::vector<std::size_t> investigation_attributions(const Matrix& m) {
  std::vector<std::size_t> impls;
  for (std::size_t i = 0; i < m.impls.size(); ++i) {
    if (m.impls[i].in_default_suite || is_qt(m.impls[i])) impls.push_back(i);
  }
  return impls;
}

std::string render_investigation(const report::Report& r, const Matrix& m) {
  std::string out;
  out += "# The memory investigation, measured\n\n";
  out += fmt::format(
      "<!-- Generated by `sigheap investigate` (`./scripts/run.sh investigate`); do not edit. "
      "`./scripts/test.sh` checks that a fresh run reproduces every number. -->\n\n[The original investigation]"
      "(../docs/background.md) argued from hand-made V8 measurements that a \"5× more memory\" "
      "benchmark result was an artifact, and guessed what its recommendations would save. This document "
      "answers both with exact figures: the C++ models of each library's structure, measured by sigheap's "
      "counting allocator ({} size classes), and the real JavaScript libraries measured exactly in V8 "
      "(section 5, present when the generating run had Node.js and the packages). Every figure is "
      "deterministic.\n\n",
      allocator_release());
  per_object_section(out, r, m);
  qt_section(out, r, m);
  ablation_section(out, r, m);
  diamond_section(out, r, m);
  scaling_section(out, r, m);
  real_libraries_section(out, r);
  return out;
}

InvestigationComparison compare_investigations(const std::string& committed, const std::string& fresh) {
  struct Optional {
    std::string_view what, begin, end, absent;
  };
  std::string a = committed;
  std::string b = fresh;
  InvestigationComparison c;
  // The Chromium part lies inside the V8 section: leaving out the V8 section leaves it out too.
  for (const Optional& s : {Optional{"V8 section", kEngineBegin, kEngineEnd, "none (no node)"},
                            Optional{"Chromium part of the V8 section", kChromiumBegin, kChromiumEnd, "none"},
                            Optional{"Qt section", kQtBegin, kQtEnd, "none"}}) {
    const std::string was = section_source(committed, s.begin);
    const std::string now = section_source(fresh, s.begin);
    if (was == now) continue;
    c.not_compared.push_back(fmt::format("{} not compared: it differs in what measured it (document: {}; here: {})",
                                         s.what, was.empty() ? "none" : was, now.empty() ? s.absent : now));
    a = without_section(a, s.begin, s.end);
    b = without_section(b, s.begin, s.end);
  }
  c.fresh = a == b;
  return c;
}

std::string section_source(const std::string& doc, std::string_view begin) {
  const auto at = doc.find(begin);
  if (at == std::string::npos) return "";
  const auto from = at + begin.size();
  const auto end = doc.find(" -->", from);
  return end == std::string::npos ? "" : doc.substr(from, end - from);
}

std::string without_section(const std::string& doc, std::string_view begin, std::string_view end) {
  const auto from = doc.find(begin);
  if (from == std::string::npos) return doc;
  const auto to = doc.find(end, from);
  if (to == std::string::npos) return doc.substr(0, from);
  return doc.substr(0, from) + doc.substr(to + end.size() + 1);
}

}  // namespace sigheap
