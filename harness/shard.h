#pragma once
// `sigheap run --shard K/N`: which share of a run's work one of N CI jobs does. The split depends
// only on the selected matrix (never on --jobs or the machine), so N jobs given the same options
// do every piece of work exactly once between them.
//
// Work is numbered in one stable order: the measurements as `run` lists them (scenario, parameter
// set, impl), then the per-object attributions (one per impl, in impl order). Unit i belongs to
// shard (i mod N) + 1: a round-robin, so shards differ by at most one unit, and `sigheap merge`
// restores the unsharded order by interleaving the shards. The JavaScript libraries (--with-js)
// run as one call of their runner and belong wholly to shard 1.
#include <cstddef>
#include <string_view>
#include <vector>

#include "reports/report.h"

namespace sigheap {

// Beyond this a split is surely a typo (CI matrices stop far below: GitHub allows 256 jobs).
inline constexpr std::uint64_t kMaxShards = 256;

// "K/N" with 1 <= K <= N <= kMaxShards; BadInput (one line) otherwise.
report::Shard parse_shard(std::string_view text);

// Whether unit number `unit` (0-based, in the order above) is this shard's.
inline bool owns(const report::Shard& s, std::size_t unit) { return unit % s.count == s.index - 1; }

// The JavaScript libraries run in shard 1 only.
inline bool owns_js(const report::Shard& s) { return s.index == 1; }

// The units of `all` that are this shard's, when the first of them is unit number `first`.
template <class T>
std::vector<T> share_of(const std::vector<T>& all, const report::Shard& s, std::size_t first = 0) {
  std::vector<T> out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (owns(s, first + i)) out.push_back(all[i]);
  }
  return out;
}

}  // namespace sigheap
