#pragma once
// The one template that turns a (model, scenario) pair into a Cell. Included only where cells are
// compiled: the generated cells_<model>.cc of each registered model, and tests that measure a
// test-only model. Including it anywhere else compiles the matrix a second time.

#include <memory>
#include <vector>

#include "harness/attribution.h"
#include "harness/cell.h"
#include "harness/in_place.h"
#include "harness/matrix.h"
#include "harness/measure.h"

namespace sigheap {

template <Reactive G, class S>
  requires ScenarioFor<S, G>
class CellRunOf final : public CellRun {
 public:
  explicit CellRunOf(const ParamValues& params) : run_(params) {}
  Counts expected_shape() const override { return run_.shape(); }
  void setup() override {
    give_shape_hint(graph_.emplace(), run_.shape());
    run_.setup(*graph_);
  }
  void iterate(std::uint64_t first, std::uint64_t count) override {
    const std::uint64_t end = first + count;
    for (std::uint64_t i = first; i < end; ++i) run_.iteration(*graph_, i);
  }
  Counts counts() const override { return graph_->counts(); }
  double checksum() const override { return run_.checksum(); }
  void teardown() override { graph_.reset(); }

 private:
  typename S::template Run<G> run_;
  InPlace<G> graph_;
};

template <Reactive G, class S>
std::unique_ptr<CellRun> start_cell(const ParamValues& params) {
  return std::make_unique<CellRunOf<G, S>>(params);
}

template <Reactive G, class S>
std::string skip_reason_of(const ParamValues& params) {
  return G::skip_reason(S::name, params);
}

template <Reactive G, class S>
Cell cell_of() {
  Cell c{G::name, S::name, S::default_iterations, &start_cell<G, S>};
  if constexpr (requires(const ParamValues& p) { G::skip_reason(S::name, p); }) c.skip_reason = &skip_reason_of<G, S>;
  if constexpr (requires { G::kEagerComputeds; }) c.eager_computeds = G::kEagerComputeds;
  return c;
}

template <class G>
constexpr std::string_view description_of() {
  if constexpr (requires { G::description; }) {
    return G::description;
  } else {
    return {};
  }
}

// One cell of the model for each scenario of the list.
template <Reactive G, class... S>
std::vector<Cell> cells_of(TypeList<S...>) {
  return {cell_of<G, S>()...};
}

// A model with its per-object attribution and one cell for each scenario of the list. A wrapped
// real library (registered with sigheap_library) is not in the default suite.
template <Reactive G, class... S>
ModelCells model_cells(TypeList<S...> scenarios, bool in_default_suite = true) {
  return ModelCells{ImplInfo{G::name, description_of<G>(), &attribute<G>, in_default_suite}, cells_of<G>(scenarios)};
}

// The model with the cells compiled in its other translation units added (the generated registry).
template <class... More>
ModelCells with_cells(ModelCells model, const More&... more) {
  (model.cells.insert(model.cells.end(), more.begin(), more.end()), ...);
  return model;
}

// Measures a test-only model on one scenario (registered models go through the registry's
// cells instead: see Matrix::cell).
template <Reactive G, class S>
report::Result measure(const ParamValues& params, const MeasureOptions& opt) {
  return measure_cell(cell_of<G, S>(), params, opt);
}

}  // namespace sigheap
