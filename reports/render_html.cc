#include "reports/render_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "reports/render.h"
#include "reports/render_v8.h"

namespace sigheap::report {

namespace {

constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                                    "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f3b5c", "#8c4a00",
                                    "#2c6b2a", "#7a1f2b", "#3d8c86", "#6b5a00"};

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

// Impl names in first-seen order, each with a colour.
std::vector<std::string> impl_order(const Report& r) {
  std::vector<std::string> out;
  for (const auto& res : r.results) {
    const std::string label = impl_label(res.impl, res.engine);  // as the per-object entries are keyed
    if (std::find(out.begin(), out.end(), label) == out.end()) out.push_back(label);
  }
  for (const auto& [impl, po] : r.per_object) {
    if (std::find(out.begin(), out.end(), impl) == out.end()) out.push_back(impl);
  }
  return out;
}

std::string colour(const std::vector<std::string>& impls, const std::string& impl) {
  const auto i = static_cast<std::size_t>(std::find(impls.begin(), impls.end(), impl) - impls.begin());
  return kPalette[i % std::size(kPalette)];
}

std::string legend(const std::vector<std::string>& impls) {
  std::string out = "<p class=\"legend\">";
  for (const auto& impl : impls) {
    out += fmt::format("<span><i style=\"background:{}\"></i>{}</span>", colour(impls, impl), esc(impl));
  }
  return out + "</p>\n";
}

// Grouped vertical bars: one group per object kind, one bar per impl.
std::string per_object_chart(const Report& r, const std::vector<std::string>& impls) {
  double max_value = 1;
  for (const auto& [impl, po] : r.per_object) {
    for (const auto& [kind, cost] : po.costs) max_value = std::max(max_value, cost.bytes);
  }
  const int group_width = static_cast<int>(impls.size()) * 28 + 30;
  const int width = 60 + group_width * static_cast<int>(std::size(kObjectKinds));
  const int height = 260;
  const int base = 220;
  std::string svg = fmt::format(
      "<svg class=\"chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" "
      "aria-label=\"bytes per object\">\n",
      width, height, width, height);
  svg += fmt::format("<line x1=\"50\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#888\"/>\n", base, width - 10, base);
  for (std::size_t k = 0; k < std::size(kObjectKinds); ++k) {
    const int x0 = 60 + static_cast<int>(k) * group_width;
    for (std::size_t i = 0; i < impls.size(); ++i) {
      auto po = r.per_object.find(impls[i]);
      if (po == r.per_object.end()) continue;
      auto cost = po->second.costs.find(std::string(kObjectKinds[k]));
      if (cost == po->second.costs.end()) continue;
      const double v = cost->second.bytes;
      const int h = static_cast<int>(std::round(v / max_value * 180));
      const int x = x0 + static_cast<int>(i) * 28;
      svg += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"24\" height=\"{}\" fill=\"{}\"><title>{} {}: {}</title></rect>\n",
          x, base - h, h, colour(impls, impls[i]), esc(impls[i]), kObjectKinds[k],
          esc(cost->second.allocs ? fmt::format("{} B, {} allocations", format_number(v), format_number(*cost->second.allocs))
                                  : breakdown_label(cost->second.breakdown.value_or(std::vector<HeapPart>{}))));
      svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"val\">{}</text>\n", x + 12, base - h - 4, format_number(v));
    }
    svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\">{}</text>\n",
                       x0 + static_cast<int>(impls.size()) * 14, base + 18, kObjectKinds[k]);
  }
  return svg + "</svg>\n";
}

