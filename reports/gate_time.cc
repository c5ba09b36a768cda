#include "reports/gate_time.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "reports/render.h"
#include "reports/stats.h"

namespace sigheap::report {

void parse_time_gate(const nlohmann::json& j, TimeGate& t,
                     const std::function<void(const std::string&, const std::string&)>& fail) {
  if (!j.is_object()) fail("$.time", "expected an object");
  for (const auto& [k, v] : j.items()) {
    const std::string path = "$.time." + k;
    if (k == "gate") {
      if (!v.is_boolean()) fail(path, "expected true or false");
      t.gate = v.get<bool>();
    } else if (k == "reference") {
      if (!v.is_string()) fail(path, "expected a model's name (a string; \"\" for absolute times)");
      t.reference = v.get<std::string>();
    } else if (k == "alpha" || k == "min_effect_percent" || k == "instructions_min_effect_percent" ||
               k == "noise_factor") {
      if (!v.is_number() || !std::isfinite(v.get<double>())) fail(path, "expected a finite number");
      const double x = v.get<double>();
      if (k == "alpha") {
        if (!(x > 0 && x < 1)) fail(path, "must be between 0 and 1");
        t.alpha = x;
      } else {
        if (x < 0) fail(path, "must not be negative");
        (k == "min_effect_percent"                ? t.min_effect_percent
         : k == "instructions_min_effect_percent" ? t.instructions_min_effect_percent
                                                  : t.noise_factor) = x;
      }
    } else {
      fail(path,
           "unknown key (gate, alpha, min_effect_percent, instructions_min_effect_percent, noise_factor, "
           "reference)");
    }
  }
}

namespace {

std::string scenario_key(const Result& r) { return r.scenario + '[' + params_label(r.params) + ']'; }

double fastest(const TimeBlock& t) { return *std::min_element(t.samples_ns.begin(), t.samples_ns.end()); }

// How far the run's typical sample lies above its fastest: what noise added, relative.
double noise(const TimeBlock& t) {
  const double f = fastest(t);
  return f > 0 ? (median(t.samples_ns) - f) / f : 0;
}

// Enough samples for a median above the fastest and for the U test to mean something.
constexpr std::size_t kMinSamples = 5;

bool usable(const TimeBlock* t) { return t != nullptr && t->samples_ns.size() >= kMinSamples && fastest(*t) > 0; }

std::vector<double> scaled(std::vector<double> v, double by) {
  for (double& x : v) x /= by;
  return v;
}

}  // namespace

TimeReferences::TimeReferences(const Report& r, const std::string& reference) : reference_(reference) {
  if (reference.empty()) return;
  for (const Result& x : r.results) {
    if (x.impl == reference && x.engine.empty() && x.status == Status::kOk && x.time) {
      by_scenario_[scenario_key(x)] = &*x.time;
    }
  }
}

const TimeBlock* TimeReferences::find(const Result& r) const {
  auto it = by_scenario_.find(scenario_key(r));
  return it == by_scenario_.end() ? nullptr : it->second;
}

TimeVerdict judge_time(const std::string& key, const Result& base, const Result& cur, const TimeReferences& base_refs,
                       const TimeReferences& cur_refs, const TimeGate& config) {
  TimeVerdict v;
  if (!base.time || !cur.time) return v;
  const std::string_view counter = time_counter(*base.time);
  if (counter != time_counter(*cur.time)) {
    v.counters_differ = true;
    return v;
  }
  if (!usable(&*base.time) || !usable(&*cur.time)) return v;
  const bool relative = !config.reference.empty();
  if (relative && base.impl == config.reference && base.engine.empty()) return v;  // 1 by definition
  double base_unit = 1, cur_unit = 1, run_noise = noise(*base.time);
  if (relative) {
    const TimeBlock* rb = base_refs.find(base);
    const TimeBlock* rc = cur_refs.find(cur);
    if (!usable(rb) || !usable(rc)) return v;
    base_unit = fastest(*rb);
    cur_unit = fastest(*rc);
    run_noise = std::max(run_noise, noise(*rb));
  }
  v.compared = true;
  const double b = fastest(*base.time) / base_unit;
  const double c = fastest(*cur.time) / cur_unit;
  const double effect = (c - b) / b;
  const bool instructions = counter == kCounterInstructions;
  const double min_effect = instructions ? config.instructions_min_effect_percent : config.min_effect_percent;
  const double threshold = std::max(min_effect / 100, config.noise_factor * run_noise);
  if (effect <= threshold) return v;
  const double p = mann_whitney_p(scaled(base.time->samples_ns, base_unit), scaled(cur.time->samples_ns, cur_unit));
  if (p >= config.alpha) return v;
  v.slower = true;
  const std::string unit =
      relative ? fmt::format(" x {}", config.reference) : " " + std::string(time_unit(counter));
  const double digits = relative ? 1000 : 10;
  v.message = fmt::format(
      "{}: {} per iteration rose from {}{} to {}{} ({:+.1f}%; threshold {:.1f}%, noise {:.1f}%; "
      "Mann-Whitney p = {:.2g})",
      key, instructions ? "fewest instructions" : "fastest time",
      format_number(std::round(b * digits) / digits), unit, format_number(std::round(c * digits) / digits),
      unit, effect * 100, threshold * 100, run_noise * 100, p);
  return v;
}

}  // namespace sigheap::report
