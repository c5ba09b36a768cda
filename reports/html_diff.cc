#include "reports/html_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "reports/diff.h"
#include "reports/html_common.h"
#include "reports/html_heatmap.h"
#include "reports/metrics.h"
#include "reports/render.h"
#include "reports/render_html.h"

namespace sigheap::report {

using namespace html;

namespace {

struct Change {
  std::string impl, scenario, metric;  // scenario: the section title; empty for a per-object figure
  double old_value = 0, new_value = 0;
  std::string old_status, new_status;  // set when the status changed
  std::string name;                    // the scenario's short_title
  bool worse() const { return !new_status.empty() ? old_status == "ok" : new_value > old_value; }
  // For ordering: a status regression first, then the largest relative change.
  double weight() const {
    if (!new_status.empty()) return 1e300;
    if (old_value == 0) return 1e200;
    return std::fabs(new_value - old_value) / std::fabs(old_value);
  }
};

std::vector<Change> changes(const Report& old_r, const Report& new_r) {
  std::map<std::string, const Result*> before;
  for (const auto& res : old_r.results) before[result_key(res)] = &res;
  std::vector<Change> out;
  for (const auto& [title, rows] : group_by_scenario(new_r)) {
    for (const Result* res : rows) {
      auto it = before.find(result_key(*res));
      if (it == before.end()) continue;
      const Result& o = *it->second;
      const std::string impl = impl_label(res->impl, res->engine);
      const std::string name = short_title(new_r, *res);
      if (o.status != res->status) {
        out.push_back({impl, title, "status", 0, 0, std::string(to_string(o.status)), std::string(to_string(res->status)), name});
        continue;
      }
      for (const Metric& m : result_metrics()) {
        const auto a = m.get(o);
        const auto b = m.get(*res);
        if (a && b && *a != *b) out.push_back({impl, title, std::string(m.name), *a, *b, {}, {}, name});
      }
    }
  }
  for (const auto& [impl, po] : new_r.per_object) {
    auto it = old_r.per_object.find(impl);
    if (it == old_r.per_object.end()) continue;
    const auto a = per_object_metrics(it->second);
    const auto b = per_object_metrics(po);
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
      if (a[i].first == b[i].first && a[i].second != b[i].second) {
        out.push_back({impl, "", b[i].first, a[i].second, b[i].second, {}, {}, {}});
      }
    }
  }
  return out;
}

std::string change_label(const Change& c) {
  if (!c.new_status.empty()) return c.old_status + " → " + c.new_status;
  const double d = c.new_value - c.old_value;
  const double pct = c.old_value == 0 ? 0 : d / std::fabs(c.old_value) * 100;
  const std::string rel = c.old_value == 0 ? "new" : fmt::format(fmt::runtime(std::fabs(pct) < 10 ? "{:+.2g}%" : "{:+.0f}%"), pct);
  return fmt::format("{}{} ({})", d > 0 ? "▲ +" : "▼ ", format_number(std::round(d * 100) / 100), rel);
}

std::string change_table(const std::vector<Change>& rows, const std::string& id, bool with_scenario) {
  std::string out = fmt::format("<div class=\"wrap\"><table class=\"data changes\" id=\"{}\"><thead><tr><th>impl</th>{}"
                                "<th>metric</th><th class=\"num\">old</th><th class=\"num\">new</th><th class=\"num\">change</th></tr>"
                                "</thead>\n",
                                id, with_scenario ? "<th>scenario</th>" : "");
  for (const Change& c : rows) {
    const bool status = !c.new_status.empty();
    std::string scenario;
    if (with_scenario) {
      scenario = c.scenario.empty() ? "<td class=\"what\"><a href=\"#per-object\">per object</a></td>"
                                    : fmt::format("<td class=\"what\"><a href=\"#{}\">{}</a></td>", anchor(c.scenario),
                                                  esc(c.name));
    }
    out += fmt::format("<tr class=\"{}\"><td class=\"impl\">{}</td>{}<td class=\"what\">{}</td><td>{}</td><td>{}</td>"
                       "<td class=\"{}\">{}</td></tr>\n",
                       c.worse() ? "worse" : "better", esc(c.impl), scenario, esc(c.metric),
                       status ? c.old_status : format_number(c.old_value), status ? c.new_status : format_number(c.new_value),
                       c.worse() ? "worse" : "better", esc(change_label(c)));
  }
  return out + "</table></div>\n";
}

}  // namespace

