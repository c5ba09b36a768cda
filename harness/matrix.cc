#include "harness/matrix.h"

#include <fmt/format.h>

namespace sigheap {

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

std::string shape_mismatch_message(const report::Shape& expected, const report::Shape& got) {
  return fmt::format(
      "shape mismatch: expected {} signals, {} computeds, {} effects, {} edges; "
      "got {}, {}, {}, {}",
      expected.signals, expected.computeds, expected.effects, expected.edges, got.signals,
      got.computeds, got.effects, got.edges);
}

}  // namespace sigheap