// Horizontal bars on a log scale: setup retained vs steady cumulative vs retained growth.
std::string retained_vs_cumulative(const std::vector<const Result*>& rows, const std::vector<std::string>& impls) {
  struct Bar {
    std::string label;
    double value;
    std::string colour;
    bool hollow;
  };
  std::vector<Bar> bars;
  for (const Result* r : rows) {
    if (!r->setup || !r->steady) continue;
    const std::string c = colour(impls, r->impl);
    bars.push_back({r->impl + " setup retained", static_cast<double>(r->setup->retained_bytes), c, false});
    bars.push_back({r->impl + " steady cumulative", static_cast<double>(r->steady->cumulative_bytes), c, true});
    bars.push_back({r->impl + " steady retained growth", static_cast<double>(r->steady->retained_growth_bytes), c, false});
  }
  double max_log = 1;
  std::size_t longest = 0;
  for (const auto& b : bars) {
    max_log = std::max(max_log, std::log10(std::max(1.0, b.value)));
    longest = std::max(longest, b.label.size());
  }
  const int label_right = std::max(250, static_cast<int>(longest) * 7 + 10);  // ~7 px per 11 px character
  const int width = label_right + 510;
  const int height = static_cast<int>(bars.size()) * 18 + 10;
  std::string svg = fmt::format("<svg class=\"chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" "
                                "aria-label=\"retained vs cumulative bytes\">\n",
                                width, height, width, height);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    const int y = 5 + static_cast<int>(i) * 18;
    const int w = b.value <= 0 ? 0 : static_cast<int>(std::round(std::log10(std::max(1.0, b.value)) / max_log * 300)) + 2;
    svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"lbl\">{}</text>\n", label_right, y + 12, esc(b.label));
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"13\" fill=\"{}\" stroke=\"{}\"/>\n",
                       label_right + 6, y, w, b.hollow ? "none" : b.colour, b.colour);
    svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"num\">{} B</text>\n", label_right + 12 + w, y + 11,
                       group_digits(static_cast<std::int64_t>(b.value)));
  }
  return svg + "</svg>\n";
}

// Live bytes above the steady phase's start over the iterations, one line per impl.
std::string timeline_chart(const std::vector<const Result*>& rows, const std::vector<std::string>& impls) {
  double max_y = 1;
  double min_y = 0;
  std::uint64_t max_x = 1;
  for (const Result* r : rows) {
    if (!r->steady) continue;
    for (const auto& p : r->steady->timeline) {
      max_y = std::max(max_y, static_cast<double>(p.live_bytes));
      min_y = std::min(min_y, static_cast<double>(p.live_bytes));
      max_x = std::max(max_x, p.iteration);
    }
  }
  const int width = 520, height = 180, left = 70, top = 10, plot_w = 430, plot_h = 140;
  auto px = [&](std::uint64_t x) { return left + static_cast<double>(x) / static_cast<double>(max_x) * plot_w; };
  auto py = [&](double y) { return top + plot_h - (y - min_y) / (max_y - min_y) * plot_h; };
  std::string svg = fmt::format("<svg class=\"chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" "
                                "aria-label=\"steady-state live bytes\">\n",
                                width, height, width, height);
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#ccc\"/>\n", left, top,
                     plot_w, plot_h);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"num\" text-anchor=\"end\">{} B</text>\n", left - 4, top + 10,
                     format_number(max_y));
  svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"num\" text-anchor=\"end\">{} B</text>\n", left - 4,
                     top + plot_h, format_number(min_y));
  svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"num\" text-anchor=\"end\">{} iterations</text>\n",
                     left + plot_w, top + plot_h + 16, group_digits(static_cast<std::int64_t>(max_x)));
  for (const Result* r : rows) {
    if (!r->steady || r->steady->timeline.empty()) continue;
    std::string points = fmt::format("{:.1f},{:.1f}", px(0), py(0));
    for (const auto& p : r->steady->timeline) {
      points += fmt::format(" {:.1f},{:.1f}", px(p.iteration), py(static_cast<double>(p.live_bytes)));
    }
    svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"><title>{}</title></polyline>\n",
                       points, colour(impls, r->impl), esc(r->impl));
  }
  return svg + "</svg>\n";
}

std::string scenario_table(const std::vector<const Result*>& rows) {
  std::string out =
      "<table><tr><th>impl</th><th>status</th><th>setup retained</th><th>setup peak</th><th>allocs/iter</th>"
      "<th>steady cumulative</th><th>retained growth</th><th>teardown residual</th><th>checksum</th></tr>\n";
  for (const Result* r : rows) {
    if (!r->engine.empty()) continue;  // engine_scenario_html
    out += fmt::format("<tr><td>{}</td><td class=\"{}\">{}</td>", esc(r->impl), to_string(r->status),
                       to_string(r->status));
    if (r->setup && r->steady && r->teardown) {
      out += fmt::format("<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                         group_digits(r->setup->retained_bytes), group_digits(r->setup->peak_bytes),
                         format_number(r->steady->allocs_per_iteration),
                         group_digits(static_cast<std::int64_t>(r->steady->cumulative_bytes)),
                         group_digits(r->steady->retained_growth_bytes), group_digits(r->teardown->residual_bytes));
    } else {
      out += "<td colspan=\"6\">" + esc(r->error) + "</td>";
    }
    out += fmt::format("<td>{}</td></tr>\n", r->checksum ? format_number(*r->checksum) : "-");
  }
  return out + "</table>\n";
}

