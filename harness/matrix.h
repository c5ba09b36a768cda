#pragma once
// The matrix of registered models x scenarios, built at compile time from two type lists.
// The production lists live in registry.cc; tests build their own matrices (with test-only
// models) from the same template, so every code path sees models the same way.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "harness/attribution.h"
#include "harness/measure.h"
#include "impls/reactive.h"
#include "reports/report.h"

namespace sigheap {

template <class... T>
struct TypeList {};

using MeasureFn = report::Result (*)(const ParamValues&, const MeasureOptions&);
using AttributeFn = report::PerObject (*)();

struct ImplInfo {
  std::string_view name;
  std::string_view description;
  AttributeFn attribute = nullptr;
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

class Matrix {
 public:
  std::vector<ImplInfo> impls;
  std::vector<ScenarioInfo> scenarios;

  MeasureFn measure_fn(std::size_t impl, std::size_t scenario) const {
    return fns_[impl * scenarios.size() + scenario];
  }
  // Index by name, or -1.
  std::ptrdiff_t impl_index(std::string_view name) const;
  std::ptrdiff_t scenario_index(std::string_view name) const;

  template <class... G, class... S>
  friend Matrix make_matrix(TypeList<G...>, TypeList<S...>);

 private:
  std::vector<MeasureFn> fns_;  // row-major: impl x scenario
};

template <class G>
constexpr std::string_view description_of() {
  if constexpr (requires { G::description; }) {
    return G::description;
  } else {
    return {};
  }
}

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

template <class... G, class... S>
Matrix make_matrix(TypeList<G...>, TypeList<S...>) {
  Matrix m;
  (m.impls.push_back(ImplInfo{G::name, description_of<G>(), &attribute<G>}), ...);
  (m.scenarios.push_back(scenario_info<S>()), ...);
  auto add_row = [&]<class Model>() { (m.fns_.push_back(&measure<Model, S>), ...); };
  (add_row.template operator()<G>(), ...);
  return m;
}

}  // namespace sigheap
