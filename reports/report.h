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

// kSkipped: not measured, on purpose (a library that cannot express the scenario); `error` says why.
enum class Status { kOk, kError, kCrashed, kTimeout, kSkipped };
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

// What a time block's samples count, per steady iteration (`run --time-counter`): the thread's CPU
// nanoseconds, or the instructions callgrind counted. Reports older than the field carry CPU ns.
inline constexpr std::string_view kCounterCpuNs = "cpu-ns";
inline constexpr std::string_view kCounterInstructions = "instructions";

// Per-iteration time of the steady phase, measured with counting switched off. The `_ns` fields
// hold the unit of `counter` (they were named when nanoseconds were the only one).
struct TimeBlock {
  double median_ns = 0;
  double mad_ns = 0;
  double min_ns = 0;
  std::uint64_t repetitions = 0;
  std::uint64_t iterations_per_sample = 0;
  std::vector<double> samples_ns;
  std::optional<std::string> counter;  // kCounterCpuNs or kCounterInstructions; absent: cpu-ns
  bool operator==(const TimeBlock&) const = default;
};
constexpr auto fields(const TimeBlock*) {
  return std::tuple{Field{"counter", &TimeBlock::counter}, Field{"median_ns", &TimeBlock::median_ns},
                    Field{"mad_ns", &TimeBlock::mad_ns},
                    Field{"min_ns", &TimeBlock::min_ns},
                    Field{"repetitions", &TimeBlock::repetitions},
                    Field{"iterations_per_sample", &TimeBlock::iterations_per_sample},
                    Field{"samples_ns", &TimeBlock::samples_ns}};
}

// ---- a JavaScript library measured in an engine (impls `js:...`, written by scripts/js-reference) --

// One kind of heap object: a heap snapshot's node type and constructor name, how many and their
// bytes (per object in `per_object`; in total in a scenario's setup and teardown).
struct HeapPart {
  std::string type;  // V8 node type: object, closure, array, hidden, number, string, ...
  std::string name;  // constructor (class) name, or V8's name for an internal object
  double count = 0;
  double bytes = 0;
  bool operator==(const HeapPart&) const = default;
};
constexpr auto fields(const HeapPart*) {
  return std::tuple{Field{"type", &HeapPart::type}, Field{"name", &HeapPart::name},
                    Field{"count", &HeapPart::count}, Field{"bytes", &HeapPart::bytes}};
}

// A function that allocates in the steady state, per iteration (sampling heap profiler).
struct AllocationSite {
  std::string function;
  std::string script;  // relative to scripts/js-reference, or node's own (node:...)
  std::uint64_t line = 0;    // 1-based
  std::uint64_t column = 0;  // 1-based
  double allocs_per_iteration = 0;
  double bytes_per_iteration = 0;
  bool operator==(const AllocationSite&) const = default;
};
constexpr auto fields(const AllocationSite*) {
  return std::tuple{Field{"function", &AllocationSite::function}, Field{"script", &AllocationSite::script},
                    Field{"line", &AllocationSite::line}, Field{"column", &AllocationSite::column},
                    Field{"allocs_per_iteration", &AllocationSite::allocs_per_iteration},
                    Field{"bytes_per_iteration", &AllocationSite::bytes_per_iteration}};
}

// The graph's heap objects after setup (heap snapshots; retained_bytes = sum of the breakdown).
struct EngineSetup {
  std::int64_t retained_bytes = 0;
  std::vector<HeapPart> breakdown;
  bool operator==(const EngineSetup&) const = default;
};
constexpr auto fields(const EngineSetup*) {
  return std::tuple{Field{"retained_bytes", &EngineSetup::retained_bytes},
                    Field{"breakdown", &EngineSetup::breakdown}};
}

// Churn of one steady iteration: every allocation of a window of K iterations, over K.
struct EngineSteady {
  std::uint64_t iterations = 0;  // K
  double allocs_per_iteration = 0;
  double bytes_per_iteration = 0;
  std::vector<AllocationSite> sites;  // largest first
  bool operator==(const EngineSteady&) const = default;
};
constexpr auto fields(const EngineSteady*) {
  return std::tuple{Field{"iterations", &EngineSteady::iterations},
                    Field{"allocs_per_iteration", &EngineSteady::allocs_per_iteration},
                    Field{"bytes_per_iteration", &EngineSteady::bytes_per_iteration},
                    Field{"sites", &EngineSteady::sites}};
}

