#pragma once
// "Did you mean ...?" for misspelt names (flags, impls, scenarios): the closest candidate by edit
// distance, offered only when it is close enough to be a likely typo.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sigheap {

// Edit distance: insertions, deletions, substitutions and swaps of two neighbours, each 1.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, when at most a third of `word`'s length (and at least 1) edits
// away, or when one starts with the other (`--impls` -> `--impl`); ties go to the first listed.
std::optional<std::string> closest_name(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean X?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace sigheap
