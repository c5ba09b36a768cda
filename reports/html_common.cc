#include "reports/html_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace sigheap::report::html {

std::string esc(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string breakable(std::string_view impl) {
  // Pieces that never break inside (a hyphen is no place to break a name), joined by <wbr>.
  std::string out, piece;
  auto flush = [&] {
    if (!piece.empty()) out += "<span class=\"nw\">" + esc(piece) + "</span>";
    piece.clear();
  };
  for (char c : impl) {
    if (c == ' ') {
      flush();
      out += "<wbr>";
    }
    piece += c;
    if (c == '/') {
      flush();
      out += "<wbr>";
    }
  }
  flush();
  return out;
}

bool is_real_library(std::string_view impl) { return impl.starts_with("js:"); }

std::string family(std::string_view impl) {
  if (is_real_library(impl)) impl.remove_prefix(3);
  while (!impl.empty() && impl.front() == '@') impl.remove_prefix(1);
  const std::size_t end = impl.find_first_of("-/ ");
  return std::string(impl.substr(0, end));
}

std::vector<std::string> ordered_impls(const Report& r) {
  std::vector<std::string> seen;
  auto add = [&](const std::string& label) {
    if (std::find(seen.begin(), seen.end(), label) == seen.end()) seen.push_back(label);
  };
  for (const auto& res : r.results) add(impl_label(res.impl, res.engine));
  for (const auto& [impl, po] : r.per_object) add(impl);
  // Families in the order their first model appears; families of real libraries alone after them.
  std::vector<std::string> families;
  for (bool real : {false, true}) {
    for (const auto& s : seen) {
      if (is_real_library(s) != real) continue;
      const std::string f = family(s);
      if (std::find(families.begin(), families.end(), f) == families.end()) families.push_back(f);
    }
  }
  std::vector<std::string> out;
  for (const auto& f : families) {
    for (bool real : {false, true}) {
      std::vector<std::string> members;
      for (const auto& s : seen) {
        if (is_real_library(s) == real && family(s) == f) members.push_back(s);
      }
      if (real) std::stable_sort(members.begin(), members.end());  // engines of a library side by side
      out.insert(out.end(), members.begin(), members.end());
    }
  }
  return out;
}

std::string anchor(std::string_view title) {
  std::string out = "s-";
  bool dash = false;
  for (char c : title) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) {
      if (dash && out.size() > 2) out += '-';
      out += l;
      dash = false;
    } else {
      dash = true;
    }
  }
  return out;
}

std::string short_title(const Report& r, const Result& res) {
  Params shown;
  for (const auto& [name, value] : res.params) {
    bool varies = false;
    for (const Result& other : r.results) {
      if (other.scenario != res.scenario) continue;
      for (const auto& [oname, ovalue] : other.params) varies = varies || (oname == name && ovalue != value);
    }
    if (varies) shown.emplace_back(name, value);
  }
  return shown.empty() ? res.scenario : res.scenario + " [" + params_label(shown) + "]";
}

std::string short_bytes(double v) {
  if (v == 0) return "0";
  const char* units[] = {"B", "KB", "MB", "GB"};
  double a = std::fabs(v);
  std::size_t u = 0;
  while (a >= 1024 && u + 1 < std::size(units)) {
    a /= 1024;
    ++u;
  }
  const std::string sign = v < 0 ? "-" : "";
  if (u == 0 && a < 9.95) return sign + fmt::format("{:.2g} B", a);
  if (u == 0) return sign + fmt::format("{:.0f} B", a);
  return sign + (a < 10 ? fmt::format("{:.1f} {}", a, units[u]) : fmt::format("{:.0f} {}", a, units[u]));
}

namespace {

struct Rgb {
  double r, g, b;
};

std::string hex(Rgb c) {
  auto ch = [](double x) { return static_cast<int>(std::lround(std::clamp(x, 0.0, 255.0))); };
  return fmt::format("#{:02x}{:02x}{:02x}", ch(c.r), ch(c.g), ch(c.b));
}

Rgb mix(Rgb a, Rgb b, double t) { return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t}; }

Rgb along(const std::vector<Rgb>& stops, double t) {
  t = std::clamp(t, 0.0, 1.0) * static_cast<double>(stops.size() - 1);
  const auto i = std::min(static_cast<std::size_t>(t), stops.size() - 2);
  return mix(stops[i], stops[i + 1], t - static_cast<double>(i));
}

// Viridis from its light end (yellow) to its dark end (purple), five stops.
const std::vector<Rgb> kViridis = {{253, 231, 37}, {94, 201, 98}, {33, 145, 140}, {59, 82, 139}, {68, 1, 84}};
// Blue (better) – white – orange-brown (worse), after ColorBrewer's PuOr, which colour-blind readers tell apart.
const std::vector<Rgb> kDiverging = {{33, 102, 172}, {146, 197, 222}, {247, 247, 247}, {244, 165, 130}, {179, 88, 6}};

}  // namespace

std::string sequential(double t) { return hex(along(kViridis, t)); }
std::string text_on_sequential(double t) { return t > 0.45 ? "#fff" : "#111"; }
std::string diverging(double t) { return hex(along(kDiverging, (std::clamp(t, -1.0, 1.0) + 1) / 2)); }

std::string part_colour(std::size_t i) {
  static constexpr std::array<const char*, 10> kParts = {"#D55E00", "#009E73", "#CC79A7", "#F0E442", "#56B4E9",
                                                         "#999999", "#005f46", "#8c5a00", "#7a3b69", "#000000"};
  return kParts[i % kParts.size()];
}

std::optional<double> setup_retained(const Result& r) {
  if (r.engine_phases) return static_cast<double>(r.engine_phases->setup.retained_bytes);
  if (r.setup) return static_cast<double>(r.setup->retained_bytes);
  return std::nullopt;
}

std::optional<double> churn_per_iteration(const Result& r) {
  if (r.engine_phases) {
    if (!r.engine_phases->steady) return std::nullopt;
    return r.engine_phases->steady->bytes_per_iteration;
  }
  if (r.steady) return r.steady->bytes_per_iteration;
  return std::nullopt;
}

}  // namespace sigheap::report::html
