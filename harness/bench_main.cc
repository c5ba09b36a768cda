// sigheap-bench: the same models x scenarios as `sigheap run`, timed by Google Benchmark, one
// benchmark per (scenario, parameter set, model), named "<scenario>[/<param>=<v>]/<model>" so
// --benchmark_filter and compare.py select them by scenario or model. Setup and teardown are
// outside the timed loop; each benchmark iteration is one scenario iteration.
//
// A benchmark::MemoryManager fed by the counting allocator gives num_allocs (allocs_per_iter),
// max_bytes_used, total_allocated_bytes and net_heap_growth for the loop alone: counting is on
// only inside the loop of Google Benchmark's separate memory run, so neither setup nor the timed
// run is affected by it.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "harness/counting_allocator.h"
#include "harness/measure.h"
#include "harness/models.h"

namespace sigheap {
namespace {

bool g_memory_run = false;

class CountingMemoryManager : public benchmark::MemoryManager {
 public:
  void Start() override {
    g_memory_run = true;
    alloc::reset_peak();
    start_ = alloc::snapshot();
  }
  BENCHMARK_DISABLE_DEPRECATED_WARNING
  void Stop(Result* result) override { Stop(*result); }
  BENCHMARK_RESTORE_DEPRECATED_WARNING
  void Stop(Result& result) override {
    const alloc::Counters end = alloc::snapshot();
    g_memory_run = false;
    result.num_allocs = static_cast<int64_t>(end.allocs - start_.allocs);
    result.max_bytes_used = static_cast<int64_t>(end.peak_live_bytes) - start_.live_bytes();
    result.total_allocated_bytes = static_cast<int64_t>(end.allocated_bytes - start_.allocated_bytes);
    result.net_heap_growth = end.live_bytes() - start_.live_bytes();
  }

 private:
  alloc::Counters start_;
};

template <class G, class S>
void run_benchmark(benchmark::State& state, std::vector<std::int64_t> values) {
  ParamValues params(std::span<const ParamSpec>(S::params));
  for (std::size_t k = 0; k < values.size(); ++k) params.set(S::params[k].name, values[k]);
  const bool count_loop = g_memory_run;
  {
    typename S::template Run<G> run(params);
    InPlace<G> graph;
    give_shape_hint(graph.emplace(), run.shape());
    run.setup(*graph);
    // Counting covers exactly the scenario's iterations, not Google Benchmark's own loop start
    // and end (which allocate).
    const auto last = static_cast<std::uint64_t>(state.max_iterations);
    std::uint64_t i = 0;
    for (auto _ : state) {
      if (i == 0) alloc::set_counting(count_loop);
      run.iteration(*graph, i);
      if (++i == last) alloc::set_counting(false);
    }
    alloc::set_counting(false);
    benchmark::DoNotOptimize(run.checksum());
    graph.reset();
  }
}

template <class G, class S>
void register_one() {
  const ScenarioInfo info = scenario_info<S>();
  for (const auto& set : info.param_sets) {
    std::string name(S::name);
    if (info.param_sets.size() > 1) {
      for (std::size_t k = 0; k < set.size(); ++k) name += fmt::format("/{}={}", S::params[k].name, set[k]);
    }
    name += "/" + std::string(G::name);
    benchmark::RegisterBenchmark(name.c_str(), &run_benchmark<G, S>, set);
  }
}

template <class... G, class... S>
void register_all(TypeList<G...>, TypeList<S...>) {
  auto per_scenario = [&]<class Scenario>() { (register_one<G, Scenario>(), ...); };
  (per_scenario.template operator()<S>(), ...);
}

}  // namespace
}  // namespace sigheap

int main(int argc, char** argv) {
  static sigheap::CountingMemoryManager memory_manager;
  benchmark::RegisterMemoryManager(&memory_manager);
  sigheap::alloc::set_counting(false);  // on only inside the loop of a memory run
  sigheap::register_all(sigheap::Models{}, sigheap::Scenarios{});
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
