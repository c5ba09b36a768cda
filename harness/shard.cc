#include "harness/shard.h"

#include <fmt/format.h>

#include <charconv>

#include "reports/errors.h"

namespace sigheap {

namespace {

// A positive decimal integer, nothing else (no sign, no spaces); 0 when it is not one.
std::uint64_t positive(std::string_view digits) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) return 0;
  return v;
}

}  // namespace

report::Shard parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  const std::uint64_t k = slash == std::string_view::npos ? 0 : positive(text.substr(0, slash));
  const std::uint64_t n = slash == std::string_view::npos ? 0 : positive(text.substr(slash + 1));
  if (k == 0 || n == 0) {
    throw BadInput(fmt::format("--shard '{}': expected K/N, two positive integers (e.g. 2/3)", text));
  }
  if (n > kMaxShards) {
    throw BadInput(fmt::format("--shard '{}': at most {} shards", text, kMaxShards));
  }
  if (k > n) throw BadInput(fmt::format("--shard '{}': K must be between 1 and N ({})", text, n));
  return {k, n};
}

}  // namespace sigheap
