#pragma once
// Small statistics shared by timing summaries, the gate and the overhead benchmark.
#include <vector>

namespace sigheap::report {

// Median of the values (the mean of the middle two for an even count); 0 for none.
double median(std::vector<double> v);

// Two-sided Mann-Whitney U test (normal approximation with tie and continuity correction): the
// p-value that samples a and b come from the same distribution.
double mann_whitney_p(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace sigheap::report
