#include "harness/fit.h"

#include <cmath>

namespace sigheap {

std::optional<FitResult> least_squares(const std::vector<std::vector<double>>& x, const std::vector<double>& y) {
  if (x.empty()) return std::nullopt;
  const std::size_t cols = x.front().size();
  // Normal equations [XtX | Xty], solved by Gauss-Jordan elimination with partial pivoting.
  std::vector<std::vector<double>> m(cols, std::vector<double>(cols + 1, 0.0));
  for (std::size_t r = 0; r < x.size(); ++r) {
    for (std::size_t i = 0; i < cols; ++i) {
      for (std::size_t j = 0; j < cols; ++j) m[i][j] += x[r][i] * x[r][j];
      m[i][cols] += x[r][i] * y[r];
    }
  }
  for (std::size_t c = 0; c < cols; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < cols; ++r) {
      if (std::fabs(m[r][c]) > std::fabs(m[pivot][c])) pivot = r;
    }
    if (std::fabs(m[pivot][c]) < 1e-9) return std::nullopt;
    std::swap(m[c], m[pivot]);
    for (std::size_t r = 0; r < cols; ++r) {
      if (r == c) continue;
      const double f = m[r][c] / m[c][c];
      for (std::size_t k = c; k <= cols; ++k) m[r][k] -= f * m[c][k];
    }
  }
  FitResult out;
  for (std::size_t c = 0; c < cols; ++c) {
    double b = m[c][cols] / m[c][c];
    if (std::fabs(b - std::round(b)) < 1e-6) b = std::round(b);
    if (b == 0) b = 0;  // no -0
    out.coefficients.push_back(b);
  }
  for (std::size_t r = 0; r < x.size(); ++r) {
    double predicted = 0;
    for (std::size_t c = 0; c < cols; ++c) predicted += x[r][c] * out.coefficients[c];
    out.max_abs_residual = std::max(out.max_abs_residual, std::fabs(predicted - y[r]));
  }
  return out;
}

}  // namespace sigheap
