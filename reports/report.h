#pragma once
// The report model (`sigheap.report/1`). Plain data; reports/ knows nothing of impls.
// Optional members are "not measured" and are not written, never a fake zero.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace sigheap::report {

inline constexpr std::string_view kSchema = "sigheap.report/1";

enum class Status { kOk, kError, kCrashed, kTimeout };
std::string_view to_string(Status s);
std::optional<Status> status_from_string(std::string_view s);

// A named member of a struct, so one list drives JSON writing, validated reading and renderers.
template <class S, class T>
struct Field {
  std::string_view name;
  T S::*member;
};
template <class S, class T>
Field(std::string_view, T S::*) -> Field<S, T>;

struct Shape {
  std::uint64_t signals = 0;
  std::uint64_t computeds = 0;
  std::uint64_t effects = 0;
  std::uint64_t edges = 0;
  bool operator==(const Shape&) const = default;
};
constexpr auto fields(const Shape*) {
  return std::tuple{Field{"signals", &Shape::signals}, Field{"computeds", &Shape::computeds},
                    Field{"effects", &Shape::effects}, Field{"edges", &Shape::edges}};
}

// Build the graph and evaluate it once. Bytes are jemalloc size-class bytes unless "requested".
struct SetupPhase {
  std::int64_t retained_bytes = 0;    // live after - live before
  std::int64_t peak_bytes = 0;        // peak during setup - live before
  std::uint64_t allocs = 0;
  std::uint64_t frees = 0;
  std::uint64_t requested_bytes = 0;  // asked for by the program
  std::uint64_t allocated_bytes = 0;  // handed out (size classes)
  bool operator==(const SetupPhase&) const = default;
};
constexpr auto fields(const SetupPhase*) {
  return std::tuple{Field{"retained_bytes", &SetupPhase::retained_bytes},
                    Field{"peak_bytes", &SetupPhase::peak_bytes},
                    Field{"allocs", &SetupPhase::allocs},
                    Field{"frees", &SetupPhase::frees},
                    Field{"requested_bytes", &SetupPhase::requested_bytes},
                    Field{"allocated_bytes", &SetupPhase::allocated_bytes}};
}

struct TimelinePoint {
  std::uint64_t iteration = 0;  // iterations completed when sampled
  std::int64_t live_bytes = 0;  // live bytes above the steady phase's start
  bool operator==(const TimelinePoint&) const = default;
};
constexpr auto fields(const TimelinePoint*) {
  return std::tuple{Field{"iteration", &TimelinePoint::iteration},
                    Field{"live_bytes", &TimelinePoint::live_bytes}};
}

struct SteadyPhase {
  std::uint64_t iterations = 0;
  std::uint64_t allocs = 0;
  std::uint64_t frees = 0;
  std::uint64_t cumulative_bytes = 0;       // every byte allocated in the phase (churn)
  std::uint64_t requested_bytes = 0;
  std::int64_t retained_growth_bytes = 0;   // live after - live before
  std::int64_t peak_bytes = 0;              // peak - live at the phase's start
  double allocs_per_iteration = 0;
  double bytes_per_iteration = 0;
  std::vector<TimelinePoint> timeline;
  bool operator==(const SteadyPhase&) const = default;
};
constexpr auto fields(const SteadyPhase*) {
  return std::tuple{Field{"iterations", &SteadyPhase::iterations},
                    Field{"allocs", &SteadyPhase::allocs},
                    Field{"frees", &SteadyPhase::frees},
                    Field{"cumulative_bytes", &SteadyPhase::cumulative_bytes},
                    Field{"requested_bytes", &SteadyPhase::requested_bytes},
                    Field{"retained_growth_bytes", &SteadyPhase::retained_growth_bytes},
                    Field{"peak_bytes", &SteadyPhase::peak_bytes},
                    Field{"allocs_per_iteration", &SteadyPhase::allocs_per_iteration},
                    Field{"bytes_per_iteration", &SteadyPhase::bytes_per_iteration},
                    Field{"timeline", &SteadyPhase::timeline}};
}

struct TeardownPhase {
  std::uint64_t frees = 0;
  std::uint64_t freed_bytes = 0;
  std::int64_t residual_bytes = 0;   // live after teardown - live before setup; > 0 is a leak
  std::int64_t residual_blocks = 0;
  bool operator==(const TeardownPhase&) const = default;
};
constexpr auto fields(const TeardownPhase*) {
  return std::tuple{Field{"frees", &TeardownPhase::frees},
                    Field{"freed_bytes", &TeardownPhase::freed_bytes},
                    Field{"residual_bytes", &TeardownPhase::residual_bytes},
                    Field{"residual_blocks", &TeardownPhase::residual_blocks}};
}

// Per-iteration time of the steady phase, measured with counting switched off.
struct TimeBlock {
  double median_ns = 0;
  double mad_ns = 0;
  double min_ns = 0;
  std::uint64_t repetitions = 0;
  std::uint64_t iterations_per_sample = 0;
  std::vector<double> samples_ns;
  bool operator==(const TimeBlock&) const = default;
};
constexpr auto fields(const TimeBlock*) {
  return std::tuple{Field{"median_ns", &TimeBlock::median_ns}, Field{"mad_ns", &TimeBlock::mad_ns},
                    Field{"min_ns", &TimeBlock::min_ns},
                    Field{"repetitions", &TimeBlock::repetitions},
                    Field{"iterations_per_sample", &TimeBlock::iterations_per_sample},
                    Field{"samples_ns", &TimeBlock::samples_ns}};
}

