#include "reports/render_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "reports/html_charts.h"
#include "reports/html_common.h"
#include "reports/html_heatmap.h"
#include "reports/html_style.h"
#include "reports/render.h"
#include "reports/render_v8.h"
#include "reports/text_layout.h"

namespace sigheap::report {

using namespace html;

namespace {

std::string legend(const std::vector<std::string>& impls) {
  std::string out = "<ul class=\"legend\" id=\"legend\">";
  for (const auto& impl : impls) {
    const bool real = is_real_library(impl);
    out += fmt::format("<li class=\"{}\"><i class=\"{}\"></i>{}</li>", real ? "real" : "model", real ? "hatched" : "model",
                       breakable(impl));
  }
  return out + "</ul>\n";
}

// The real libraries are named only in a report that has some.
bool has_real_library(const std::vector<std::string>& impls) {
  return std::any_of(impls.begin(), impls.end(), [](const std::string& i) { return is_real_library(i); });
}

std::string overview(const Report& r, const std::vector<std::string>& impls) {
  const bool real = has_real_library(impls);
  std::string out = fmt::format(
      "<h2 id=\"overview\">Overview</h2>\n<p class=\"note\">Rows: {}. Columns: scenarios. Each column has its own "
      "colour scale, so a cell compares an impl with the others in the same scenario; hover a cell for its figure, "
      "click it for the scenario.</p>\n",
      real ? "the C++ models and, in orange, the real libraries they model, side by side" : "the C++ models");
  const HeatGrid setup = value_grid(r, impls, setup_retained, " B");
  const HeatGrid churn = value_grid(r, impls, churn_per_iteration, " B/iter");
  out += heatmap_switch("overview", "setup retained", heatmap_table(setup, "Setup retained bytes"),
                        "churn per iteration", heatmap_table(churn, "Bytes allocated per steady iteration (churn)"));
  out += sequential_legend();
  out += "<p class=\"key\"><span><i class=\"model\"></i>C++ model (counting allocator, jemalloc size classes)</span>";
  if (real) out += "<span><i class=\"hatched\"></i>real JavaScript library (V8 heap snapshots)</span>";
  out += "</p>\n";
  return out + legend(impls);
}

std::string per_object(const Report& r, const std::vector<std::string>& impls) {
  const std::string how =
      has_real_library(impls)
          ? "least-squares fit over micro-scenarios (models, jemalloc size-class bytes) or heap snapshots of N and "
            "2N objects (real libraries, stacked by the heap objects one instance consists of)"
          : "least-squares fit over micro-scenarios (jemalloc size-class bytes)";
  std::string out = "<h2 id=\"per-object\">Bytes per object</h2>\n<p class=\"note\">What one more object of each kind "
                    "costs: " + how + ". Each panel has its own scale.</p>\n";
  out += per_object_panels(r, impls);
  out += "<details><summary>The figures as a table</summary><div class=\"wrap\"><table class=\"data\"><thead><tr>"
         "<th>impl</th>";
  for (std::string_view k : kObjectKinds) out += fmt::format("<th>{}</th>", k);
  out += "<th>fit residual</th></tr></thead>\n";
  for (const auto& impl : impls) {
    auto po = r.per_object.find(impl);
    if (po == r.per_object.end()) continue;
    out += "<tr><td class=\"impl\">" + esc(impl) + "</td>";
    for (std::string_view k : kObjectKinds) {
      auto it = po->second.costs.find(std::string(k));
      out += it == po->second.costs.end() ? "<td>-</td>" : "<td>" + esc(object_cost_cell(it->second)) + "</td>";
    }
    out += "<td>" + esc(residual_cell(po->second)) + "</td></tr>\n";
  }
  out += "</table></div>\n" + engine_breakdowns_html(r) + "</details>\n" + engines_side_by_side_html(r);
  return out;
}

std::string number_cell(std::optional<double> v) {
  if (!v) return "<td>–</td>";
  // Whole numbers from 100 up (28,493, not 28492.6); one decimal below.
  const std::string text = std::fabs(*v) >= 100 ? group_digits(static_cast<std::int64_t>(std::llround(*v)))
                                                 : format_number(std::round(*v * 10) / 10);
  return "<td>" + text + "</td>";
}

// One line on the checksums instead of a column: they agree, or which impl differs.
std::string checksum_line(const std::vector<const Result*>& rows) {
  std::map<double, std::vector<std::string>> by_value;
  for (const Result* r : rows) {
    if (r->checksum) by_value[*r->checksum].push_back(impl_label(r->impl, r->engine));
  }
  if (by_value.empty()) return "";
  if (by_value.size() == 1) {
    return fmt::format("<p class=\"ok-line\">✓ All {} checksums agree ({}).</p>\n", by_value.begin()->second.size(),
                       format_number(by_value.begin()->first));
  }
  std::string out = "<p class=\"warn\">⚠ Checksums differ:";
  for (const auto& [value, impls] : by_value) {
    std::string names;
    for (const auto& i : impls) names += (names.empty() ? "" : ", ") + esc(i);
    out += fmt::format(" {} = {};", format_number(value), names);
  }
  return out + "</p>\n";
}

std::string scenario_section(const Report& rep, const std::string& title, const std::vector<const Result*>& rows,
                             const std::vector<std::string>& impls) {
  std::vector<const Result*> ordered;
  for (const auto& impl : impls) {
    for (const Result* r : rows) {
      if (impl_label(r->impl, r->engine) == impl) ordered.push_back(r);
    }
  }
  const bool timed = std::any_of(rows.begin(), rows.end(), [](const Result* r) { return r->time.has_value(); });
  std::string subtitle;
  // A real library's churn over the scenario's iterations (its own K-iteration window is shorter),
  // so that its outline compares with the models'.
  std::uint64_t iterations = 0;
  for (const Result* r : ordered) {
    if (r->steady && iterations == 0) iterations = r->steady->iterations;
  }
  auto engine_cumulative = [&](const EnginePhases& e) {
    if (!e.steady) return 0.0;  // not measured in this engine
    return e.steady->bytes_per_iteration * static_cast<double>(iterations ? iterations : e.steady->iterations);
  };
  double max_bytes = 1;
  for (const Result* r : ordered) {
    if (r->steady) max_bytes = std::max({max_bytes, static_cast<double>(r->steady->cumulative_bytes),
                                         static_cast<double>(r->setup ? r->setup->retained_bytes : 0)});
    if (r->engine_phases) {
      const auto& e = *r->engine_phases;
      max_bytes = std::max({max_bytes, engine_cumulative(e), static_cast<double>(e.setup.retained_bytes)});
    }
    if (subtitle.empty() && r->shape && r->steady) {
      const Shape& sh = *r->shape;
      subtitle = fmt::format("{}; {}, {}, {}, {}", count_of(r->steady->iterations, "iteration", "iterations"),
                             count_of(sh.signals, "signal", "signals"), count_of(sh.computeds, "computed", "computeds"),
                             count_of(sh.effects, "effect", "effects"), count_of(sh.edges, "edge", "edges"));
    }
  }
  const std::string name = short_title(rep, *rows.front());
  if (name != title) subtitle = title.substr(rows.front()->scenario.size() + 1) + (subtitle.empty() ? "" : "; " + subtitle);
  std::string out = fmt::format("<section class=\"scenario\" id=\"{}\"><h3>{} <small>{}</small></h3>\n", anchor(title),
                                esc(name), esc(subtitle));
  out += "<div class=\"wrap\"><table class=\"data\"><thead><tr><th>impl</th><th>setup retained</th><th>setup peak</th>"
         "<th>churn B/iter</th><th>allocs/iter</th><th>growth</th><th>residual</th>";
  if (timed) out += fmt::format("<th>{}</th>", time_column(time_counter_of(rows)));
  out += "<th title=\"log scale\">▬ retained<br>▭ cumulative</th></tr></thead>\n";
  std::string notes, sites;
  std::string family_before;
  for (const Result* r : ordered) {
    const std::string label = impl_label(r->impl, r->engine);
    const bool new_family = !family_before.empty() && family(label) != family_before;
    family_before = family(label);
    out += fmt::format("<tr{}><td class=\"impl{}\">{}</td>", new_family ? " class=\"family\"" : "",
                       r->engine.empty() ? "" : " real", esc(label));
    const std::string time = timed ? number_cell(r->time ? std::optional<double>(r->time->median_ns) : std::nullopt) : "";
    if (r->status != Status::kOk || (!r->setup && !r->engine_phases)) {
      out += fmt::format("<td colspan=\"6\" class=\"status-{0}\">{0}</td>{1}<td></td></tr>\n", to_string(r->status), time);
      if (!r->error.empty()) notes += fmt::format("<li><b>{}</b>: {}</li>", esc(label), esc(r->error));
      continue;
    }
    if (r->engine_phases) {
      const EnginePhases& e = *r->engine_phases;
      out += fmt::format("<td title=\"{}\">{}</td><td>–</td>{}{}<td>–</td><td title=\"{}\">{}</td>{}<td>{}</td></tr>\n",
                         esc(breakdown_label(e.setup.breakdown)), group_digits(e.setup.retained_bytes),
                         number_cell(e.steady ? std::optional(e.steady->bytes_per_iteration) : std::nullopt),
                         number_cell(e.steady ? std::optional(e.steady->allocs_per_iteration) : std::nullopt),
                         esc(breakdown_label(e.teardown.breakdown)), group_digits(e.teardown.residual_bytes), time,
                         retained_cumulative_bar(static_cast<double>(e.setup.retained_bytes), engine_cumulative(e),
                                                 max_bytes));
      if (e.steady && !e.steady->sites.empty()) {
        sites += fmt::format("<li><b>{}</b>:", esc(label));
        for (std::size_t i = 0; i < e.steady->sites.size() && i < 4; ++i) {
          const AllocationSite& s = e.steady->sites[i];
          sites += fmt::format("{}<span class=\"site\">{} ({} B/iter)</span>", i ? "; " : " ", esc(site_label(s)),
                               format_number(std::round(s.bytes_per_iteration * 10) / 10));
        }
        sites += "</li>";
      }
      continue;
    }
    out += fmt::format("<td>{}</td><td>{}</td>{}{}<td>{}</td><td>{}</td>{}<td>{}</td></tr>\n",
                       group_digits(r->setup->retained_bytes), group_digits(r->setup->peak_bytes),
                       number_cell(r->steady->bytes_per_iteration), number_cell(r->steady->allocs_per_iteration),
                       group_digits(r->steady->retained_growth_bytes), group_digits(r->teardown->residual_bytes), time,
                       retained_cumulative_bar(static_cast<double>(r->setup->retained_bytes),
                                               static_cast<double>(r->steady->cumulative_bytes), max_bytes));
  }
  out += "</table></div>\n" + checksum_line(rows);
  if (!sites.empty()) out += "<p class=\"note\">Where the real libraries' churn is allocated:</p><ul class=\"sites\">" + sites + "</ul>\n";
  if (!notes.empty()) out += "<ul class=\"sites\">" + notes + "</ul>\n";
  out += timeline_chart(ordered);
  return out + "</section>\n";
}

std::string meta_table(const Report& r) {
  std::string out = "<h2 id=\"meta\">Meta</h2>\n<table class=\"meta\">\n";
  std::string engines;
  for (const auto& [name, details] : r.meta.engines) engines += (engines.empty() ? "" : "; ") + name + ": " + details;
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
      {"engines", engines.empty() ? "-" : engines},
  };
  for (const auto& [k, v] : meta) out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", k, esc(v));
  return out + "</table>\n";
}

}  // namespace

