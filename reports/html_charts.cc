#include "reports/html_charts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "reports/html_common.h"
#include "reports/render.h"
#include "reports/render_v8.h"

namespace sigheap::report::html {

namespace {

constexpr double kCharWidth = 5.6;  // an 11 px system-ui character, on average, with some room

// 1, 2, 2.5 or 5 times a power of ten, at least v.
double nice_ceiling(double v) {
  if (v <= 0) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * p >= v) return m * p;
  }
  return 10 * p;
}

struct PanelRow {
  std::string impl;
  const ObjectCost* cost;
};

// Every part name of the report's breakdowns, in first-seen order: their colours.
std::vector<std::string> part_names(const Report& r) {
  std::vector<std::string> names;
  for (const auto& [impl, po] : r.per_object) {
    for (const auto& [kind, cost] : po.costs) {
      if (!cost.breakdown) continue;
      for (const HeapPart& p : *cost.breakdown) {
        const std::string n = heap_part_label(p);
        if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
      }
    }
  }
  return names;
}

std::string panel(std::string_view kind, const std::vector<PanelRow>& rows, const std::vector<std::string>& parts,
                  std::size_t label_chars) {
  double max_value = 0;
  for (const auto& row : rows) max_value = std::max(max_value, row.cost->bytes);
  const double top = nice_ceiling(max_value);
  const int label_w = static_cast<int>(static_cast<double>(label_chars) * kCharWidth) + 8;
  const int plot_x = label_w + 4, plot_w = 140, row_h = 18, head = 22;
  const int width = plot_x + plot_w + 52;
  const int plot_h = static_cast<int>(rows.size()) * row_h;
  const int height = head + plot_h + 34;
  std::string svg = fmt::format(
      "<svg class=\"panel\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"bytes per "
      "{2}\">\n<text x=\"0\" y=\"14\" class=\"title\">{2}</text>\n",
      width, height, kind);
  auto x_of = [&](double v) { return plot_x + v / top * plot_w; };
  for (int t = 0; t <= 4; ++t) {  // the value axis: gridlines and ticks at quarters of a round maximum
    const double v = top * t / 4;
    const double x = x_of(v);
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" class=\"{3}\"/>", x, head, head + plot_h + 4,
                       t == 0 ? "axis" : "grid");
    if (t % 2 == 0) {
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"tick\">{}</text>\n", x, head + plot_h + 17,
                         format_number(v));
    }
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"unit\">bytes per {}</text>\n", plot_x + plot_w, head + plot_h + 31,
                     kind == "graph" ? "graph" : "object");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& [impl, cost] = rows[i];
    const int y = head + static_cast<int>(i) * row_h;
    const bool real = is_real_library(impl);
    svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"name{}\">{}</text>", label_w, y + 13, real ? " real" : "",
                       esc(impl));
    if (cost->breakdown && !cost->breakdown->empty()) {
      double x = plot_x;
      for (const HeapPart& p : *cost->breakdown) {
        const std::string name = heap_part_label(p);
        const auto k = static_cast<std::size_t>(std::find(parts.begin(), parts.end(), name) - parts.begin());
        const double w = p.bytes / top * plot_w;
        svg += fmt::format(
            "<rect class=\"part\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"13\" fill=\"{}\"><title>{} {}: "
            "{} × {} = {} B</title></rect>",
            x, y + 3, w, part_colour(k), esc(impl), kind, format_number(p.count), esc(name), format_number(p.bytes));
        x += w;
      }
    } else {
      const std::string title = cost->allocs ? fmt::format("{} B, {} allocations", format_number(cost->bytes),
                                                           format_number(*cost->allocs))
                                             : fmt::format("{} B", format_number(cost->bytes));
      svg += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"13\" fill=\"{}\"><title>{} "
                         "{}: {}</title></rect>",
                         plot_x, y + 3, cost->bytes / top * plot_w, real ? "url(#hatch)" : kModelColour, esc(impl),
                         kind, esc(title));
    }
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"val\">{} B</text>\n", x_of(cost->bytes) + 4, y + 13,
                       format_number(std::round(cost->bytes * 10) / 10));
  }
  return svg + "</svg>\n";
}

}  // namespace

