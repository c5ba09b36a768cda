#include "harness/attribution.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace sigheap {

report::PerObject fit_attribution(const std::vector<AttributionRow>& rows,
                                  const std::vector<scenarios::AttributionSample>& samples) {
  std::vector<std::vector<double>> x;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Counts& c = rows[i].counts;
    if (c != samples[i].counts()) {
      throw std::runtime_error(fmt::format(
          "attribution sample {} has shape {} signals, {} computeds, {} effects, {} edges; expected {}, {}, {}, {}",
          i, c.signals, c.computeds, c.effects, c.edges, samples[i].counts().signals,
          samples[i].counts().computeds, samples[i].counts().effects, samples[i].counts().edges));
    }
    // Column order: signal, computed, edge, effect, graph (report::kObjectKinds).
    x.push_back({static_cast<double>(c.signals), static_cast<double>(c.computeds), static_cast<double>(c.edges),
                 static_cast<double>(c.effects), 1.0});
  }
  report::PerObject out;
  out.samples = rows.size();
  auto fit_column = [&](double AttributionRow::*field, auto report::ObjectCost::*target) {
    std::vector<double> y;
    for (const auto& r : rows) y.push_back(r.*field);
    const auto fit = least_squares(x, y);
    if (!fit) throw std::runtime_error("attribution fit failed: samples do not determine every cost");
    for (std::size_t k = 0; k < std::size(report::kObjectKinds); ++k) {
      out.costs[std::string(report::kObjectKinds[k])].*target = fit->coefficients[k];
    }
    out.residual = std::max(out.residual.value_or(0), fit->max_abs_residual);
  };
  fit_column(&AttributionRow::bytes, &report::ObjectCost::bytes);
  fit_column(&AttributionRow::requested_bytes, &report::ObjectCost::requested_bytes);
  fit_column(&AttributionRow::allocs, &report::ObjectCost::allocs);
  return out;
}

}  // namespace sigheap