std::string html_head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" +
         esc(title) + "</title><style>" + kStyle + "</style></head><body>\n" + svg_defs();
}

std::string render_html(const Report& r, const std::string& title) {
  const auto impls = ordered_impls(r);
  const auto groups = group_by_scenario(r);
  std::string out = html_head(title);
  std::vector<const Result*> all;
  for (const Result& x : r.results) all.push_back(&x);
  const bool timed = std::any_of(all.begin(), all.end(), [](const Result* x) { return x->time.has_value(); });
  out += "<h1>sigheap report: " + esc(title) + "</h1>\n";
  out += fmt::format("<p class=\"lede\">{} impls, {} scenario runs{}. {}</p>\n", impls.size(), groups.size(),
                     timed ? fmt::format(", with timings ({})", time_column(time_counter_of(all))) : "",
                     esc(r.meta.timestamp_utc));
  out += "<nav class=\"top\"><a href=\"#overview\">Overview</a>";
  if (!r.per_object.empty()) out += "<a href=\"#per-object\">Bytes per object</a>";
  out += "<a href=\"#scenarios\">Scenarios</a><a href=\"#meta\">Meta</a></nav>\n";
  out += overview(r, impls);
  if (!r.per_object.empty()) out += per_object(r, impls);
  out += "<h2 id=\"scenarios\">Scenarios</h2>\n<ol class=\"toc\">";
  for (const auto& [t, rows] : groups) {
    out += fmt::format("<li><a href=\"#{}\">{}</a></li>", anchor(t), esc(short_title(r, *rows.front())));
  }
  out += "</ol>\n<p class=\"note\">Per scenario, one row per impl: setup retained (live after building the graph), "
         "churn (bytes allocated per steady iteration, freed or not), growth over the steady phase and residual after "
         "teardown (non-zero: a leak). The bar compares, on a log scale, what stays (solid) with everything "
         "allocated over the steady phase (outline): a long outline over a short bar is churn, not memory use. Live "
         "bytes over the steady phase are drawn only where they move.</p>\n";
  for (const auto& [t, rows] : groups) out += scenario_section(r, t, rows, impls);
  out += meta_table(r);
  return out + "</body></html>\n";
}

}  // namespace sigheap::report
