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
//  - a result is slower when its figure rose by more than the minimum effect of its counter
//    (`min_effect_percent` for CPU ns, `instructions_min_effect_percent` for instruction counts,
//    which repeat almost exactly and so need a small one) and by more than `noise_factor` times
//    the noise, and a two-sided Mann-Whitney U test rejects equality of the samples at `alpha`;
//  - times of different counters (cpu-ns against instructions) are not compared at all.
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
  double min_effect_percent = 25;              // cpu-ns
  double instructions_min_effect_percent = 2;  // instructions (docs/ci.md: what repeat runs vary by)
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
  bool compared = false;         // false: too few samples, the reference is missing, or the counters differ
  bool counters_differ = false;  // both timed, one in cpu-ns and the other in instructions
  std::string message;           // one line with the numbers, when slower
};

TimeVerdict judge_time(const std::string& key, const Result& base, const Result& cur, const TimeReferences& base_refs,
                       const TimeReferences& cur_refs, const TimeGate& config);

}  // namespace sigheap::report
