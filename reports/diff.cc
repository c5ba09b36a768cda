#include "reports/diff.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "reports/comparability.h"
#include "reports/metrics.h"

namespace sigheap::report {

std::optional<double> MetricDelta::relative() const {
  if (old_value == 0) return std::nullopt;
  return (new_value - old_value) / std::fabs(old_value);
}

bool Diff::has_changes() const {
  if (!added.empty() || !removed.empty()) return true;
  for (const auto& e : entries) {
    if (!e.changed.empty() || e.old_status != e.new_status) return true;
  }
  return false;
}

namespace {

void add_delta(EntryDiff& e, std::string metric, double a, double b) {
  MetricDelta d{std::move(metric), a, b};
  (a == b ? e.unchanged : e.changed).push_back(std::move(d));
}

}  // namespace

Diff compute_diff(const Report& old_report, const Report& new_report) {
  Diff d;
  std::map<std::string, const Result*> old_by_key;
  for (const auto& r : old_report.results) old_by_key[result_key(r)] = &r;
  std::map<std::string, bool> seen;
  for (const auto& r : new_report.results) {
    const std::string key = result_key(r);
    auto it = old_by_key.find(key);
    if (it == old_by_key.end()) {
      d.added.push_back(key);
      continue;
    }
    seen[key] = true;
    const Result& o = *it->second;
    EntryDiff e{key, std::string(to_string(o.status)), std::string(to_string(r.status)), {}, {}};
    const bool other_count = iterations_differ(o, r);
    for (const Metric& m : result_metrics()) {
      if (m.depends_on_iterations && other_count) continue;
      const auto a = m.get(o);
      const auto b = m.get(r);
      if (a && b) add_delta(e, std::string(m.name), *a, *b);
    }
    d.entries.push_back(std::move(e));
  }
  for (const auto& [key, r] : old_by_key) {
    if (!seen.count(key)) d.removed.push_back(key);
  }
  for (const auto& [impl, po] : new_report.per_object) {
    const std::string key = fmt::format("per-object {}", impl);
    auto it = old_report.per_object.find(impl);
    if (it == old_report.per_object.end()) {
      d.added.push_back(key);
      continue;
    }
    EntryDiff e{key, {}, {}, {}, {}};
    const auto old_metrics = per_object_metrics(it->second);
    const auto new_metrics = per_object_metrics(po);
    for (std::size_t i = 0; i < new_metrics.size() && i < old_metrics.size(); ++i) {
      add_delta(e, new_metrics[i].first, old_metrics[i].second, new_metrics[i].second);
    }
    d.entries.push_back(std::move(e));
  }
  for (const auto& [impl, po] : old_report.per_object) {
    if (!new_report.per_object.count(impl)) d.removed.push_back(fmt::format("per-object {}", impl));
  }
  d.note = iterations_note(old_report, new_report);
  if (const std::string counters = time_counters_mismatch(old_report, new_report); !counters.empty()) {
    d.note += (d.note.empty() ? "" : "; ") + counters + ": times not compared";
  }
  return d;
}

namespace {

std::string relative_label(const MetricDelta& m) {
  const auto rel = m.relative();
  if (!rel) return m.new_value == 0 ? "0%" : "new";
  return fmt::format("{:+.1f}%", *rel * 100);
}

// Lower is better for every metric: an increase is a regression.
std::string verdict(const MetricDelta& m) {
  if (m.new_value > m.old_value) return "worse";
  if (m.new_value < m.old_value) return "better";
  return "";
}

std::string paint(const std::string& text, const std::string& verdict, bool color) {
  if (!color || verdict.empty()) return text;
  return fmt::format("{}{}\033[0m", verdict == "worse" ? "\033[31m" : "\033[32m", text);
}

std::string render_json(const Diff& d, bool show_all) {
  nlohmann::ordered_json j;
  j["has_changes"] = d.has_changes();
  if (!d.note.empty()) j["note"] = d.note;
  j["added"] = d.added;
  j["removed"] = d.removed;
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (const auto& e : d.entries) {
    if (!show_all && e.changed.empty() && e.old_status == e.new_status) continue;
    nlohmann::ordered_json je;
    je["key"] = e.key;
    if (!e.old_status.empty()) {
      je["old_status"] = e.old_status;
      je["new_status"] = e.new_status;
    }
    nlohmann::ordered_json metrics = nlohmann::ordered_json::array();
    auto add = [&](const MetricDelta& m) {
      nlohmann::ordered_json jm;
      jm["metric"] = m.metric;
      jm["old"] = m.old_value;
      jm["new"] = m.new_value;
      jm["change"] = m.change();
      const auto rel = m.relative();
      jm["relative"] = rel ? nlohmann::ordered_json(*rel) : nlohmann::ordered_json();
      jm["verdict"] = verdict(m).empty() ? "same" : verdict(m);
      metrics.push_back(jm);
    };
    for (const auto& m : e.changed) add(m);
    if (show_all) {
      for (const auto& m : e.unchanged) add(m);
    }
    je["metrics"] = metrics;
    entries.push_back(je);
  }
  j["entries"] = entries;
  return j.dump(2) + "\n";
}

}  // namespace

std::string render_diff(const Diff& d, const DiffRenderOptions& opt) {
  if (opt.format == Format::kJson) return render_json(d, opt.show_all);
  const bool md = opt.format == Format::kMarkdown;
  std::string out;
  if (!d.note.empty()) out += md ? fmt::format("_{}_\n\n", d.note) : d.note + "\n";
  if (!d.has_changes()) out += md ? "**sigheap diff: no changes.**\n" : "no changes\n";
  Table t;
  t.header = {"result", "metric", "old", "new", "change", "%", ""};
  t.right_aligned = {false, false, true, true, true, true, false};
  int regressions = 0;
  int improvements = 0;
  for (const auto& e : d.entries) {
    const bool status_changed = e.old_status != e.new_status;
    if (!opt.show_all && e.changed.empty() && !status_changed) continue;
    if (status_changed) {
      const bool worse = e.old_status == "ok";
      t.rows.push_back({e.key, "status", e.old_status, e.new_status, "", "",
                        paint(worse ? "REGRESSION" : "fixed", worse ? "worse" : "better", opt.color && !md)});
      if (worse) ++regressions;
    }
    auto row = [&](const MetricDelta& m) {
      const std::string v = verdict(m);
      if (v == "worse") ++regressions;
      if (v == "better") ++improvements;
      const std::string mark = v == "worse" ? (md ? "🔺 worse" : "worse") : v == "better" ? (md ? "✅ better" : "better") : "";
      t.rows.push_back({e.key, m.metric, format_number(m.old_value), format_number(m.new_value),
                        m.change() > 0 ? fmt::format("+{}", format_number(m.change())) : format_number(m.change()),
                        relative_label(m), paint(mark, v, opt.color && !md)});
    };
    for (const auto& m : e.changed) row(m);
    if (opt.show_all) {
      for (const auto& m : e.unchanged) row(m);
    }
  }
  if (md) out += "### sigheap diff\n\n";
  if (!t.rows.empty()) out += t.render(opt.format);
  for (const auto& k : d.added) out += md ? fmt::format("- added: `{}`\n", k) : fmt::format("added: {}\n", k);
  for (const auto& k : d.removed) {
    out += md ? fmt::format("- removed: `{}`\n", k) : fmt::format("removed: {}\n", k);
  }
  if (d.has_changes()) {
    out += fmt::format("{}{} worse, {} better, {} added, {} removed{}\n", md ? "\n**" : "", regressions,
                       improvements, d.added.size(), d.removed.size(), md ? "**" : "");
  }
  return out;
}

}  // namespace sigheap::report
