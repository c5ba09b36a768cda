#include "harness/callgrind_dump.h"

#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <stdexcept>

namespace sigheap {

namespace {

constexpr std::string_view kTrigger = "desc: Trigger: Client Request: ";
constexpr std::string_view kTotals = "totals: ";

std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  return v;
}

// The (cell, sample) of one of our labels; nullopt for any other dump trigger.
std::optional<DumpedSample> parse_label(std::string_view label) {
  constexpr std::string_view kCell = "sigheap cell ", kSample = " sample ";
  if (!label.starts_with(kCell)) return std::nullopt;
  label.remove_prefix(kCell.size());
  const auto gap = label.find(kSample);
  if (gap == std::string_view::npos) return std::nullopt;
  const auto cell = number(label.substr(0, gap));
  const auto sample = number(label.substr(gap + kSample.size()));
  if (!cell || !sample) return std::nullopt;
  return DumpedSample{static_cast<std::size_t>(*cell), *sample, 0};
}

}  // namespace

std::string sample_label(std::size_t cell, std::uint64_t sample) {
  return fmt::format("sigheap cell {} sample {}", cell, sample);
}

std::vector<DumpedSample> read_callgrind_dump(std::string_view text) {
  std::vector<DumpedSample> out;
  std::optional<DumpedSample> part;  // the labelled part being read
  auto close_part = [&] {
    if (part)
      throw std::runtime_error(
          fmt::format("callgrind dump: part '{}' has no totals", sample_label(part->cell, part->sample)));
  };
  while (!text.empty()) {
    const auto eol = text.find('\n');
    const std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (line.starts_with("part: ")) {
      close_part();
    } else if (line.starts_with(kTrigger)) {
      part = parse_label(line.substr(kTrigger.size()));
    } else if (part && line.starts_with(kTotals)) {
      const std::string_view value = line.substr(kTotals.size());
      const auto n = number(value.substr(0, value.find(' ')));
      if (!n) throw std::runtime_error(fmt::format("callgrind dump: unreadable totals '{}'", line));
      part->instructions = *n;
      out.push_back(*part);
      part.reset();
    }
  }
  close_part();
  return out;
}

}  // namespace sigheap
