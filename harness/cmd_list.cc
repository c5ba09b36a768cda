// `sigheap list`: the registered models and scenarios, with parameters and defaults.
#include <fmt/format.h>

#include <algorithm>

#include <memory>

#include "harness/commands.h"
#include "harness/js_reference.h"
#include "reports/errors.h"
#include "reports/render.h"

namespace sigheap {

namespace {

// The real JavaScript libraries, when node and the packages are there (else one line saying why).
void print_js_libraries(const std::vector<std::string>& adapters, std::size_t w) {
  JsListing listing;
  try {
    listing = list_js_libraries(adapters);
  } catch (const BadInput& e) {
    if (!adapters.empty()) throw;
    fmt::print("\nJavaScript libraries (run --with-js): unavailable: {}\n", e.what());
    return;
  }
  fmt::print("\nJavaScript engines (run --with-js --engine NAME,...):\n");
  for (const JsEngine& e : listing.engines) {
    fmt::print("  {:<9} {}{}\n", e.name, e.available ? "" : "unavailable: ", e.detail);
  }
  fmt::print("\nJavaScript libraries (run --with-js; {}):\n", listing.engine);
  for (const JsLibrary& l : listing.libraries) {
    w = std::max(w, l.impl.size());
    fmt::print("  {:<{}} {} {}, {} scenarios\n", l.impl, w, l.package, l.version, l.scenarios.size());
    for (const auto& [scenario, why] : l.skipped) fmt::print("  {:<{}}   skips {}: {}\n", "", w, scenario, why);
  }
}

}  // namespace

Command add_list_command(CLI::App& app, const Invocation& inv) {
  auto* sub = app.add_subcommand("list", "List the registered impls (models), scenarios and JavaScript libraries");
  auto adapters = std::make_shared<std::vector<std::string>>();
  sub->add_option("--js-adapter", *adapters, "Also list this JavaScript library adapter (repeatable)");
  return {sub, [&m = inv.matrix, adapters] {
            std::size_t w = 34;  // the name column: as wide as the longest name
            for (const ImplInfo& i : m.impls) w = std::max(w, i.name.size());
            for (const ScenarioInfo& s : m.scenarios) w = std::max(w, s.name.size());
            fmt::print("impls:\n");
            for (const ImplInfo& i : m.impls) fmt::print("  {:<{}} {}\n", i.name, w, i.description);
            fmt::print("\nscenarios (default iterations; parameters = default):\n");
            for (const ScenarioInfo& s : m.scenarios) {
              fmt::print("  {:<{}} {} iterations\n", s.name, w,
                         report::group_digits(static_cast<std::int64_t>(s.default_iterations)));
              fmt::print("  {:<{}} {}\n", "", w, s.description);
              for (const ParamSpec& p : s.params) {
                fmt::print("  {:<{}}   --param {}={}  {} (min {})\n", "", w, p.name, p.default_value, p.help,
                           p.min_value);
              }
              if (s.param_sets.size() > 1) {
                std::string sets;
                for (const auto& set : s.param_sets) {
                  sets += sets.empty() ? "" : "; ";
                  for (std::size_t k = 0; k < set.size(); ++k) {
                    sets += fmt::format("{}{}={}", k == 0 ? "" : ",", s.params[k].name, set[k]);
                  }
                }
                fmt::print("  {:<{}}   default suite runs: {}\n", "", w, sets);
              }
            }
            print_js_libraries(*adapters, w);
            return 0;
          }};
}

}  // namespace sigheap
