#include "reports/text_layout.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "reports/render.h"

namespace sigheap::report {

namespace {

// Thousands separators in the leading run of digits: "-1234.50" -> "-1,234.50".
std::string group_leading_digits(const std::string& s) {
  const std::size_t first = (!s.empty() && s[0] == '-') ? 1 : 0;
  std::size_t end = first;
  while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
  std::string out = s.substr(0, first);
  for (std::size_t i = first; i < end; ++i) {
    if (i != first && (end - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out + s.substr(end);
}

bool is_whole(double v) { return std::nearbyint(v) == v && std::fabs(v) < 9e15; }

// Decimals that give |v| three significant digits (and, if `never_whole`, that show where it
// departs from the nearest whole number); at least 1 (it has a fraction), at most 6.
int decimals_for(double v, bool never_whole) {
  const double a = std::fabs(v);
  if (a == 0) return 1;
  int d = 2 - static_cast<int>(std::floor(std::log10(a)));
  const double off = std::fabs(v - std::nearbyint(v));
  if (never_whole && off > 0) d = std::max(d, -static_cast<int>(std::floor(std::log10(off))));
  return std::clamp(d, 1, 6);
}

}  // namespace

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0x1b) {  // ESC [ parameters final-byte: a control sequence, zero columns
      if (i + 1 < s.size() && s[i + 1] == '[') {
        i += 2;
        while (i < s.size() && !(s[i] >= 0x40 && s[i] <= 0x7e)) ++i;
      }
      continue;
    }
    if ((c & 0xc0) != 0x80) ++width;  // count lead bytes only: one column per code point
  }
  return width;
}

std::string pad(std::string_view s, std::size_t width, bool right_aligned) {
  const std::size_t w = display_width(s);
  const std::string fill(w < width ? width - w : 0, ' ');
  return right_aligned ? fill + std::string(s) : std::string(s) + fill;
}

std::string count_of(std::uint64_t n, std::string_view singular, std::string_view plural) {
  return fmt::format("{} {}", group_leading_digits(std::to_string(n)), n == 1 ? singular : plural);
}

std::vector<std::string> format_column(const std::vector<std::optional<double>>& values, bool never_whole) {
  int decimals = 0;
  for (const auto& v : values) {
    if (v && !is_whole(*v)) decimals = std::max(decimals, decimals_for(*v, never_whole));
  }
  std::vector<std::string> out;
  out.reserve(values.size());
  for (const auto& v : values) {
    if (!v) {
      out.emplace_back("-");
      continue;
    }
    std::string s = fmt::format("{:.{}f}", *v, decimals);
    if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);  // no "-0.00"
    out.push_back(group_leading_digits(s));
  }
  return out;
}

std::string wrap(std::string_view text, std::size_t width, std::string_view indent) {
  if (width == 0) return std::string(text);
  std::string out;
  std::size_t line = 0;  // display width of the current line
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t space = text.find(' ', pos);
    const std::string_view word =
        text.substr(pos, space == std::string_view::npos ? std::string_view::npos : space - pos);
    pos = space == std::string_view::npos ? text.size() : space + 1;
    if (word.empty()) continue;
    const std::size_t w = display_width(word);
    if (line != 0 && line + 1 + w > width) {
      out += '\n';
      out += indent;
      line = display_width(indent);
    } else if (line != 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += w;
  }
  return out;
}

std::vector<std::string> break_cell(std::string_view cell, std::size_t width) {
  std::vector<std::string> pieces;
  if (width == 0) width = 1;
  const std::size_t full = width;
  const std::string indent = width > 8 ? "  " : "";  // continuation lines are indented
  while (display_width(cell) > width) {
    std::size_t cut = width;  // bytes; cells broken here are ASCII names
    for (std::size_t i = width; i > width / 3; --i) {
      const char c = cell[i - 1];
      if (c == '/' || c == '-' || c == ' ') {
        cut = i;
        break;
      }
    }
    std::string piece(cell.substr(0, cut));
    while (!piece.empty() && piece.back() == ' ') piece.pop_back();
    pieces.push_back((pieces.empty() ? "" : indent) + piece);
    cell.remove_prefix(cut);
    width = full - indent.size();
  }
  pieces.push_back((pieces.empty() ? "" : indent) + std::string(cell));
  return pieces;
}

}  // namespace sigheap::report

// ---- Table::text: aligned columns fitted to a width ----

namespace sigheap::report {

namespace {

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t nl = s.find('\n', start);
    out.push_back(s.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) return out;
    start = nl + 1;
  }
}

