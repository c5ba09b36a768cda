#include "reports/comparability.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "reports/errors.h"
#include "reports/render.h"
#include "reports/text_layout.h"

namespace sigheap::report {

namespace {

// Parameter sets per (engine, scenario), in the report's order: the graphs a report measured.
using ParamSets = std::map<std::pair<std::string, std::string>, std::vector<std::string>>;

ParamSets param_sets(const Report& r) {
  ParamSets out;
  for (const Result& x : r.results) {
    std::vector<std::string>& sets = out[{x.engine, x.scenario}];
    const std::string label = params_label(x.params);
    if (std::find(sets.begin(), sets.end(), label) == sets.end()) sets.push_back(label);
  }
  return out;
}

std::string sets_label(const std::vector<std::string>& sets) {
  std::string out;
  for (const std::string& s : sets) out += (out.empty() ? "" : " | ") + (s.empty() ? "no params" : s);
  return out;
}

void check_same_params(const Report& a, const std::string& a_source, const Report& b,
                       const std::string& b_source) {
  const ParamSets in_a = param_sets(a);
  const ParamSets in_b = param_sets(b);
  std::string first;
  std::size_t more = 0;
  for (const auto& [key, sets_a] : in_a) {
    auto it = in_b.find(key);
    if (it == in_b.end()) continue;
    bool shared = false;
    for (const std::string& s : sets_a) {
      shared = shared || std::find(it->second.begin(), it->second.end(), s) != it->second.end();
    }
    if (shared) continue;
    if (!first.empty()) {
      ++more;
      continue;
    }
    first = fmt::format("{}{}: [{}] in {}, [{}] in {}", key.second, key.first.empty() ? "" : " (" + key.first + ")",
                        sets_label(sets_a), a_source, sets_label(it->second), b_source);
  }
  if (first.empty()) return;
  throw BadInput(fmt::format("reports not comparable: scenario parameters differ ({}{}); measure both with the "
                             "same --param",
                             first, more > 0 ? fmt::format(", and {} more scenarios", more) : ""));
}

std::optional<std::uint64_t> steady_iterations(const Result& r) {
  if (r.engine_phases) {
    // Outside node an engine measures no steady phase (absent).
    if (!r.engine_phases->steady) return std::nullopt;
    return r.engine_phases->steady->iterations;
  }
  if (r.steady) return r.steady->iterations;
  return std::nullopt;
}

// Paired results for which `differ(old, new)` holds: how many, and the first described.
struct Mismatches {
  std::size_t count = 0;
  std::string example;
};

template <class Differ, class Describe>
Mismatches paired_mismatches(const Report& old_report, const Report& new_report, Differ differ,
                             Describe describe) {
  std::map<std::string, const Result*> old_by_key;
  for (const Result& r : old_report.results) old_by_key[result_key(r)] = &r;
  Mismatches out;
  for (const Result& r : new_report.results) {
    auto it = old_by_key.find(result_key(r));
    if (it == old_by_key.end() || !differ(*it->second, r)) continue;
    if (out.count++ == 0) out.example = result_key(r) + ": " + describe(*it->second, r);
  }
  return out;
}

}  // namespace

void check_comparable(const Report& old_report, const std::string& old_source, const Report& new_report,
                      const std::string& new_source) {
  const Meta& a = old_report.meta;
  const Meta& b = new_report.meta;
  if (a.tool_version != b.tool_version) {
    throw BadInput(fmt::format("reports not comparable: sigheap versions differ ({} in {}, {} in {}); measure "
                               "both with one version",
                               a.tool_version, old_source, b.tool_version, new_source));
  }
  if (a.allocator != b.allocator) {
    throw BadInput(fmt::format("reports not comparable: allocators differ ('{}' in {}, '{}' in {}), so do their "
                               "size classes",
                               a.allocator, old_source, b.allocator, new_source));
  }
  check_same_params(old_report, old_source, new_report, new_source);
}

bool iterations_differ(const Result& a, const Result& b) {
  const auto x = steady_iterations(a);
  const auto y = steady_iterations(b);
  return x && y && *x != *y;
}

std::string iterations_note(const Report& old_report, const Report& new_report) {
  const Mismatches m =
      paired_mismatches(old_report, new_report, iterations_differ, [](const Result& a, const Result& b) {
        return fmt::format("{} before, {} now", format_number(static_cast<double>(*steady_iterations(a))),
                           format_number(static_cast<double>(*steady_iterations(b))));
      });
  if (m.count == 0) return {};
  return fmt::format(
      "iterations differ in {} (e.g. {}): steady figures not compared, only setup, teardown and "
      "per-object figures",
      count_of(m.count, "result", "results"), m.example);
}

bool time_counters_differ(const Result& a, const Result& b) {
  return a.time && b.time && time_counter(*a.time) != time_counter(*b.time);
}

std::string time_counters_mismatch(const Report& old_report, const Report& new_report) {
  const Mismatches m =
      paired_mismatches(old_report, new_report, time_counters_differ, [](const Result& a, const Result& b) {
        return fmt::format("{} before, {} now", time_counter(*a.time), time_counter(*b.time));
      });
  if (m.count == 0) return {};
  return fmt::format("timing counters differ in {} (e.g. {})", count_of(m.count, "result", "results"),
                     m.example);
}

}  // namespace sigheap::report
