#pragma once
// Ordinary least squares for the per-object attribution: y ~ X b, solved through the normal
// equations (the systems are tiny: a dozen rows, five columns).
#include <cstddef>
#include <optional>
#include <vector>

namespace sigheap {

struct FitResult {
  std::vector<double> coefficients;
  double max_abs_residual = 0;  // over the rows, with the coefficients as returned
};

// Coefficients are snapped to integers when they are within 1e-6 of one (the deterministic
// models' costs are integers). nullopt when X does not have full column rank.
std::optional<FitResult> least_squares(const std::vector<std::vector<double>>& x, const std::vector<double>& y);

}  // namespace sigheap
