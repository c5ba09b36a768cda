#pragma once
// Text-layout helpers for the terminal renderers: the width a string takes on screen (escape
// codes excluded), one number format per table column, plurals and word wrapping. No terminal
// queries here: the caller says how wide the output may be.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sigheap::report {

// Columns `s` occupies on a terminal: UTF-8 code points, not counting ANSI escape sequences.
std::size_t display_width(std::string_view s);

// `s` padded with spaces to `width` display columns, on the left (right-aligned) or the right.
std::string pad(std::string_view s, std::size_t width, bool right_aligned);

// "1 signal", "2 signals", "1,400 computeds".
std::string count_of(std::uint64_t n, std::string_view singular, std::string_view plural);

// One format for every number of a table column: integers with thousands separators when every
// value is whole; otherwise every value with the same number of decimals, as many as the column's
// smallest fraction needs for 3 significant digits (at least 1, at most 6). `never_whole`: also
// enough decimals that no fraction reads as a whole number (50.0004 allocations per iteration is
// not 50). Absent values: "-".
std::vector<std::string> format_column(const std::vector<std::optional<double>>& values,
                                       bool never_whole = false);

// `text` broken at spaces into lines of at most `width` display columns (a longer word stays
// whole on its own line); every line but the first starts with `indent`. width 0: no wrapping.
std::string wrap(std::string_view text, std::size_t width, std::string_view indent = "");

// `cell` broken into pieces of at most `width` columns, preferring to break after '/', '-' or
// ' ', every piece after the first indented by two spaces (when width allows); no character is
// lost (a name wrapped in a narrow column stays readable).
std::vector<std::string> break_cell(std::string_view cell, std::size_t width);

}  // namespace sigheap::report
