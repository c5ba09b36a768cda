#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "reports/render.h"
#include "reports/render_v8.h"
#include "reports/text_layout.h"

namespace sigheap::report {

std::optional<Format> format_from_string(std::string_view s) {
  if (s == "table") return Format::kTable;
  if (s == "markdown") return Format::kMarkdown;
  if (s == "json") return Format::kJson;
  return std::nullopt;
}

std::string group_digits(std::int64_t v) {
  const std::uint64_t magnitude =
      v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
  const std::string digits = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string format_number(double v) {
  if (std::nearbyint(v) == v && std::fabs(v) < 9e15) return group_digits(static_cast<std::int64_t>(v));
  std::string s = fmt::format("{:.6f}", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string Table::markdown() const {
  std::string out = "|";
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string h = header[i];
    std::replace(h.begin(), h.end(), '\n', ' ');
    for (const Group& g : groups) {
      if (i >= g.first && i < g.first + g.count) h = g.label + ' ' + h;
    }
    out += ' ' + h + " |";
  }
  out += "\n|";
  for (std::size_t i = 0; i < header.size(); ++i) {
    out += (i < right_aligned.size() && right_aligned[i]) ? "---:|" : "---|";
  }
  out += '\n';
  for (const auto& row : rows) {
    out += '|';
    for (std::size_t i = 0; i < header.size(); ++i) out += ' ' + (i < row.size() ? row[i] : "") + " |";
    out += '\n';
  }
  return out;
}

std::string object_cost_cell(const ObjectCost& c) {
  if (c.allocs) return fmt::format("{} B / {}", format_number(c.bytes), format_number(*c.allocs));
  return fmt::format("{} B", format_number(c.bytes));
}

std::string residual_cell(const PerObject& po) {
  if (po.residual) return format_number(*po.residual);
  return po.engine ? *po.engine : "-";
}


namespace {

std::string heading(const std::string& title, Format f, std::size_t width) {
  return f == Format::kMarkdown ? "### " + title + "\n\n" : wrap(title, width, "  ") + "\n";
}

// Which columns a report's tables showed, so that the footer explains exactly those.
struct Shown {
  bool per_object = false, engine_per_object = false, status = false, scenario = false, engine = false;
  std::string_view time_counter;  // of the time column, when one was shown
};

std::string per_object_section(const Report& r, Format f, std::size_t width, Shown& shown) {
  Table t;
  t.max_width = width;
  t.header = {"impl"};
  for (std::string_view kind : kObjectKinds) t.header.emplace_back(kind);
  t.header.emplace_back("fit\nresidual");
  t.right_aligned.assign(t.header.size(), true);
  t.right_aligned[0] = false;
  for (const auto& [impl, po] : r.per_object) {
    std::vector<std::string> row{impl};
    for (std::string_view kind : kObjectKinds) {
      auto it = po.costs.find(std::string(kind));
      if (it == po.costs.end()) {
        row.emplace_back("-");
        continue;
      }
      row.push_back(object_cost_cell(it->second));
    }
    row.push_back(residual_cell(po));
    t.rows.push_back(std::move(row));
  }
  shown.per_object = true;
  const bool v8 = std::any_of(r.per_object.begin(), r.per_object.end(), [](const auto& p) { return p.second.engine; });
  std::string out = heading("Per object: bytes / allocations (jemalloc size classes, least-squares fit)", f, width) +
                    (f == Format::kMarkdown ? "" : "\n") + t.render(f);
  if (v8) shown.engine_per_object = true;
  return out + engines_side_by_side(r, f, width) + engine_breakdowns(r, f, width);
}

std::string shape_label(const Shape& s) {
  return fmt::format("{}, {}, {}, {}", count_of(s.signals, "signal", "signals"),
                     count_of(s.computeds, "computed", "computeds"), count_of(s.effects, "effect", "effects"),
                     count_of(s.edges, "edge", "edges"));
}

// The numbers of one column, formatted alike (format_column), in row order.
void put_column(Table& t, std::size_t column, const std::vector<std::optional<double>>& values,
                bool never_whole = false) {
  const std::vector<std::string> cells = format_column(values, never_whole);
  for (std::size_t i = 0; i < cells.size(); ++i) t.rows[i][column] = cells[i];
}

std::string scenario_section(const std::string& title, const std::vector<const Result*>& rows, Format f,
                             std::size_t width, Shown& shown) {
  const bool timed = std::any_of(rows.begin(), rows.end(), [](const Result* r) { return r->time && r->engine.empty(); });
  // Status is worth a column only when some result is not ok (their errors follow the table).
  const bool status = std::any_of(rows.begin(), rows.end(), [](const Result* r) { return r->status != Status::kOk; });
  Table t;
  t.max_width = width;
  t.header = {"impl"};
  if (status) t.header.emplace_back("status");
  const std::size_t first_number = t.header.size();
  for (const char* h : {"retained", "peak", "allocs/iter", "cumulative", "growth", "residual"}) t.header.emplace_back(h);
  t.groups = {{"setup", first_number, 2}, {"steady", first_number + 2, 3}, {"teardown", first_number + 5, 1}};
  std::vector<const Result*> model_rows;
  for (const Result* r : rows) {
    if (r->engine.empty()) model_rows.push_back(r);
  }
  const std::string_view counter = time_counter_of(model_rows);
  if (timed) {
    t.header.emplace_back(time_column(counter));
    t.groups.push_back({"time", first_number + 6, 1});
  }
  t.right_aligned.assign(t.header.size(), true);
  t.right_aligned[0] = false;
  if (status) t.right_aligned[1] = false;
  std::string subtitle;
  std::optional<double> checksum;
  bool checksums_agree = true;
  std::vector<std::vector<std::optional<double>>> numbers(t.header.size() - first_number);
  for (const Result* r : rows) {
    if (r->checksum) {
      if (checksum && *checksum != *r->checksum) checksums_agree = false;
      checksum = r->checksum;
    }
    if (!r->engine.empty()) continue;  // engine_scenario_table
    std::vector<std::string> row{r->impl};
    if (status) row.emplace_back(to_string(r->status));
    row.resize(t.header.size());
    const bool measured = r->setup && r->steady && r->teardown;
    auto value = [&](auto get) { return measured ? std::optional<double>(get()) : std::nullopt; };
    numbers[0].push_back(value([&] { return static_cast<double>(r->setup->retained_bytes); }));
    numbers[1].push_back(value([&] { return static_cast<double>(r->setup->peak_bytes); }));
    numbers[2].push_back(value([&] { return r->steady->allocs_per_iteration; }));
    numbers[3].push_back(value([&] { return static_cast<double>(r->steady->cumulative_bytes); }));
    numbers[4].push_back(value([&] { return static_cast<double>(r->steady->retained_growth_bytes); }));
    numbers[5].push_back(value([&] { return static_cast<double>(r->teardown->residual_bytes); }));
    if (timed) numbers[6].push_back(r->time ? std::optional<double>(r->time->median_ns) : std::nullopt);
    if (measured && subtitle.empty() && r->shape) {
      subtitle = fmt::format("{}; {}", count_of(r->steady->iterations, "iteration", "iterations"),
                             shape_label(*r->shape));
    }
    t.rows.push_back(std::move(row));
  }
  // allocs/iter: 50.0004 must not read as 50 (one allocation more every 2,500 iterations).
  for (std::size_t c = 0; c < numbers.size(); ++c) put_column(t, first_number + c, numbers[c], c == 2);
  std::string out = heading(subtitle.empty() ? title : title + " (" + subtitle + ")", f, width);
  if (f == Format::kTable) out += '\n';
  if (!t.rows.empty()) {
    out += t.render(f);
    shown.scenario = true;
    shown.status = shown.status || status;
    if (timed) shown.time_counter = counter;
  }
  if (const std::string engine = engine_scenario_table(rows, f, width); !engine.empty()) {
    shown.engine = true;
    out += engine;
  }
  for (const Result* r : rows) {
    if (!r->error.empty()) out += wrap(fmt::format("  {}: {}", impl_label(r->impl, r->engine), r->error), width, "    ") + "\n";
  }
  if (!checksums_agree) out += "  WARNING: checksums differ between impls\n";
  return out;
}

// A heading's parameters: those that differ from the scenario's defaults or vary between the
// report's results of that scenario (scaling-subscribers' sizes). Without defaults, all of them.
std::string heading_params(const Result& res, const Report& r, const RenderOptions& opt) {
  const auto defaults = opt.default_params.find(res.scenario);
  if (defaults == opt.default_params.end()) return params_label(res.params);
  Params shown;
  for (const auto& [name, value] : res.params) {
    bool differs = true;
    for (const auto& [dname, dvalue] : defaults->second) {
      if (dname == name) differs = dvalue != value;
    }
    for (const Result& other : r.results) {
      if (differs || other.scenario != res.scenario) continue;
      for (const auto& [oname, ovalue] : other.params) differs = differs || (oname == name && ovalue != value);
    }
    if (differs) shown.emplace_back(name, value);
  }
  return params_label(shown);
}

// What every column shown means, in a few lines; the README tells the whole story.
std::string footer(const Shown& s, Format f, std::size_t width) {
  std::vector<std::string> parts;
  if (s.per_object) {
    parts.emplace_back(
        "Per object: signal, computed, edge, effect = bytes / allocations one more object of that kind "
        "adds; graph = what one graph costs before any object; fitted by least squares over "
        "micro-scenarios of several sizes; fit residual = the largest error of those fits (0: exact; "
        "not the teardown residual).");
  }
  if (s.engine_per_object) {
    parts.emplace_back(
        "js: rows: the real libraries in an engine (node: V8), bytes per object from heap snapshots "
        "(exact), broken down into the heap objects one instance consists of.");
  }
  if (s.scenario) {
    parts.emplace_back(
        "Scenarios: setup retained = live bytes after building the graph and evaluating it once; "
        "setup peak = the highest live bytes during setup; steady allocs/iter = allocations per "
        "iteration; steady cumulative = every byte allocated in the steady phase, freed or not "
        "(churn); steady growth = live bytes after the steady phase minus before (negative: the "
        "phase freed memory setup had left live); teardown residual = bytes still live after "
        "destroying the graph (non-zero: a leak).");
  }
  if (s.status) parts.emplace_back("status = ok, or why not (error, crashed, timeout), explained under the table.");
  if (s.time_counter == kCounterInstructions) {
    parts.emplace_back(
        "time instr/iter = median instructions per steady iteration (valgrind's callgrind), counting off.");
  } else if (!s.time_counter.empty()) {
    parts.emplace_back("time ns/iter = median nanoseconds per steady iteration, counting off.");
  }
  if (s.engine) {
    parts.emplace_back(
        "Real libraries: setup retained = heap bytes the graph holds after setup (snapshot difference); "
        "bytes/iter and allocs/iter = what each steady iteration allocates (sampling heap profiler, "
        "every allocation), with the functions that allocate it; residual = bytes still retained after "
        "every effect is disposed and the graph dropped.");
  }
  parts.emplace_back(
      "Bytes are jemalloc size-class bytes. Every column in full: README.md, \"Reading the tables\".");
  std::string out;
  for (const std::string& p : parts) {
    out += f == Format::kMarkdown ? "_" + p + "_\n" : wrap(p, width) + '\n';
    if (f == Format::kMarkdown) out += '\n';
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::vector<const Result*>>> group_by_scenario(const Report& r) {
  std::vector<std::pair<std::string, std::vector<const Result*>>> groups;
  std::map<std::string, std::size_t> index;
  for (const auto& res : r.results) {
    std::string title = res.scenario;
    if (!res.params.empty()) title += " [" + params_label(res.params) + "]";
    auto [it, added] = index.emplace(title, groups.size());
    if (added) groups.emplace_back(title, std::vector<const Result*>{});
    groups[it->second].second.push_back(&res);
  }
  return groups;
}

std::string render_report(const Report& r, Format f, const RenderOptions& opt) {
  const std::size_t width = f == Format::kTable ? opt.width : 0;
  Shown shown;
  std::string out;
  if (!r.per_object.empty()) out += per_object_section(r, f, width, shown) + "\n";
  for (const auto& [key, rows] : group_by_scenario(r)) {
    const std::string params = heading_params(*rows.front(), r, opt);
    const std::string title = params.empty() ? rows.front()->scenario : rows.front()->scenario + " [" + params + "]";
    out += scenario_section(title, rows, f, width, shown) + "\n";
  }
  return out + footer(shown, f, width);
}

std::string render_report(const Report& r, Format f) { return render_report(r, f, RenderOptions{}); }

}  // namespace sigheap::report
