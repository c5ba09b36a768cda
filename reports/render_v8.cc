#include "reports/render_v8.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "reports/text_layout.h"

namespace sigheap::report {

namespace {

constexpr std::size_t kSitesShown = 3;
// A figure the engine cannot measure (no allocation sampler: bun, chromium, deno).
constexpr const char* kNotMeasured = "n/m";

std::string esc(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string bytes(double b) { return format_number(b) + " B"; }

std::string top_sites(const EngineSteady& s) {
  std::string out;
  for (std::size_t i = 0; i < s.sites.size() && i < kSitesShown; ++i) {
    out += fmt::format("{}{} ({}/iter)", i == 0 ? "" : "; ", site_label(s.sites[i]),
                       bytes(s.sites[i].bytes_per_iteration));
  }
  if (s.sites.size() > kSitesShown) out += fmt::format("; {} more", s.sites.size() - kSitesShown);
  return out;
}

std::string ns_cell(const Result& r) {
  return r.time ? format_number(std::round(r.time->median_ns * 10) / 10) : "-";
}

// Libraries (impl) x engines of the per-object entries, engines in the order of kEngineOrder.
struct SideBySide {
  std::vector<std::string> impls;
  std::vector<std::string> engines;
  std::map<std::pair<std::string, std::string>, const PerObject*> entries;  // (impl, engine)
};

constexpr std::string_view kEngineOrder[] = {"node", "chromium", "bun", "deno"};
constexpr std::string_view kLibraryKinds[] = {"signal", "computed", "edge", "effect"};

std::size_t engine_rank(const std::string& e) {
  const auto* it = std::find(std::begin(kEngineOrder), std::end(kEngineOrder), e);
  return static_cast<std::size_t>(it - std::begin(kEngineOrder));
}

SideBySide side_by_side(const Report& r) {
  SideBySide s;
  for (const auto& [key, po] : r.per_object) {
    if (!po.engine || !po.impl) continue;
    s.entries[{*po.impl, *po.engine}] = &po;
    if (std::find(s.impls.begin(), s.impls.end(), *po.impl) == s.impls.end()) s.impls.push_back(*po.impl);
    if (std::find(s.engines.begin(), s.engines.end(), *po.engine) == s.engines.end()) s.engines.push_back(*po.engine);
  }
  std::stable_sort(s.engines.begin(), s.engines.end(),
                   [](const auto& a, const auto& b) { return engine_rank(a) < engine_rank(b); });
  if (s.engines.size() < 2) s.impls.clear();
  return s;
}

std::optional<double> kind_bytes(const SideBySide& s, const std::string& impl, const std::string& engine,
                                 std::string_view kind) {
  auto e = s.entries.find({impl, engine});
  if (e == s.entries.end()) return std::nullopt;
  auto c = e->second->costs.find(std::string(kind));
  if (c == e->second->costs.end()) return std::nullopt;
  return c->second.bytes;
}

// "chromium ÷ node" of one row, when both were measured.
std::string compression_cell(const SideBySide& s, const std::string& impl, std::string_view kind) {
  const auto node = kind_bytes(s, impl, "node", kind);
  const auto chromium = kind_bytes(s, impl, "chromium", kind);
  if (!node || !chromium || *node == 0) return "-";
  return fmt::format("{:.2f}", *chromium / *node);
}

// "88 B"; "~85 B" (rounded) for an inexact entry, whose bytes are a median with a spread.
std::string engine_cell(const SideBySide& s, const std::string& impl, const std::string& engine,
                        std::string_view kind) {
  const auto b = kind_bytes(s, impl, engine, kind);
  if (!b) return "-";
  if (s.entries.at({impl, engine})->inexact) return "~" + bytes(std::round(*b));
  return bytes(*b);
}

bool has_node_and_chromium(const SideBySide& s) {
  return std::find(s.engines.begin(), s.engines.end(), "node") != s.engines.end() &&
         std::find(s.engines.begin(), s.engines.end(), "chromium") != s.engines.end();
}

// A detail line under a table: `bullet` then `line`, wrapped to `width` (0: not wrapped), its
// continuation lines indented past the bullet.
std::string detail_line(std::string_view bullet, const std::string& line, std::size_t width) {
  return std::string(bullet) + wrap(line, width > bullet.size() ? width - bullet.size() : 0, "    ") + "\n";
}

// A section's one-line introduction: italic in Markdown, wrapped to `width` in a table.
std::string intro_line(const std::string& intro, Format f, std::size_t width) {
  return f == Format::kMarkdown ? "\n_" + intro + "_\n\n" : "\n" + wrap(intro, width) + "\n";
}

}  // namespace

std::string engines_side_by_side(const Report& r, Format f, std::size_t width) {
  const SideBySide s = side_by_side(r);
  if (s.impls.empty()) return "";
  const bool ratio = has_node_and_chromium(s);
  Table t;
  t.max_width = width;
  t.header = {"library", "kind"};
  for (const auto& e : s.engines) t.header.push_back(e);
  if (ratio) t.header.emplace_back("chromium\n÷ node");
  t.right_aligned.assign(t.header.size(), true);
  t.right_aligned[0] = t.right_aligned[1] = false;
  for (const auto& impl : s.impls) {
    for (std::string_view kind : kLibraryKinds) {
      std::vector<std::string> row{impl, std::string(kind)};
      for (const auto& e : s.engines) row.push_back(engine_cell(s, impl, e, kind));
      if (ratio) row.push_back(compression_cell(s, impl, kind));
      t.rows.push_back(std::move(row));
    }
  }
  const std::string intro = "Real libraries per engine: bytes per object (heap snapshots, N vs 2N; ~: median):";
  return intro_line(intro, f, width) + t.render(f);
}

std::string engines_side_by_side_html(const Report& r) {
  const SideBySide s = side_by_side(r);
  if (s.impls.empty()) return "";
  const bool ratio = has_node_and_chromium(s);
  std::string out =
      "<p class=\"note\">The real libraries in each engine: bytes per object (heap snapshots, N vs 2N objects), "
      "one column group per engine (~: an inexact engine's median over processes; hover a chromium cell for its ratio "
      "to node).</p>\n<div class=\"wrap\"><table class=\"data\"><thead><tr><th rowspan=\"2\">"
      "library</th>";
  for (const auto& e : s.engines) out += fmt::format("<th colspan=\"4\">{}</th>", esc(e));
  out += "</tr><tr>";
  for (std::size_t g = 0; g < s.engines.size(); ++g) {
    for (std::string_view kind : kLibraryKinds) out += fmt::format("<th>{}</th>", kind);
  }
  out += "</tr></thead>\n";
  for (const auto& impl : s.impls) {
    out += "<tr><td class=\"impl real\">" + esc(impl) + "</td>";
    for (const auto& e : s.engines) {
      for (std::string_view kind : kLibraryKinds) {
        // Chromium's cells tell the pointer-compression ratio on hover (the page has no room for a group).
        const std::string title =
            ratio && e == "chromium" ? fmt::format(" title=\"chromium ÷ node: {}\"", compression_cell(s, impl, kind)) : "";
        out += fmt::format("<td{} style=\"white-space:nowrap\">{}</td>", title, esc(engine_cell(s, impl, e, kind)));
      }
    }
    out += "</tr>\n";
  }
  return out + "</table></div>\n";
}

std::string heap_part_label(const HeapPart& p) {
  if (p.type == "object" && !p.name.empty()) return p.name;
  if (p.name.empty()) return "(" + p.type + ")";
  if (p.name == "heap number" || p.name == "(string)") return p.name;
  return p.name + " (" + p.type + ")";
}

std::string breakdown_label(const std::vector<HeapPart>& parts) {
  if (parts.empty()) return "nothing";
  std::string out;
  for (const HeapPart& p : parts) {
    out += fmt::format("{}{} × {} {}", out.empty() ? "" : " + ", format_number(p.count), heap_part_label(p),
                       bytes(p.bytes));
  }
  return out;
}

std::string site_label(const AllocationSite& s) {
  return fmt::format("{} {}:{}:{}", s.function, s.script, s.line, s.column);
}

std::string engine_breakdowns(const Report& r, Format f, std::size_t width) {
  std::string out;
  for (const auto& [key, po] : r.per_object) {
    if (!po.engine) continue;
    for (std::string_view kind : kObjectKinds) {
      auto it = po.costs.find(std::string(kind));
      if (it == po.costs.end() || !it->second.breakdown) continue;
      const std::string line = fmt::format("{} {} = {}", key, kind, breakdown_label(*it->second.breakdown));
      out += f == Format::kMarkdown ? "- `" + line + "`\n" : detail_line("  ", line, width);
    }
  }
  if (out.empty()) return out;
  const std::string intro =
      "Engine rows (heap snapshots, N vs 2N objects; exact): what one object consists of, per instance:";
  return intro_line(intro, f, width) + out;
}

std::string engine_scenario_table(const std::vector<const Result*>& rows, Format f, std::size_t width) {
  Table t;
  t.max_width = width;
  t.header = {"impl", "status", "setup retained", "churn B/iter", "allocs/iter", "residual after dispose",
              "ns/iter (median)"};
  t.right_aligned = {false, false, true, true, true, true, true};
  std::string details;
  for (const Result* r : rows) {
    if (r->engine.empty()) continue;
    const std::string label = impl_label(r->impl, r->engine);
    if (!r->engine_phases) {
      t.rows.push_back({label, std::string(to_string(r->status)), "-", "-", "-", "-", "-"});
      continue;
    }
    const EnginePhases& e = *r->engine_phases;
    t.rows.push_back({label, std::string(to_string(r->status)), group_digits(e.setup.retained_bytes),
                      e.steady ? format_number(e.steady->bytes_per_iteration) : kNotMeasured,
                      e.steady ? format_number(e.steady->allocs_per_iteration) : kNotMeasured,
                      group_digits(e.teardown.residual_bytes), ns_cell(*r)});
    const std::string bullet = f == Format::kMarkdown ? "- " : "  ";
    const auto detail = [&](const std::string& line) { details += detail_line(bullet, line, width); };
    if (e.steady && !e.steady->sites.empty()) detail(fmt::format("{} churn from: {}", label, top_sites(*e.steady)));
    if (e.teardown.residual_bytes != 0 || !e.teardown.breakdown.empty()) {
      detail(fmt::format("{} after dispose: {}", label, breakdown_label(e.teardown.breakdown)));
    }
  }
  if (t.rows.empty()) return "";
  const std::string intro =
      "JavaScript libraries in their engine (heap snapshots and the sampling heap profiler; exact, gated per "
      "engine):";
  std::string out = intro_line(intro, f, width);
  out += t.render(f);
  if (!details.empty()) out += (f == Format::kMarkdown ? "\n" : "") + details;
  return out;
}

std::string engine_breakdowns_html(const Report& r) {
  std::string rows;
  for (const auto& [key, po] : r.per_object) {
    if (!po.engine) continue;
    for (std::string_view kind : kObjectKinds) {
      auto it = po.costs.find(std::string(kind));
      if (it == po.costs.end() || !it->second.breakdown) continue;
      rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"parts\">{}</td></tr>\n", esc(key), kind,
                          esc(bytes(it->second.bytes)), esc(breakdown_label(*it->second.breakdown)));
    }
  }
  if (rows.empty()) return "";
  return "<p class=\"note\">What one object of a real library consists of in its engine (heap snapshots, N vs 2N "
         "objects; exact, per instance):</p>\n<table><tr><th>impl</th><th>kind</th><th>bytes</th><th>heap "
         "objects</th></tr>\n" +
         rows + "</table>\n";
}

std::string engine_scenario_html(const std::vector<const Result*>& rows) {
  std::string body;
  for (const Result* r : rows) {
    if (r->engine.empty()) continue;
    body += fmt::format("<tr><td>{}</td><td class=\"{}\">{}</td>", esc(impl_label(r->impl, r->engine)),
                        to_string(r->status), to_string(r->status));
    if (!r->engine_phases) {
      body += "<td colspan=\"5\">" + esc(r->error) + "</td></tr>\n";
      continue;
    }
    const EnginePhases& e = *r->engine_phases;
    body += fmt::format(
        "<td title=\"{}\">{}</td><td>{}</td><td>{}</td><td title=\"{}\">{}</td><td class=\"parts\">{}</td></tr>\n",
        esc(breakdown_label(e.setup.breakdown)), group_digits(e.setup.retained_bytes),
        e.steady ? format_number(e.steady->bytes_per_iteration) : kNotMeasured,
        e.steady ? format_number(e.steady->allocs_per_iteration) : kNotMeasured,
        esc(breakdown_label(e.teardown.breakdown)), group_digits(e.teardown.residual_bytes),
        e.steady ? esc(top_sites(*e.steady)) : "not measured: this engine has no allocation sampler");
  }
  if (body.empty()) return "";
  return "<table><tr><th>real library</th><th>status</th><th>setup retained</th><th>churn B/iter</th>"
         "<th>allocs/iter</th><th>residual after dispose</th><th>where the churn comes from</th></tr>\n" +
         body + "</table>\n";
}

}  // namespace sigheap::report
