#include "harness/matrix.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

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

report::TimeBlock summarize_time(std::vector<double> samples_ns, std::uint64_t iterations_per_sample) {
  report::TimeBlock t;
  t.repetitions = samples_ns.size();
  t.iterations_per_sample = iterations_per_sample;
  t.samples_ns = samples_ns;
  if (samples_ns.empty()) return t;
  auto median_of = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  };
  t.median_ns = median_of(samples_ns);
  t.min_ns = *std::min_element(samples_ns.begin(), samples_ns.end());
  std::vector<double> deviations;
  for (double s : samples_ns) deviations.push_back(std::fabs(s - t.median_ns));
  t.mad_ns = median_of(deviations);
  return t;
}

std::string shape_mismatch_message(const report::Shape& expected, const report::Shape& got) {
  return fmt::format(
      "shape mismatch: expected {} signals, {} computeds, {} effects, {} edges; "
      "got {}, {}, {}, {}",
      expected.signals, expected.computeds, expected.effects, expected.edges, got.signals,
      got.computeds, got.effects, got.edges);
}

}  // namespace sigheap
