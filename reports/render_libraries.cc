#include "reports/render_libraries.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
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

std::string render_libraries(const Report& r, Format f) {
  Table t;
  t.header = {"library", "package", "version", "engine"};
  for (std::string_view kind : kKinds) t.header.emplace_back(kind);
  t.right_aligned.assign(t.header.size(), true);
  for (std::size_t c = 0; c < 4; ++c) t.right_aligned[c] = false;
  for (const auto& [key, po] : r.per_object) {
    if (!po.engine) continue;
    std::vector<std::string> row{po.impl.value_or(key), po.library ? po.library->package : "-",
                                 po.library ? po.library->version : "-", *po.engine};
    for (std::string_view kind : kKinds) {
      const auto it = po.costs.find(std::string(kind));
      row.push_back(it == po.costs.end() ? "-" : format_number(it->second.bytes) + " B");
    }
    t.rows.push_back(std::move(row));
  }
  if (t.rows.empty()) return "";
  std::string out = t.render(f);
  out += f == Format::kMarkdown ? "\n" : "";
  for (const auto& [name, details] : r.meta.engines) {
    const std::string line = engine_label(name, details);
    out += f == Format::kMarkdown ? "_" + line + "_\n" : line + "\n";
  }
  return out;
}

}  // namespace sigheap::report
