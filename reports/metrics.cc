#include "reports/metrics.h"

namespace sigheap::report {

namespace {

template <auto Phase, auto Member>
std::optional<double> field(const Result& r) {
  const auto& phase = r.*Phase;
  if (!phase) return std::nullopt;
  return static_cast<double>((*phase).*Member);
}

// A metric a model and a real library both have (in the library's engine phases; the engine's
// steady phase may be absent: not measured).
template <auto Phase, auto Member, auto EnginePhase, auto EngineMember>
std::optional<double> either(const Result& r) {
  if (!r.engine_phases) return field<Phase, Member>(r);
  const auto& phase = (*r.engine_phases).*EnginePhase;
  if constexpr (requires { phase.has_value(); }) {
    if (!phase) return std::nullopt;
    return static_cast<double>((*phase).*EngineMember);
  } else {
    return static_cast<double>(phase.*EngineMember);
  }
}

std::optional<double> engine_bytes_per_iteration(const Result& r) {
  if (!r.engine_phases || !r.engine_phases->steady) return std::nullopt;
  return r.engine_phases->steady->bytes_per_iteration;
}

// A median time, under the metric of its counter only: times of different counters never meet.
template <const std::string_view& kCounter>
std::optional<double> time_median(const Result& r) {
  if (!r.time || time_counter(*r.time) != kCounter) return std::nullopt;
  return r.time->median_ns;
}

}  // namespace

const std::vector<Metric>& result_metrics() {
  static const std::vector<Metric> metrics = {
      {"setup.retained_bytes", MetricKind::kMemory,
       &either<&Result::setup, &SetupPhase::retained_bytes, &EnginePhases::setup, &EngineSetup::retained_bytes>},
      {"setup.peak_bytes", MetricKind::kMemory, &field<&Result::setup, &SetupPhase::peak_bytes>},
      {"setup.allocs", MetricKind::kMemory, &field<&Result::setup, &SetupPhase::allocs>},
      {"setup.requested_bytes", MetricKind::kMemory, &field<&Result::setup, &SetupPhase::requested_bytes>},
      {"setup.allocated_bytes", MetricKind::kMemory, &field<&Result::setup, &SetupPhase::allocated_bytes>},
      {"steady.allocs_per_iteration", MetricKind::kMemory,
       &either<&Result::steady, &SteadyPhase::allocs_per_iteration, &EnginePhases::steady,
               &EngineSteady::allocs_per_iteration>, true},
      {"steady.bytes_per_iteration", MetricKind::kMemory, &engine_bytes_per_iteration, true},
      {"steady.allocs", MetricKind::kMemory, &field<&Result::steady, &SteadyPhase::allocs>, true},
      {"steady.cumulative_bytes", MetricKind::kMemory, &field<&Result::steady, &SteadyPhase::cumulative_bytes>, true},
      {"steady.retained_growth_bytes", MetricKind::kMemory,
       &field<&Result::steady, &SteadyPhase::retained_growth_bytes>, true},
      {"steady.peak_bytes", MetricKind::kMemory, &field<&Result::steady, &SteadyPhase::peak_bytes>, true},
      {"teardown.residual_bytes", MetricKind::kMemory,
       &either<&Result::teardown, &TeardownPhase::residual_bytes, &EnginePhases::teardown,
               &EngineTeardown::residual_bytes>},
      {"time.median_ns", MetricKind::kTime, &time_median<kCounterCpuNs>},
      {"time.median_instructions", MetricKind::kTime, &time_median<kCounterInstructions>},
  };
  return metrics;
}

std::vector<std::pair<std::string, double>> per_object_metrics(const PerObject& po) {
  std::vector<std::pair<std::string, double>> out;
  for (std::string_view kind : kObjectKinds) {
    auto it = po.costs.find(std::string(kind));
    if (it == po.costs.end()) continue;
    const std::string prefix = "per_object." + std::string(kind) + ".";
    out.emplace_back(prefix + "bytes", it->second.bytes);
    out.emplace_back(prefix + "requested_bytes", it->second.requested_bytes);
    if (it->second.allocs) out.emplace_back(prefix + "allocs", *it->second.allocs);
  }
  return out;
}

std::vector<std::string> all_metric_names() {
  std::vector<std::string> names;
  for (const Metric& m : result_metrics()) names.emplace_back(m.name);
  PerObject sample;
  for (std::string_view kind : kObjectKinds) sample.costs[std::string(kind)] = {};
  for (const auto& [name, value] : per_object_metrics(sample)) names.push_back(name);
  return names;
}

}  // namespace sigheap::report