std::string svg_defs() {
  return fmt::format(
      "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>"
      "<pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{}\"/><rect width=\"2\" height=\"6\" "
      "fill=\"#fff\" opacity=\".55\"/></pattern></defs></svg>\n",
      kLibraryColour);
}

std::string per_object_panels(const Report& r, const std::vector<std::string>& impls) {
  const std::vector<std::string> parts = part_names(r);
  std::size_t label_chars = 8;
  for (const auto& impl : impls) {
    if (r.per_object.count(impl)) label_chars = std::max(label_chars, impl.size());
  }
  std::string out = "<div class=\"panels\">\n";
  for (std::string_view kind : kObjectKinds) {
    std::vector<PanelRow> rows;
    for (const auto& impl : impls) {
      auto po = r.per_object.find(impl);
      if (po == r.per_object.end()) continue;
      auto cost = po->second.costs.find(std::string(kind));
      if (cost != po->second.costs.end()) rows.push_back({impl, &cost->second});
    }
    if (rows.empty()) continue;
    out += fmt::format("<figure class=\"{}\">", kind == "graph" ? "apart" : "");
    out += panel(kind, rows, parts, label_chars);
    if (kind == "graph") {
      out += "<figcaption>What one graph costs before any object (shared helpers, registries).</figcaption>";
    }
    out += "</figure>\n";
  }
  out += "</div>\n<p class=\"key\"><span><i style=\"background:" + std::string(kModelColour) +
         "\"></i>C++ model (counting allocator)</span>";
  out += "<span><i class=\"hatched\"></i>real library in V8, no breakdown</span>";
  for (std::size_t k = 0; k < parts.size(); ++k) {
    out += fmt::format("<span><i style=\"background:{}\"></i>{}</span>", part_colour(k), esc(parts[k]));
  }
  return out + "</p>\n";
}

std::string retained_cumulative_bar(double retained, double cumulative, double max) {
  auto w = [&](double v) {
    if (v <= 0 || max <= 1) return 0.0;
    return std::max(1.0, std::log10(std::max(1.0, v)) / std::log10(max) * 96);
  };
  return fmt::format(
      "<svg class=\"mini\" width=\"100\" height=\"16\" aria-hidden=\"true\"><rect x=\"1\" y=\"2\" width=\"{:.1f}\" "
      "height=\"12\" class=\"cum\"/><rect x=\"1\" y=\"5\" width=\"{:.1f}\" height=\"6\" class=\"ret\"/></svg>",
      w(cumulative), w(retained));
}

