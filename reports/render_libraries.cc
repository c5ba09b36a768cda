#include "reports/render_libraries.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

namespace sigheap::report {
namespace {

constexpr std::string_view kKinds[] = {"signal", "computed", "edge", "effect"};

// "node 20.20.2, V8 11.3.244.8, pointer compression off" from meta.engines' JSON text; the text
// as it is when it is not the runner's shape.
std::string engine_label(const std::string& name, const std::string& details) {
  const auto j = nlohmann::json::parse(details, nullptr, false);
  if (!j.is_object() || !j.contains("version")) return name + " " + details;
  std::string out = fmt::format("{} {}", name, j["version"].is_string() ? j["version"].get<std::string>() : "");
  if (j.contains("v8") && j["v8"].is_string()) out += ", V8 " + j["v8"].get<std::string>();
  if (j.contains("pointer_compression") && j["pointer_compression"].is_boolean()) {
    out += fmt::format(", pointer compression {}", j["pointer_compression"].get<bool>() ? "on" : "off");
  }
  return out;
}

}  // namespace

std::string render_libraries(const Report& r, Format f, std::size_t width) {
  std::set<std::string> engines;
  for (const auto& [key, po] : r.per_object) {
    if (po.engine) engines.insert(*po.engine);
  }
  if (engines.empty()) return "";
  // One engine (the usual report): named below the table instead of in a column of its own.
  const bool engine_column = engines.size() > 1;
  Table t;
  t.max_width = f == Format::kTable ? width : 0;
  t.header = {"library", "package", "version"};
  if (engine_column) t.header.emplace_back("engine");
  const std::size_t text_columns = t.header.size();
  for (std::string_view kind : kKinds) t.header.emplace_back(kind);
  t.right_aligned.assign(t.header.size(), true);
  for (std::size_t c = 0; c < text_columns; ++c) t.right_aligned[c] = false;
  for (const auto& [key, po] : r.per_object) {
    if (!po.engine) continue;
    std::vector<std::string> row{po.impl.value_or(key), po.library ? po.library->package : "-",
                                 po.library ? po.library->version : "-"};
    if (engine_column) row.push_back(*po.engine);
    for (std::string_view kind : kKinds) {
      const auto it = po.costs.find(std::string(kind));
      row.push_back(it == po.costs.end() ? "-" : format_number(it->second.bytes));
    }
    t.rows.push_back(std::move(row));
  }
  std::string out = t.render(f) + (f == Format::kMarkdown ? "\n" : "");
  for (const auto& [name, details] : r.meta.engines) {
    if (!engines.contains(name)) continue;
    const std::string line = "Bytes per object in " + engine_label(name, details);
    out += f == Format::kMarkdown ? "_" + line + "_\n" : line + "\n";
  }
  return out;
}

}  // namespace sigheap::report