std::string render_html_diff(const Report& old_r, const Report& new_r, const std::string& old_name,
                             const std::string& new_name) {
  std::vector<Change> all = changes(old_r, new_r);
  std::vector<Change> worse, better;
  for (const Change& c : all) (c.worse() ? worse : better).push_back(c);
  auto by_weight = [](const Change& a, const Change& b) { return a.weight() > b.weight(); };
  std::stable_sort(worse.begin(), worse.end(), by_weight);
  std::stable_sort(better.begin(), better.end(), by_weight);
  const Diff d = compute_diff(old_r, new_r);

  std::string out = html_head("sigheap diff: " + new_name);
  out += fmt::format("<h1>sigheap diff</h1>\n<p class=\"lede\">{} → {}: <b class=\"{}\">{} {}</b>, {} {}, {} added, {} "
                     "removed. Lower is better for every metric.</p>\n",
                     esc(old_name), esc(new_name), worse.empty() ? "ok-line" : "warn", worse.size(),
                     worse.size() == 1 ? "regression" : "regressions", better.size(),
                     better.size() == 1 ? "improvement" : "improvements", d.added.size(), d.removed.size());
  out += "<nav class=\"top\"><a href=\"#regressions\">Regressions</a><a href=\"#improvements\">Improvements</a>"
         "<a href=\"#overview\">Overview</a><a href=\"#scenarios\">By scenario</a></nav>\n";
  out += "<h2 id=\"regressions\">Regressions</h2>\n";
  out += worse.empty() ? "<p class=\"ok-line\">✓ None.</p>\n" : change_table(worse, "worse", true);
  out += "<h2 id=\"improvements\">Improvements</h2>\n";
  out += better.empty() ? "<p>None.</p>\n" : change_table(better, "better", true);
  if (!d.added.empty() || !d.removed.empty()) {
    out += "<h2>Added and removed</h2>\n<ul class=\"sites\">";
    for (const auto& k : d.added) out += "<li>added: " + esc(k) + "</li>";
    for (const auto& k : d.removed) out += "<li>removed: " + esc(k) + "</li>";
    out += "</ul>\n";
  }

  const auto impls = ordered_impls(new_r);
  out += "<h2 id=\"overview\">Overview: change per impl and scenario</h2>\n";
  out += heatmap_switch("overview", "setup retained",
                        heatmap_table(change_grid(old_r, new_r, impls, setup_retained, "B"), "Setup retained bytes"),
                        "churn per iteration",
                        heatmap_table(change_grid(old_r, new_r, impls, churn_per_iteration, "B/iter"),
                                      "Bytes allocated per steady iteration"));
  out += diverging_legend();

  out += "<h2 id=\"scenarios\">By scenario</h2>\n";
  if (std::any_of(all.begin(), all.end(), [](const Change& c) { return c.scenario.empty(); })) {
    std::vector<Change> po;
    for (const Change& c : all) {
      if (c.scenario.empty()) po.push_back(c);
    }
    out += "<section id=\"per-object\"><h3>Per object</h3>\n" + change_table(po, "per-object-changes", false) +
           "</section>\n";
  }
  std::string unchanged;
  for (const auto& [title, rows] : group_by_scenario(new_r)) {
    std::vector<Change> here;
    for (const Change& c : all) {
      if (c.scenario == title) here.push_back(c);
    }
    const std::string name = short_title(new_r, *rows.front());
    if (here.empty()) {  // one line for all of them, each still an anchor the heatmap links to
      unchanged += fmt::format("{}<span id=\"{}\">{}</span>", unchanged.empty() ? "" : ", ", anchor(title), esc(name));
      continue;
    }
    out += fmt::format("<section class=\"scenario\" id=\"{}\"><h3>{}</h3>\n", anchor(title), esc(name));
    out += change_table(here, anchor(title) + "-changes", false) + "</section>\n";
  }
  if (!unchanged.empty()) out += "<p class=\"note\">No change in: " + unchanged + ".</p>\n";
  return out + "</body></html>\n";
}

}  // namespace sigheap::report
