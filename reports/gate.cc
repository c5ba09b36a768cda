#include "reports/gate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "reports/atomic_write.h"
#include "reports/comparability.h"
#include "reports/errors.h"
#include "reports/metrics.h"
#include "reports/render.h"
#include "reports/report_json.h"
#include "reports/stats.h"

namespace sigheap::report {

GateConfig parse_gate_config(const std::string& text, const std::string& source) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw BadInput(source + ": malformed JSON: " + json_error_message(e));
  }
  auto fail = [&](const std::string& path, const std::string& what) {
    throw BadInput(source + ": " + path + ": " + what);
  };
  if (!j.is_object()) fail("$", "expected an object");
  GateConfig c;
  const std::vector<std::string> known = all_metric_names();
  for (const auto& [key, value] : j.items()) {
    if (key == "$comment") continue;
    if (key == "time") {
      parse_time_gate(value, c.time, fail);
    } else if (key == "metrics") {
      if (!value.is_object()) fail("$.metrics", "expected an object");
      for (const auto& [name, spec] : value.items()) {
        const std::string path = "$.metrics." + name;
        if (std::find(known.begin(), known.end(), name) == known.end()) fail(path, "unknown metric");
        if (!spec.is_object()) fail(path, "expected an object");
        Tolerance t;
        for (const auto& [k, v] : spec.items()) {
          if (k == "ignore") {
            if (!v.is_boolean()) fail(path + ".ignore", "expected true or false");
            t.ignore = v.get<bool>();
          } else if (k == "absolute" || k == "percent") {
            if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0) {
              fail(path + "." + k, "expected a non-negative number");
            }
            (k == "absolute" ? t.absolute : t.percent) = v.get<double>();
          } else {
            fail(path + "." + k, "unknown key (ignore, absolute, percent)");
          }
        }
        c.metrics[name] = t;
      }
    } else {
      fail("$." + key, "unknown key (metrics, time)");
    }
  }
  return c;
}

GateConfig read_gate_config(const std::string& path) { return parse_gate_config(read_file(path), path); }

namespace {

struct Checker {
  const GateConfig& config;
  GateResult& out;

  void memory(const std::string& key, const std::string& metric, double base, double cur) {
    ++out.metrics_compared;
    auto it = config.metrics.find(metric);
    const Tolerance t = it == config.metrics.end() ? Tolerance{} : it->second;
    if (t.ignore) return;
    const double allowed = std::max(t.absolute, std::fabs(base) * t.percent / 100);
    if (cur <= base + allowed) return;
    std::string pct = base != 0 ? fmt::format(" ({:+.2f}%)", (cur - base) / std::fabs(base) * 100) : "";
    out.regressions.push_back({key, metric,
                               fmt::format("{}: {} rose from {} to {}{}{}", key, metric, format_number(base),
                                           format_number(cur), pct,
                                           allowed > 0 ? ", tolerance " + format_number(allowed) : "")});
  }

  void time(const std::string& key, const Result& base, const Result& cur, const TimeReferences& base_refs,
            const TimeReferences& cur_refs) {
    if (!base.time) return;
    const bool instructions = time_counter(*base.time) == kCounterInstructions;
    auto it = config.metrics.find(instructions ? "time.median_instructions" : "time.median_ns");
    if (it != config.metrics.end() && it->second.ignore) return;
    const TimeVerdict v = judge_time(key, base, cur, base_refs, cur_refs, config.time);
    if (v.compared) {
      ++out.times_compared;
      out.time_counter = time_counter(*base.time);
    }
    if (v.counters_differ) ++out.times_other_counter;
    if (v.slower) out.slower.push_back({key, "time", v.message});
  }
};

}  // namespace

namespace {

std::string engine_details(const Report& r, const std::string& engine) {
  auto it = r.meta.engines.find(engine);
  return it == r.meta.engines.end() ? std::string() : it->second;
}

// Engines the baseline's figures come from whose details differ in `current`.
std::vector<EngineDifference> differing_engines(const Report& baseline, const Report& current) {
  std::set<std::string> used;
  for (const auto& r : baseline.results) {
    if (!r.engine.empty()) used.insert(r.engine);
  }
  for (const auto& [key, po] : baseline.per_object) {
    if (po.engine) used.insert(*po.engine);
  }
  std::vector<EngineDifference> out;
  for (const std::string& e : used) {
    const std::string b = engine_details(baseline, e);
    const std::string c = engine_details(current, e);
    if (b.empty() || b != c) out.push_back({e, b, c});
  }
  return out;
}

}  // namespace

GateResult run_gate(const Report& baseline, const Report& current, const GateConfig& config, bool allow_missing) {
  GateResult out;
  out.engines_differ = differing_engines(baseline, current);
  auto not_compared = [&](const std::string& engine) {
    return !engine.empty() && std::any_of(out.engines_differ.begin(), out.engines_differ.end(),
                                          [&](const EngineDifference& d) { return d.engine == engine; });
  };
  Checker check{config, out};
  const TimeReferences base_refs(baseline, config.time.reference), cur_refs(current, config.time.reference);
  std::map<std::string, const Result*> cur_by_key;
  for (const auto& r : current.results) cur_by_key[result_key(r)] = &r;
  for (const auto& b : baseline.results) {
    if (not_compared(b.engine)) continue;
    const std::string key = result_key(b);
    auto it = cur_by_key.find(key);
    if (it == cur_by_key.end()) {
      if (!allow_missing) out.regressions.push_back({key, "missing", key + ": missing from the current report"});
      continue;
    }
    const Result& c = *it->second;
    if (b.inexact || c.inexact) {  // a spread between processes: a difference would prove nothing
      out.not_exact.push_back(key);
      continue;
    }
    ++out.results_compared;
    if (b.status == Status::kOk && c.status != Status::kOk) {
      out.regressions.push_back({key, "status", fmt::format("{}: status was ok, now {}: {}", key,
                                                            to_string(c.status), c.error)});
      continue;
    }
    if (b.status != Status::kOk || c.status != Status::kOk) continue;
    for (const Metric& m : result_metrics()) {
      if (m.kind != MetricKind::kMemory || (m.depends_on_iterations && iterations_differ(b, c))) continue;
      const auto base = m.get(b);
      const auto cur = m.get(c);
      if (base && cur) check.memory(key, std::string(m.name), *base, *cur);
    }
    check.time(key, b, c, base_refs, cur_refs);
  }
  for (const auto& [impl, base] : baseline.per_object) {
    if (not_compared(base.engine.value_or(""))) continue;
    const std::string key = "per-object " + impl;
    auto it = current.per_object.find(impl);
    if (it == current.per_object.end()) {
      if (!allow_missing) out.regressions.push_back({key, "missing", key + ": missing from the current report"});
      continue;
    }
    if (base.inexact || it->second.inexact) {
      out.not_exact.push_back(key);
      continue;
    }
    const auto base_metrics = per_object_metrics(base);
    const auto cur_metrics = per_object_metrics(it->second);
    for (const auto& [name, value] : base_metrics) {
      const std::string& metric = name;  // a structured binding cannot be captured before C++20 in clang 14
      auto c = std::find_if(cur_metrics.begin(), cur_metrics.end(),
                            [&](const auto& m) { return m.first == metric; });
      if (c == cur_metrics.end()) {
        if (!allow_missing) out.regressions.push_back({key, name, key + ": " + name + " missing from the current report"});
        continue;
      }
      check.memory(key, name, value, c->second);
    }
  }
  return out;
}

}  // namespace sigheap::report
