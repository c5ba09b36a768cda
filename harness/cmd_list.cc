// `sigheap list`: the registered models and scenarios, with parameters and defaults.
#include <fmt/format.h>

#include <algorithm>

#include "harness/commands.h"
#include "reports/render.h"

namespace sigheap {

Command add_list_command(CLI::App& app, const Invocation& inv) {
  auto* sub = app.add_subcommand("list", "List the registered impls (models) and scenarios");
  return {sub, [&m = inv.matrix] {
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
            return 0;
          }};
}

}  // namespace sigheap