std::string timeline_chart(const std::vector<const Result*>& rows) {
  // Impls whose timelines are the same share one line (labelled by the first, listed in the legend).
  struct Line {
    const std::vector<TimelinePoint>* points;
    std::vector<std::string> impls;
  };
  std::vector<Line> lines;
  std::vector<std::string> flat;
  double lo = 0, hi = 0;
  std::uint64_t max_x = 1;
  for (const Result* r : rows) {
    if (!r->steady || r->steady->timeline.empty()) continue;
    const auto& tl = r->steady->timeline;
    if (std::all_of(tl.begin(), tl.end(), [](const TimelinePoint& p) { return p.live_bytes == 0; })) {
      flat.push_back(r->impl);
      continue;
    }
    auto same = std::find_if(lines.begin(), lines.end(), [&](const Line& l) { return *l.points == tl; });
    if (same != lines.end()) {
      same->impls.push_back(r->impl);
      continue;
    }
    lines.push_back({&tl, {r->impl}});
    for (const auto& p : tl) {
      lo = std::min(lo, static_cast<double>(p.live_bytes));
      hi = std::max(hi, static_cast<double>(p.live_bytes));
      max_x = std::max(max_x, p.iteration);
    }
  }
  if (lines.empty()) return "";
  if (hi == lo) hi = lo + 1;
  static constexpr const char* kLines[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"};
  static constexpr const char* kDashes[] = {"", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4"};
  auto label_of = [](const Line& l) {
    return l.impls.size() == 1 ? l.impls[0] : fmt::format("{} +{}", l.impls[0], l.impls.size() - 1);
  };
  std::size_t label_chars = 0;
  for (const Line& l : lines) label_chars = std::max(label_chars, label_of(l).size());
  const int left = 78, top = 10, plot_w = 400, plot_h = 150;
  const int width = left + plot_w + 12 + static_cast<int>(static_cast<double>(label_chars) * kCharWidth);
  auto px = [&](double x) { return left + x / static_cast<double>(max_x) * plot_w; };
  auto py = [&](double y) { return top + plot_h - (y - lo) / (hi - lo) * plot_h; };
  // Direct labels at the lines' ends, moved apart where they would overlap.
  std::vector<std::pair<double, std::size_t>> ends;
  for (std::size_t i = 0; i < lines.size(); ++i) ends.emplace_back(py(static_cast<double>(lines[i].points->back().live_bytes)) + 4, i);
  std::sort(ends.begin(), ends.end());
  for (std::size_t k = 1; k < ends.size(); ++k) ends[k].first = std::max(ends[k].first, ends[k - 1].first + 13);
  std::vector<double> label_y(lines.size());
  double lowest = top + plot_h;
  for (const auto& [y, i] : ends) {
    label_y[i] = y;
    lowest = std::max(lowest, y);
  }
  const int height = static_cast<int>(lowest) + 26;
  std::string svg = fmt::format(
      "<svg class=\"timeline\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"live "
      "bytes over the steady phase\">\n",
      width, height);
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"frame\"/>\n", left, top, plot_w, plot_h);
  for (double v : {hi, lo}) {
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" class=\"tick end\">{} B</text>\n", left - 4, py(v) + 4,
                       format_number(v));
  }
  if (lo < 0 && hi > 0 && py(0) - py(hi) > 14 && py(lo) - py(0) > 14) {
    svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/>"
                       "<text x=\"{}\" y=\"{:.1f}\" class=\"tick end\">0 B</text>\n",
                       left, left + plot_w, py(0), py(0), left - 4, py(0) + 4);
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"tick\">0</text><text x=\"{}\" y=\"{}\" class=\"tick end\">{} "
                     "iterations</text>\n",
                     left, top + plot_h + 16, left + plot_w, top + plot_h + 16, group_digits(static_cast<std::int64_t>(max_x)));
  std::string legend = "<p class=\"key\">";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    const char* c = kLines[i % std::size(kLines)];
    const char* dash = kDashes[i % std::size(kDashes)];
    std::string points = fmt::format("{:.1f},{:.1f}", px(0), py(0));
    for (const auto& p : *l.points) {
      points += fmt::format(" {:.1f},{:.1f}", px(static_cast<double>(p.iteration)), py(static_cast<double>(p.live_bytes)));
    }
    std::string names;
    for (const auto& n : l.impls) names += (names.empty() ? "" : ", ") + n;
    svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"{}\">"
                       "<title>{}</title></polyline>\n",
                       points, c, dash, esc(names));
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" class=\"lab\">{}</text>\n", left + plot_w + 6, label_y[i],
                       esc(label_of(l)));
    legend += fmt::format("<span><svg width=\"28\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" x2=\"28\" "
                          "y2=\"5\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"{}\"/></svg> {}</span>",
                          c, dash, esc(names));
  }
  if (!flat.empty()) {
    std::string names;
    for (const auto& f : flat) names += (names.empty() ? "" : ", ") + esc(f);
    legend += "<span class=\"flat\">flat at 0 B: " + names + "</span>";
  }
  return "<p class=\"note\">Live bytes above the steady phase's start, over its iterations (impls with the same "
         "timeline share a line):</p>\n" + svg + "</svg>\n" + legend + "</p>\n";
}

}  // namespace sigheap::report::html