constexpr const char* kStyle = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}.ok{color:#2a7}.error,.crashed,.timeout{color:#c33}
.chart{max-width:100%;height:auto}.chart text{font:11px system-ui,sans-serif}.val{text-anchor:middle}.axis{text-anchor:middle;font-weight:600}
.lbl{text-anchor:end}.legend span{margin-right:14px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
.note{color:#555}.parts{text-align:left;font-size:12px}.skipped{color:#888}.meta td{text-align:left}
)";

}  // namespace

std::string render_html(const Report& r, const std::string& title) {
  const auto impls = impl_order(r);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) +
                    "</title><style>" + kStyle + "</style></head><body>\n";
  out += "<h1>sigheap report: " + esc(title) + "</h1>\n" + legend(impls);
  if (!r.per_object.empty()) {
    out += "<h2>Bytes per object</h2>\n<p class=\"note\">Least-squares fit over micro-scenarios; jemalloc size-class "
           "bytes. Hover a bar for the allocation count.";
    if (std::any_of(r.per_object.begin(), r.per_object.end(), [](const auto& p) { return p.second.engine; })) {
      out += " Rows with an engine in brackets are the real JavaScript libraries, measured exactly from heap "
             "snapshots.";
    }
    out += "</p>\n";
    out += per_object_chart(r, impls);
    out += "<table><tr><th>impl</th>";
    for (std::string_view k : kObjectKinds) out += fmt::format("<th>{}</th>", k);
    out += "<th>residual</th></tr>\n";
    for (const auto& [impl, po] : r.per_object) {
      out += "<tr><td>" + esc(impl) + "</td>";
      for (std::string_view k : kObjectKinds) {
        auto it = po.costs.find(std::string(k));
        out += it == po.costs.end() ? "<td>-</td>" : "<td>" + esc(object_cost_cell(it->second)) + "</td>";
      }
      out += "<td>" + esc(residual_cell(po)) + "</td></tr>\n";
    }
    out += "</table>\n" + engine_breakdowns_html(r);
  }
  out += "<h2>Scenarios</h2>\n<p class=\"note\">Bars (log scale): solid = retained (what stays live), hollow = "
         "steady cumulative (every byte allocated over the steady phase, freed or not). A large hollow bar with a "
         "zero retained growth is churn, not memory use.</p>\n";
  for (const auto& [t, rows] : group_by_scenario(r)) {
    out += "<h3>" + esc(t) + "</h3>\n" + scenario_table(rows) + engine_scenario_html(rows);
    out += retained_vs_cumulative(rows, impls);
    out += "<p class=\"note\">Steady phase: live bytes above its start, sampled over the iterations.</p>\n";
    out += timeline_chart(rows, impls);
  }
  out += "<h2>Meta</h2>\n<table class=\"meta\">\n";
  const std::pair<const char*, std::string> meta[] = {
      {"schema", r.schema},
      {"tool version", r.meta.tool_version},
      {"git commit", r.meta.git_commit},
      {"timestamp (UTC)", r.meta.timestamp_utc},
      {"compiler", r.meta.compiler},
      {"allocator", r.meta.allocator},
      {"cpu count", std::to_string(r.meta.cpu_count)},
      {"command line", r.meta.command_line},
      {"wall time", r.meta.wall_seconds ? fmt::format("{:.2f} s", *r.meta.wall_seconds) : "-"},
      {"config", r.meta.config},
      {"engines", [&] {
         std::string e;
         for (const auto& [name, details] : r.meta.engines) e += (e.empty() ? "" : "; ") + name + ": " + details;
         return e.empty() ? std::string("-") : e;
       }()},
  };
  for (const auto& [k, v] : meta) out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", k, esc(v));
  return out + "</table>\n</body></html>\n";
}

}  // namespace sigheap::report