// What V8 shows of a JavaScript library's steady state (impls `js:...`, written by
// scripts/js-reference): medians over `repetitions` processes, with the spread. Not deterministic.
struct V8Block {
  std::string engine;  // node and V8 versions, pointer compression
  std::uint64_t repetitions = 0;
  std::uint64_t steady_window_iterations = 0;  // iterations measured (after a warm-up)
  double steady_bytes_per_iteration = 0;       // heapUsed growth over the window / iterations
  double steady_bytes_per_iteration_min = 0;
  double steady_bytes_per_iteration_max = 0;
  std::uint64_t gc_in_window = 0;  // repetitions whose window saw a GC (expected 0)
  bool operator==(const V8Block&) const = default;
};
constexpr auto fields(const V8Block*) {
  return std::tuple{Field{"engine", &V8Block::engine},
                    Field{"repetitions", &V8Block::repetitions},
                    Field{"steady_window_iterations", &V8Block::steady_window_iterations},
                    Field{"steady_bytes_per_iteration", &V8Block::steady_bytes_per_iteration},
                    Field{"steady_bytes_per_iteration_min", &V8Block::steady_bytes_per_iteration_min},
                    Field{"steady_bytes_per_iteration_max", &V8Block::steady_bytes_per_iteration_max},
                    Field{"gc_in_window", &V8Block::gc_in_window}};
}

using Params = std::vector<std::pair<std::string, std::int64_t>>;

struct Result {
  std::string impl;
  std::string scenario;
  Params params;
  Status status = Status::kOk;
  std::string error;  // empty when ok
  std::optional<double> checksum;
  std::optional<Shape> shape;
  std::optional<SetupPhase> setup;
  std::optional<SteadyPhase> steady;
  std::optional<TeardownPhase> teardown;
  std::optional<TimeBlock> time;
  std::optional<V8Block> v8;  // instead of the phases, for a JavaScript library measured in V8
  bool operator==(const Result&) const = default;
};

// "impl scenario[k=v,...]": the key results are paired by in diff and gate.
std::string result_key(const Result& r);
std::string params_label(const Params& p);

// Least-squares attribution of bytes to object kinds for one impl.
struct ObjectCost {
  double bytes = 0;
  double requested_bytes = 0;
  std::optional<double> allocs;     // absent when measured in V8 (no allocation events)
  std::optional<double> min_bytes;  // V8: the spread over repetitions
  std::optional<double> max_bytes;
  bool operator==(const ObjectCost&) const = default;
};
constexpr auto fields(const ObjectCost*) {
  return std::tuple{Field{"bytes", &ObjectCost::bytes},
                    Field{"requested_bytes", &ObjectCost::requested_bytes},
                    Field{"allocs", &ObjectCost::allocs}, Field{"min_bytes", &ObjectCost::min_bytes},
                    Field{"max_bytes", &ObjectCost::max_bytes}};
}

inline constexpr std::string_view kObjectKinds[] = {"signal", "computed", "edge", "effect",
                                                     "graph"};

struct PerObject {
  std::map<std::string, ObjectCost> costs;  // keyed by kObjectKinds
  std::optional<double> residual;           // largest absolute residual of the three fits
  std::uint64_t samples = 0;                // micro-scenario runs (V8: repetitions per kind)
  std::optional<std::string> engine;        // set when measured in V8 (median of processes)
  bool operator==(const PerObject&) const = default;
};

// `run --shard K/N`: which share of the selected matrix a report holds (K in 1..N).
struct Shard {
  std::uint64_t index = 0;
  std::uint64_t count = 0;
  bool operator==(const Shard&) const = default;
};
constexpr auto fields(const Shard*) {
  return std::tuple{Field{"index", &Shard::index}, Field{"count", &Shard::count}};
}

// `sigheap merge`: how many reports were joined, and which shards among them.
struct MergeInfo {
  std::uint64_t reports = 0;
  std::optional<std::uint64_t> shard_count;  // N, when the inputs were shards
  std::vector<std::uint64_t> shards;         // their K, ascending
  bool operator==(const MergeInfo&) const = default;
};
constexpr auto fields(const MergeInfo*) {
  return std::tuple{Field{"reports", &MergeInfo::reports},
                    Field{"shard_count", &MergeInfo::shard_count},
                    Field{"shards", &MergeInfo::shards}};
}

struct Meta {
  std::string tool_version;
  std::string git_commit;
  std::string timestamp_utc;
  std::string compiler;
  std::string allocator;
  std::uint64_t cpu_count = 0;
  std::string command_line;
  std::string config;  // the run's options, as a JSON text
  std::optional<double> wall_seconds;
  std::optional<std::string> js_engine;  // node/V8 of the `js:` results, when the report has some
  std::optional<Shard> shard;            // set by `run --shard`
  std::optional<MergeInfo> merged;       // set by `merge`
  bool operator==(const Meta&) const = default;
};

struct Report {
  std::string schema{kSchema};
  Meta meta;
  std::vector<Result> results;
  std::map<std::string, PerObject> per_object;  // keyed by impl
  bool operator==(const Report&) const = default;
};

// Any status other than ok, in any result.
bool any_failed(const Report& r);

}  // namespace sigheap::report
