#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "reports/render.h"
#include "reports/render_v8.h"

namespace sigheap::report {

std::optional<Format> format_from_string(std::string_view s) {
  if (s == "table") return Format::kTable;
  if (s == "markdown") return Format::kMarkdown;
  if (s == "json") return Format::kJson;
  return std::nullopt;
}

std::string group_digits(std::int64_t v) {
  const std::uint64_t magnitude =
      v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
  const std::string digits = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string format_number(double v) {
  if (std::nearbyint(v) == v && std::fabs(v) < 9e15) return group_digits(static_cast<std::int64_t>(v));
  std::string s = fmt::format("{:.6f}", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string Table::text() const {
  std::vector<std::size_t> width(header.size(), 0);
  auto widen = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], row[i].size());
    }
  };
  widen(header);
  for (const auto& row : rows) widen(row);
  std::string out;
  auto line = [&](const std::vector<std::string>& row) {
    std::string l;
    for (std::size_t i = 0; i < width.size(); ++i) {
      const std::string& cell = i < row.size() ? row[i] : std::string();
      const bool right = i < right_aligned.size() && right_aligned[i];
      if (i != 0) l += "  ";
      l += right ? fmt::format("{:>{}}", cell, width[i]) : fmt::format("{:<{}}", cell, width[i]);
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + '\n';
  };
  line(header);
  std::vector<std::string> rule;
  for (std::size_t w : width) rule.emplace_back(w, '-');
  line(rule);
  for (const auto& row : rows) line(row);
  return out;
}

std::string Table::markdown() const {
  std::string out = "|";
  for (const auto& h : header) out += ' ' + h + " |";
  out += "\n|";
  for (std::size_t i = 0; i < header.size(); ++i) {
    out += (i < right_aligned.size() && right_aligned[i]) ? "---:|" : "---|";
  }
  out += '\n';
  for (const auto& row : rows) {
    out += '|';
    for (std::size_t i = 0; i < header.size(); ++i) out += ' ' + (i < row.size() ? row[i] : "") + " |";
    out += '\n';
  }
  return out;
}

std::string object_cost_cell(const ObjectCost& c) {
  if (c.allocs) return fmt::format("{} B / {}", format_number(c.bytes), format_number(*c.allocs));
  return fmt::format("{} B", format_number(c.bytes));
}

std::string residual_cell(const PerObject& po) {
  if (po.residual) return format_number(*po.residual);
  return po.engine ? *po.engine : "-";
}

namespace {

std::string heading(const std::string& title, Format f) {
  return f == Format::kMarkdown ? "### " + title + "\n\n" : title + "\n";
}

std::string per_object_section(const Report& r, Format f) {
  Table t;
  t.header = {"impl"};
  for (std::string_view kind : kObjectKinds) t.header.emplace_back(kind);
  t.header.emplace_back("residual");
  t.right_aligned.assign(t.header.size(), true);
  t.right_aligned[0] = false;
  for (const auto& [impl, po] : r.per_object) {
    std::vector<std::string> row{impl};
    for (std::string_view kind : kObjectKinds) {
      auto it = po.costs.find(std::string(kind));
      if (it == po.costs.end()) {
        row.emplace_back("-");
        continue;
      }
      row.push_back(object_cost_cell(it->second));
    }
    row.push_back(residual_cell(po));
    t.rows.push_back(std::move(row));
  }
  std::string out = heading("Per object: bytes / allocations (jemalloc size classes, least-squares fit)", f) +
                    (f == Format::kMarkdown ? "" : "\n") + t.render(f);
  return out + engine_breakdowns(r, f);
}

std::string shape_label(const Shape& s) {
  return fmt::format("{} signals, {} computeds, {} effects, {} edges", s.signals, s.computeds,
                     s.effects, s.edges);
}

std::string scenario_section(const std::string& title, const std::vector<const Result*>& rows,
                             Format f) {
  const bool timed =
      std::any_of(rows.begin(), rows.end(), [](const Result* r) { return r->time && r->engine.empty(); });
  Table t;
  t.header = {"impl",          "status",     "setup retained", "setup peak", "allocs/iter",
              "steady cumulative", "retained growth", "teardown residual"};
  if (timed) t.header.emplace_back("ns/iter (median)");
  t.right_aligned.assign(t.header.size(), true);
  t.right_aligned[0] = t.right_aligned[1] = false;
  std::string subtitle;
  std::optional<double> checksum;
  bool checksums_agree = true;
  for (const Result* r : rows) {
    if (r->checksum) {
      if (checksum && *checksum != *r->checksum) checksums_agree = false;
      checksum = r->checksum;
    }
    if (!r->engine.empty()) continue;  // engine_scenario_table
    std::vector<std::string> row{r->impl, std::string(to_string(r->status))};
    if (r->setup && r->steady && r->teardown) {
      row.push_back(group_digits(r->setup->retained_bytes));
      row.push_back(group_digits(r->setup->peak_bytes));
      row.push_back(format_number(r->steady->allocs_per_iteration));
      row.push_back(group_digits(static_cast<std::int64_t>(r->steady->cumulative_bytes)));
      row.push_back(group_digits(r->steady->retained_growth_bytes));
      row.push_back(group_digits(r->teardown->residual_bytes));
      if (subtitle.empty() && r->shape) {
        subtitle = fmt::format("{} iterations; {}", group_digits(r->steady->iterations),
                               shape_label(*r->shape));
      }
    } else {
      row.insert(row.end(), 6, "-");
    }
    if (timed) row.push_back(r->time ? format_number(std::round(r->time->median_ns * 10) / 10) : "-");
    t.rows.push_back(std::move(row));
  }
  std::string out = heading(subtitle.empty() ? title : title + " (" + subtitle + ")", f);
  if (f == Format::kTable) out += '\n';
  if (!t.rows.empty()) out += t.render(f);
  out += engine_scenario_table(rows, f);
  for (const Result* r : rows) {
    if (!r->error.empty()) out += fmt::format("  {}: {}\n", impl_label(r->impl, r->engine), r->error);
  }
  if (!checksums_agree) out += "  WARNING: checksums differ between impls\n";
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::vector<const Result*>>> group_by_scenario(const Report& r) {
  std::vector<std::pair<std::string, std::vector<const Result*>>> groups;
  std::map<std::string, std::size_t> index;
  for (const auto& res : r.results) {
    std::string title = res.scenario;
    if (!res.params.empty()) title += " [" + params_label(res.params) + "]";
    auto [it, added] = index.emplace(title, groups.size());
    if (added) groups.emplace_back(title, std::vector<const Result*>{});
    groups[it->second].second.push_back(&res);
  }
  return groups;
}

std::string render_report(const Report& r, Format f) {
  std::string out;
  if (!r.per_object.empty()) out += per_object_section(r, f) + "\n";
  for (const auto& [title, rows] : group_by_scenario(r)) out += scenario_section(title, rows, f) + "\n";
  out += "Bytes are jemalloc size-class bytes. setup retained: live after setup. steady cumulative:\n"
         "every byte allocated in the steady phase (churn); retained growth: what stayed live.\n";
  if (f == Format::kMarkdown) {
    // keep markdown free of the plain-text footnote's hard line breaks
    out.replace(out.rfind("Bytes are"), std::string::npos,
                "_Bytes are jemalloc size-class bytes. **setup retained**: live after setup. "
                "**steady cumulative**: every byte allocated in the steady phase (churn); "
                "**retained growth**: what stayed live._\n");
  }
  return out;
}

}  // namespace sigheap::report
