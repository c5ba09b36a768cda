#pragma once
// A cell is one (model, scenario) pair, compiled once, in the model's own translation unit
// (harness/cell_of.h, instantiated by the build's generated cells_<model>.cc). Everything else —
// the measurement engine, the timing pass, Google Benchmark, the overhead benchmark, the CLI —
// drives a cell through this small interface and is compiled once for all of them.
//
// The steady-state loop runs inside the cell: `iterate(first, count)` is one indirect call per
// batch of iterations, never one per iteration, so a timing through it measures the model and
// not the dispatch (the trade nanobench's ErasedOp makes).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "impls/reactive.h"

namespace sigheap {

// One scenario run on one graph. Created (with the scenario's own bookkeeping) before any
// measured phase; the graph itself lives inside and is built by setup().
class CellRun {
 public:
  virtual ~CellRun() = default;
  // The counts() the scenario expects after setup.
  virtual Counts expected_shape() const = 0;
  // Builds the graph (given the shape hint) and runs the scenario's setup.
  virtual void setup() = 0;
  // Iterations first .. first+count-1 of the steady phase.
  virtual void iterate(std::uint64_t first, std::uint64_t count) = 0;
  virtual Counts counts() const = 0;
  virtual double checksum() const = 0;
  // Destroys the graph (the teardown phase).
  virtual void teardown() = 0;
};

using StartCellFn = std::unique_ptr<CellRun> (*)(const ParamValues&);
// Why the model does not run the scenario at these parameters (empty: it runs).
using SkipReasonFn = std::string (*)(const ParamValues&);

struct Cell {
  std::string_view impl;
  std::string_view scenario;
  std::uint64_t default_iterations = 0;
  StartCellFn start = nullptr;
  SkipReasonFn skip_reason = nullptr;  // set for a library that cannot run every size (qt-qproperty)
  // A library that evaluates computeds eagerly also evaluates those the scenario never reads, so
  // it may hold more edges than the scenario's shape; every other count must match.
  bool eager_computeds = false;
};

}  // namespace sigheap