// What stays after every effect is disposed and every reference dropped (> 0: the library keeps it).
struct EngineTeardown {
  std::int64_t residual_bytes = 0;
  std::vector<HeapPart> breakdown;
  bool operator==(const EngineTeardown&) const = default;
};
constexpr auto fields(const EngineTeardown*) {
  return std::tuple{Field{"residual_bytes", &EngineTeardown::residual_bytes},
                    Field{"breakdown", &EngineTeardown::breakdown}};
}

// In JSON these are the result's `setup`, `steady` and `teardown` (a result with an `engine`).
struct EnginePhases {
  EngineSetup setup;
  std::optional<EngineSteady> steady;  // absent: the engine has no allocation sampler (bun, chromium, deno)
  EngineTeardown teardown;
  bool operator==(const EnginePhases&) const = default;
};

// The npm package a `js:` result measured.
struct Library {
  std::string package;
  std::string version;
  bool operator==(const Library&) const = default;
};
constexpr auto fields(const Library*) {
  return std::tuple{Field{"package", &Library::package}, Field{"version", &Library::version}};
}

using Params = std::vector<std::pair<std::string, std::int64_t>>;

// Identity: (impl, scenario, params, engine). `engine` is empty for a model (measured by the
// counting allocator) and names the JavaScript engine ("node") for a real library.
struct Result {
  std::string impl;
  std::string engine;
  std::optional<Library> library;
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
  std::optional<EnginePhases> engine_phases;  // instead of setup/steady/teardown, when `engine` is set
  // Set when the engine cannot give these figures exactly (the same bytes in every process): why.
  // Such a result is reported but not gated.
  std::optional<std::string> inexact;
  bool operator==(const Result&) const = default;
};

// "impl" for a model, "impl (engine)" for a real library: the per_object key, and how people read it.
std::string impl_label(const std::string& impl, const std::string& engine);
// "impl (engine) scenario[k=v,...]": the key results are paired by in diff and gate.
std::string result_key(const Result& r);
std::string params_label(const Params& p);

// The counter of a time block's samples: its `counter`, or cpu-ns when absent.
std::string_view time_counter(const TimeBlock& t);
// "ns" or "instructions": what one of its numbers is, in labels and messages.
std::string_view time_unit(std::string_view counter);
// A table column's heading: "ns/iter" or "instr/iter".
std::string_view time_column(std::string_view counter);
// The counter of the first time block among `results` (a run times everything with one), or
// cpu-ns when none is timed.
std::string_view time_counter_of(const std::vector<const Result*>& results);

// Least-squares attribution of bytes to object kinds for one impl.
struct ObjectCost {
  double bytes = 0;
  double requested_bytes = 0;
  std::optional<double> allocs;  // absent when measured in an engine (no allocation events)
  // Engine: the heap objects one instance consists of, per instance; bytes = their sum.
  std::optional<std::vector<HeapPart>> breakdown;
  // An inexact engine entry (PerObject::inexact): the smallest and largest `bytes` over its
  // processes (`bytes` is their median); absent when exact.
  std::optional<double> min_bytes;
  std::optional<double> max_bytes;
  bool operator==(const ObjectCost&) const = default;
};
constexpr auto fields(const ObjectCost*) {
  return std::tuple{Field{"bytes", &ObjectCost::bytes},
                    Field{"requested_bytes", &ObjectCost::requested_bytes},
                    Field{"allocs", &ObjectCost::allocs}, Field{"breakdown", &ObjectCost::breakdown},
                    Field{"min_bytes", &ObjectCost::min_bytes}, Field{"max_bytes", &ObjectCost::max_bytes}};
}

inline constexpr std::string_view kObjectKinds[] = {"signal", "computed", "edge", "effect",
                                                     "graph"};

// A model's entry (keyed by impl) has every kind and the fit's residual; a real library's (keyed
// by impl_label) has `impl`, `engine`, `library`, the kinds it measured, each with its breakdown.
struct PerObject {
  std::map<std::string, ObjectCost> costs;  // keyed by kObjectKinds
  std::optional<double> residual;           // largest absolute residual of the three fits
  std::uint64_t samples = 0;                // micro-scenario runs (engine: objects per size, N)
  std::optional<std::string> engine;        // set when measured in an engine (heap snapshots)
  std::optional<std::string> impl;          // with engine
  std::optional<Library> library;           // with engine
  std::optional<std::string> inexact;       // with engine: why its figures carry a spread (not gated)
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
  // Per engine name ("node"): its details as a JSON text (version, V8, pointer compression,
  // flags). Engine figures are compared only between reports whose entries are equal.
  std::map<std::string, std::string> engines;
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

// Any status other than ok or skipped, in any result.
bool any_failed(const Report& r);

}  // namespace sigheap::report
