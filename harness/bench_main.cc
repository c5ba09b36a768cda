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
#include "harness/registry.h"

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
#if SIGHEAP_BENCHMARK_HAS_STOP_POINTER
  // Google Benchmark before 1.8.0 declares Stop(Result*) as well (deprecated, and the one its
  // runner called in some versions); 1.8.0 removed it, so overriding it there does not compile.
  // CMake defines SIGHEAP_BENCHMARK_HAS_STOP_POINTER from the version it found.
  BENCHMARK_DISABLE_DEPRECATED_WARNING
  void Stop(Result* result) override { Stop(*result); }
  BENCHMARK_RESTORE_DEPRECATED_WARNING
#endif
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

// One benchmark run: setup outside the timed loop, then Google Benchmark's iterations as one batch
// inside the cell (one indirect call for the whole loop, none per iteration).
void run_benchmark(benchmark::State& state, const Cell* cell, const ScenarioInfo* scenario,
                   std::vector<std::int64_t> values) {
  const bool count_loop = g_memory_run;
  const std::unique_ptr<CellRun> run = cell->start(scenario->values(values));
  run->setup();
  const auto n = static_cast<std::uint64_t>(state.max_iterations);
  while (state.KeepRunningBatch(state.max_iterations)) {
    // Counting covers exactly the scenario's iterations, not Google Benchmark's own loop start
    // and end (which allocate).
    alloc::set_counting(count_loop);
    run->iterate(0, n);
    alloc::set_counting(false);
  }
  benchmark::DoNotOptimize(run->checksum());
  run->teardown();
}

void register_all(const Matrix& m) {
  for (std::size_t s = 0; s < m.scenarios.size(); ++s) {
    const ScenarioInfo& info = m.scenarios[s];
    for (std::size_t i = 0; i < m.impls.size(); ++i) {
      const Cell* cell = m.cell(i, s);
      if (cell == nullptr) continue;
      for (const auto& set : info.param_sets) {
        if (cell->skip_reason != nullptr && !cell->skip_reason(info.values(set)).empty()) continue;
        std::string name(info.name);
        if (info.param_sets.size() > 1) {
          for (std::size_t k = 0; k < set.size(); ++k) name += fmt::format("/{}={}", info.params[k].name, set[k]);
        }
        name += "/" + std::string(m.impls[i].name);
        benchmark::RegisterBenchmark(name.c_str(), &run_benchmark, cell, &info, set);
      }
    }
  }
}

}  // namespace
}  // namespace sigheap

int main(int argc, char** argv) {
  static sigheap::CountingMemoryManager memory_manager;
  benchmark::RegisterMemoryManager(&memory_manager);
  sigheap::alloc::set_counting(false);  // on only inside the loop of a memory run
  sigheap::register_all(sigheap::default_matrix());
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
