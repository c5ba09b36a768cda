#pragma once
// The matrix of models x scenarios that the CLI, the runner and the benchmarks see: each model's
// description, its per-object attribution, and its compiled cells (harness/cell.h). It is built
// at startup from the registered models (harness/registry.h) or, in tests, from test-only models;
// it holds function pointers only, so building it compiles nothing.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "harness/cell.h"
#include "impls/reactive.h"
#include "reports/report.h"

namespace sigheap {

template <class... T>
struct TypeList {};

using AttributeFn = report::PerObject (*)();

struct ImplInfo {
  std::string_view name;
  std::string_view description;
  AttributeFn attribute = nullptr;
  // Run by `sigheap run` without --impl (models); a wrapped real library is selected by name.
  bool in_default_suite = true;
};

struct ScenarioInfo {
  std::string_view name;
  std::string_view description;
  std::span<const ParamSpec> params;
  std::uint64_t default_iterations = 0;
  // The parameter sets the default suite runs; each lists a value per entry of `params`.
  std::vector<std::vector<std::int64_t>> param_sets;

  ParamValues values(const std::vector<std::int64_t>& set) const {
    ParamValues v(params);
    for (std::size_t i = 0; i < set.size() && i < params.size(); ++i) v.set(params[i].name, set[i]);
    return v;
  }
};

// One model as its translation unit compiles it: its info and one cell per scenario it was
// compiled with (every registered scenario for a registered model).
struct ModelCells {
  ImplInfo info;
  std::vector<Cell> cells;
};

class Matrix {
 public:
  std::vector<ImplInfo> impls;
  std::vector<ScenarioInfo> scenarios;

  explicit Matrix(std::vector<ScenarioInfo> all_scenarios) : scenarios(std::move(all_scenarios)) {}

  // Adds a model as a new row; its cells are placed by scenario name (a cell for a scenario the
  // matrix does not list is an error: std::logic_error).
  void add(const ModelCells& model);

  // The cell of (impl, scenario), or nullptr when that model was not compiled with that scenario
  // (test-only models get only the scenarios their tests use).
  const Cell* cell(std::size_t impl, std::size_t scenario) const {
    const Cell& c = cells_[impl * scenarios.size() + scenario];
    return c.start != nullptr ? &c : nullptr;
  }
  // By name; throws std::invalid_argument when there is no such cell.
  const Cell& cell(std::string_view impl, std::string_view scenario) const;

  // A row as a model (to build a matrix from some registered models and some test-only ones).
  ModelCells model(std::size_t impl) const;

  // Index by name, or -1.
  std::ptrdiff_t impl_index(std::string_view name) const;
  std::ptrdiff_t scenario_index(std::string_view name) const;

 private:
  std::vector<Cell> cells_;  // row-major: impl x scenario
};

template <class S>
ScenarioInfo scenario_info() {
  ScenarioInfo info{.name = S::name,
                    .description = S::description,
                    .params = std::span<const ParamSpec>(S::params),
                    .default_iterations = S::default_iterations,
                    .param_sets = {}};
  if constexpr (requires { S::param_sets; }) {
    for (const auto& set : S::param_sets) info.param_sets.emplace_back(set.begin(), set.end());
  } else {
    std::vector<std::int64_t> defaults;
    for (const ParamSpec& p : S::params) defaults.push_back(p.default_value);
    info.param_sets.push_back(std::move(defaults));
  }
  return info;
}

template <class... S>
std::vector<ScenarioInfo> scenario_infos(TypeList<S...>) {
  return {scenario_info<S>()...};
}

}  // namespace sigheap
