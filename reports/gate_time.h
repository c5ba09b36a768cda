#pragma once
// The timing part of `sigheap gate`: when is a result slower, on a noisy machine, without crying
// wolf? Memory figures are exact and gated on any increase (gate.h); times are not, so they get
// their own rule, their own section of the gate's output, and fail the gate only when asked
// (`--gate-time` or `"time": {"gate": true}`).
//
// The rule, per result that carries timing samples (`run --time`) in both reports:
//  - the figure is the fastest sample (noise on a shared machine only ever adds time);
//  - with a `reference` model, the figure is divided by the reference's fastest sample for the
//    same scenario and parameters in the same report, so a machine that is slower all through a
//    run cancels out;
//  - the noise is how far the baseline's median sample lies above its fastest, relative to the
//    fastest (and the same of the baseline's reference): how much a run here varies. The current
//    run's spread is left out on purpose: a slowdown that also makes a result noisier (a spin, a
//    lock) must not hide behind its own noise;
//  - a result is slower when its figure rose by more than `min_effect_percent` and by more than
//    `noise_factor` times the noise, and a two-sided Mann-Whitney U test rejects equality of the
//    samples at `alpha`.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "reports/report.h"

namespace sigheap::report {

struct TimeGate {
  bool gate = false;  // timing changes fail the gate (else they are reported only)
  double alpha = 0.01;
  double min_effect_percent = 25;
  double noise_factor = 3;
  std::string reference;  // a model's name; empty: absolute times
};

// Reads the gate config's "time" object into `t`; `fail(path, what)` throws.
void parse_time_gate(const nlohmann::json& j, TimeGate& t,
                     const std::function<void(const std::string&, const std::string&)>& fail);

// The reference model's timing per scenario and parameters of one report.
class TimeReferences {
 public:
  TimeReferences(const Report& r, const std::string& reference);
  const TimeBlock* find(const Result& r) const;

 private:
  std::string reference_;
  std::map<std::string, const TimeBlock*> by_scenario_;
};

struct TimeVerdict {
  bool slower = false;
  bool compared = false;  // false: too few samples, or the reference is missing
  std::string message;    // one line with the numbers, when slower
};

TimeVerdict judge_time(const std::string& key, const Result& base, const Result& cur, const TimeReferences& base_refs,
                       const TimeReferences& cur_refs, const TimeGate& config);

}  // namespace sigheap::report
