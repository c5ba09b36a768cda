#include "reports/html_heatmap.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "reports/html_common.h"
#include "reports/render.h"

namespace sigheap::report::html {

namespace {

// The report's scenario columns and, per (impl label, column), its result.
struct Index {
  std::vector<HeatGrid::Column> columns;
  std::map<std::pair<std::string, std::size_t>, const Result*> at;
};

Index index_of(const Report& r) {
  Index ix;
  for (const auto& [title, rows] : group_by_scenario(r)) {
    const std::size_t c = ix.columns.size();
    ix.columns.push_back({short_title(r, *rows.front()), title, anchor(title)});
    for (const Result* res : rows) ix.at[{impl_label(res->impl, res->engine), c}] = res;
  }
  return ix;
}

HeatCell missing(const Result* res) {
  HeatCell c;
  c.text = "–";
  c.title = res ? fmt::format("{}: {}", to_string(res->status), res->error) : "not run";
  return c;
}

}  // namespace

HeatGrid value_grid(const Report& r, const std::vector<std::string>& impls, Getter get, const std::string& what) {
  const Index ix = index_of(r);
  HeatGrid g{impls, ix.columns, {}};
  g.cells.assign(impls.size(), std::vector<HeatCell>(ix.columns.size()));
  for (std::size_t c = 0; c < ix.columns.size(); ++c) {
    double lo = 0, hi = 0;  // positive extremes of the column
    for (const auto& impl : impls) {
      auto it = ix.at.find({impl, c});
      if (it == ix.at.end() || it->second->status != Status::kOk) continue;
      if (auto v = get(*it->second); v && *v > 0) {
        lo = lo == 0 ? *v : std::min(lo, *v);
        hi = std::max(hi, *v);
      }
    }
    for (std::size_t i = 0; i < impls.size(); ++i) {
      auto it = ix.at.find({impls[i], c});
      const Result* res = it == ix.at.end() ? nullptr : it->second;
      const auto v = res && res->status == Status::kOk ? get(*res) : std::nullopt;
      if (!v) {
        g.cells[i][c] = missing(res);
        continue;
      }
      double t = 0;
      if (*v > 0 && hi > lo) t = 0.08 + 0.92 * std::log(*v / lo) / std::log(hi / lo);
      if (*v > 0 && hi == lo) t = 0.5;
      HeatCell& cell = g.cells[i][c];
      cell.background = *v == 0 ? "#fafafa" : sequential(t);  // none at all: apart from the scale
      cell.colour = *v == 0 ? "#555" : text_on_sequential(t);
      cell.text = short_bytes(*v);
      cell.title = fmt::format("{} · {}: {}{}", impls[i], ix.columns[c].title, format_number(std::round(*v * 10) / 10),
                               what);
    }
  }
  return g;
}

HeatGrid change_grid(const Report& old_r, const Report& new_r, const std::vector<std::string>& impls, Getter get,
                     const std::string& what) {
  const Index now = index_of(new_r);
  std::map<std::string, const Result*> before;
  for (const auto& res : old_r.results) before[result_key(res)] = &res;
  HeatGrid g{impls, now.columns, {}};
  g.cells.assign(impls.size(), std::vector<HeatCell>(now.columns.size()));
  for (std::size_t c = 0; c < now.columns.size(); ++c) {
    for (std::size_t i = 0; i < impls.size(); ++i) {
      auto it = now.at.find({impls[i], c});
      if (it == now.at.end()) {
        g.cells[i][c] = missing(nullptr);
        continue;
      }
      const Result& res = *it->second;
      auto o = before.find(result_key(res));
      const auto b = get(res);
      const auto a = o == before.end() ? std::nullopt : get(*o->second);
      HeatCell& cell = g.cells[i][c];
      if (!a || !b) {
        cell = missing(o == before.end() ? nullptr : &res);
        if (o == before.end()) cell.title = "only in the new report";
        continue;
      }
      const double rel = *a == 0 ? (*b == 0 ? 0 : 1) : (*b - *a) / std::fabs(*a);
      cell.background = diverging(rel / 0.2);
      cell.colour = std::fabs(rel) > 0.14 ? "#fff" : "#111";
      cell.text = *a == *b ? "=" : fmt::format(fmt::runtime(std::fabs(rel) < 0.1 ? "{}{:.2g}%" : "{}{:.0f}%"), rel > 0 ? "▲+" : "▼", rel * 100);
      if (*a == 0 && *b != 0) cell.text = "▲new";
      cell.title = fmt::format("{} · {}: {} {} → {} ({})", impls[i], now.columns[c].title, format_number(*a), what,
                               format_number(*b), *a == *b ? "unchanged" : fmt::format("{:+.1f}%", rel * 100));
    }
  }
  return g;
}

std::string heatmap_table(const HeatGrid& g, const std::string& caption) {
  std::string out = fmt::format("<div class=\"hm-wrap\"><table class=\"hm{}\"><caption>{}</caption><thead><tr><th></th>",
                                g.columns.size() > 10 ? " many" : "", esc(caption));
  for (const auto& col : g.columns) {
    out += fmt::format("<th class=\"col\" scope=\"col\"><a href=\"#{}\" title=\"{}\"><span>{}</span></a></th>",
                       col.anchor, esc(col.full), esc(col.title));
  }
  out += "</tr></thead><tbody>\n";
  std::string family_before;
  for (std::size_t i = 0; i < g.rows.size(); ++i) {
    const std::string fam = family(g.rows[i]);
    const bool first = i > 0 && fam != family_before;
    family_before = fam;
    out += fmt::format("<tr{}><th class=\"impl {}\" scope=\"row\">{}</th>", first ? " class=\"family\"" : "",
                       is_real_library(g.rows[i]) ? "real" : "model", breakable(g.rows[i]));
    for (std::size_t c = 0; c < g.columns.size(); ++c) {
      const HeatCell& cell = g.cells[i][c];
      const std::string style =
          cell.background.empty() ? "" : fmt::format(" style=\"background:{};color:{}\"", cell.background, cell.colour);
      out += fmt::format("<td{}{}><a href=\"#{}\" title=\"{}\"><span>{}</span></a></td>",
                         cell.background.empty() ? " class=\"none\"" : "", style, g.columns[c].anchor,
                         esc(cell.title), esc(cell.text));
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

std::string heatmap_switch(const std::string& id, const std::string& first_label, const std::string& first,
                           const std::string& second_label, const std::string& second) {
  return fmt::format(
      "<div class=\"switch\"><input type=\"radio\" name=\"{0}\" id=\"{0}-a\" checked><label for=\"{0}-a\">{1}</label>"
      "<input type=\"radio\" name=\"{0}\" id=\"{0}-b\"><label for=\"{0}-b\">{2}</label>\n"
      "<div class=\"pane-a\">{3}</div><div class=\"pane-b\">{4}</div></div>\n",
      id, esc(first_label), esc(second_label), first, second);
}

std::string sequential_legend() {
  std::string stops;
  for (int i = 0; i <= 10; ++i) stops += fmt::format(",{} {}%", sequential(i / 10.0), i * 10);
  return fmt::format(
      "<p class=\"scale\"><span>smallest in its scenario</span><i style=\"background:linear-gradient(to right{})\">"
      "</i><span>largest (log scale, per column)</span> <i class=\"zero-swatch\"></i><span>0: none</span> "
      "<i class=\"none-swatch\"></i><span>not measured "
      "(hover for why)</span></p>\n",
      stops);
}

std::string diverging_legend() {
  std::string stops;
  for (int i = 0; i <= 10; ++i) stops += fmt::format(",{} {}%", diverging(-1 + i / 5.0), i * 10);
  return fmt::format(
      "<p class=\"scale\"><span>▼ −20% or better</span><i style=\"background:linear-gradient(to right{})\"></i>"
      "<span>▲ +20% or worse</span> <i class=\"none-swatch\"></i><span>not in both reports</span></p>\n",
      stops);
}

}  // namespace sigheap::report::html