std::string rstrip(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

constexpr std::size_t kGap = 2;           // spaces between columns
constexpr std::size_t kMinFirstWidth = 12;  // the first column never narrows below this

// The narrowest a name can wrap to and still break only after its '/'s ("lattice-optimized/" +
// "  singleton-helpers"): narrower, a table is better split into blocks than names cut mid-word.
std::size_t readable_width(std::string_view name) {
  std::size_t widest = 0;
  bool first = true;
  while (!name.empty()) {
    const std::size_t slash = name.find('/');
    const std::size_t len = slash == std::string_view::npos ? name.size() : slash + 1;
    widest = std::max(widest, display_width(name.substr(0, len)) + (first ? 0 : 2));
    name.remove_prefix(len);
    first = false;
  }
  return widest;
}

// One block of columns (`cols`, the first always column 0) with the given widths.
std::string text_block(const Table& t, const std::vector<std::size_t>& cols,
                       const std::vector<std::size_t>& width) {
  auto aligned_right = [&](std::size_t c) { return c < t.right_aligned.size() && t.right_aligned[c]; };
  std::string out;
  // The group line: each group's label centred in dashes over the columns it spans.
  std::string group_line;
  bool any_group = false;
  for (std::size_t k = 0; k < cols.size();) {
    const std::size_t c = cols[k];
    const Table::Group* g = nullptr;
    for (const auto& candidate : t.groups) {
      if (c >= candidate.first && c < candidate.first + candidate.count) g = &candidate;
    }
    std::size_t span = width[c];
    std::size_t next = k + 1;
    while (g != nullptr && next < cols.size() && cols[next] < g->first + g->count) {
      span += kGap + width[cols[next]];
      ++next;
    }
    if (k != 0) group_line += std::string(kGap, ' ');
    if (g == nullptr) {
      group_line += std::string(span, ' ');
    } else {
      any_group = true;
      const std::string label = " " + g->label + " ";
      const std::size_t lw = display_width(label);
      if (lw + 2 > span) {
        group_line += pad(g->label, span, true);
      } else {
        const std::size_t left = (span - lw) / 2;
        group_line += std::string(left, '-') + label + std::string(span - lw - left, '-');
      }
    }
    k = next;
  }
  if (any_group) out += rstrip(group_line) + '\n';

  auto emit = [&](const std::vector<std::vector<std::string>>& cells) {  // cells[k]: lines of cols[k]
    std::size_t height = 0;
    for (const auto& lines : cells) height = std::max(height, lines.size());
    for (std::size_t line = 0; line < height; ++line) {
      std::string l;
      for (std::size_t k = 0; k < cols.size(); ++k) {
        if (k != 0) l += std::string(kGap, ' ');
        const std::string cell = line < cells[k].size() ? cells[k][line] : std::string();
        l += pad(cell, width[cols[k]], aligned_right(cols[k]));
      }
      out += rstrip(l) + '\n';
    }
  };
  auto lines_of = [&](const std::string& cell, std::size_t c) {
    std::vector<std::string> lines;
    for (const std::string& part : split_lines(cell)) {
      for (std::string& piece : display_width(part) > width[c] ? break_cell(part, width[c])
                                                                 : std::vector<std::string>{part}) {
        lines.push_back(std::move(piece));
      }
    }
    return lines;
  };
  std::vector<std::vector<std::string>> cells(cols.size());
  for (std::size_t k = 0; k < cols.size(); ++k) {
    cells[k] = lines_of(cols[k] < t.header.size() ? t.header[cols[k]] : std::string(), cols[k]);
  }
  // Multi-line headers sit on the rule: pad short ones at the top.
  std::size_t header_height = 0;
  for (const auto& lines : cells) header_height = std::max(header_height, lines.size());
  for (auto& lines : cells) lines.insert(lines.begin(), header_height - lines.size(), std::string());
  emit(cells);
  for (std::size_t k = 0; k < cols.size(); ++k) cells[k] = {std::string(width[cols[k]], '-')};
  emit(cells);
  for (const auto& row : t.rows) {
    for (std::size_t k = 0; k < cols.size(); ++k) {
      cells[k] = lines_of(cols[k] < row.size() ? row[cols[k]] : std::string(), cols[k]);
    }
    emit(cells);
  }
  return out;
}

}  // namespace

std::string Table::text() const {
  const std::size_t n = header.size();
  if (n == 0) return {};
  std::vector<std::size_t> width(n, 0);
  auto widen = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < n; ++i) {
      for (const std::string& line : split_lines(row[i])) width[i] = std::max(width[i], display_width(line));
    }
  };
  widen(header);
  for (const auto& row : rows) widen(row);
  // A group's label must fit over its columns: widen the last one if not.
  for (const Group& g : groups) {
    if (g.count == 0 || g.first + g.count > n) continue;
    std::size_t span = kGap * (g.count - 1);
    for (std::size_t c = g.first; c < g.first + g.count; ++c) span += width[c];
    const std::size_t need = display_width(g.label);
    if (need > span) width[g.first + g.count - 1] += need - span;
  }
  auto total = [&](std::size_t from, std::size_t to) {  // width of column 0 plus columns [from, to)
    std::size_t sum = width[0];
    for (std::size_t c = from; c < to; ++c) sum += kGap + width[c];
    return sum;
  };
  const std::size_t natural_first = width[0];
  std::size_t readable = kMinFirstWidth;
  for (const auto& row : rows) {
    if (!row.empty()) readable = std::max(readable, readable_width(row[0]));
  }
  const std::size_t floor = std::min(natural_first, readable);
  if (max_width != 0 && total(1, n) > max_width) {
    const std::size_t excess = total(1, n) - max_width;
    width[0] = width[0] - std::min(excess, width[0] - floor);
  }
  if (max_width == 0 || total(1, n) <= max_width) {
    std::vector<std::size_t> all(n);
    for (std::size_t c = 0; c < n; ++c) all[c] = c;
    return text_block(*this, all, width);
  }
  // Still too wide: blocks of as many columns as fit, each repeating the first, which gets back
  // as much of its width as the widest other column leaves.
  const std::size_t widest = *std::max_element(width.begin() + 1, width.end());
  const std::size_t room = max_width > widest + kGap ? max_width - widest - kGap : 0;
  width[0] = std::clamp(room, std::min(natural_first, kMinFirstWidth), natural_first);
  std::string out;
  for (std::size_t from = 1; from < n;) {
    std::size_t to = from + 1;
    while (to < n && total(from, to + 1) <= max_width) ++to;
    std::vector<std::size_t> cols{0};
    for (std::size_t c = from; c < to; ++c) cols.push_back(c);
    if (!out.empty()) out += '\n';
    out += text_block(*this, cols, width);
    from = to;
  }
  return out;
}

}  // namespace sigheap::report
