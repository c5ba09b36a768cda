#include "harness/matrix.h"

#include <fmt/format.h>

#include <stdexcept>

namespace sigheap {

void Matrix::add(const ModelCells& model) {
  impls.push_back(model.info);
  cells_.resize(impls.size() * scenarios.size());
  const std::size_t row = impls.size() - 1;
  for (const Cell& c : model.cells) {
    const std::ptrdiff_t s = scenario_index(c.scenario);
    if (s < 0) {
      throw std::logic_error(fmt::format("model {} has a cell for scenario {}, which the matrix does not list",
                                         model.info.name, c.scenario));
    }
    cells_[row * scenarios.size() + static_cast<std::size_t>(s)] = c;
  }
}

const Cell& Matrix::cell(std::string_view impl, std::string_view scenario) const {
  const std::ptrdiff_t i = impl_index(impl);
  const std::ptrdiff_t s = scenario_index(scenario);
  const Cell* c = i < 0 || s < 0 ? nullptr : cell(static_cast<std::size_t>(i), static_cast<std::size_t>(s));
  if (c == nullptr) throw std::invalid_argument(fmt::format("no cell for {} x {}", impl, scenario));
  return *c;
}

ModelCells Matrix::model(std::size_t impl) const {
  ModelCells out{impls[impl], {}};
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    if (const Cell* c = cell(impl, s)) out.cells.push_back(*c);
  }
  return out;
}

std::ptrdiff_t Matrix::impl_index(std::string_view name) const {
  for (std::size_t i = 0; i < impls.size(); ++i) {
    if (impls[i].name == name) return static_cast<std::ptrdiff_t>(i);
  }
  return -1;
}

std::ptrdiff_t Matrix::scenario_index(std::string_view name) const {
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (scenarios[i].name == name) return static_cast<std::ptrdiff_t>(i);
  }
  return -1;
}

}  // namespace sigheap
