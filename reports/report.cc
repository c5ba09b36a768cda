#include "reports/report.h"

#include <algorithm>

namespace sigheap::report {

namespace {
constexpr std::pair<Status, std::string_view> kStatusNames[] = {
    {Status::kOk, "ok"},
    {Status::kError, "error"},
    {Status::kCrashed, "crashed"},
    {Status::kTimeout, "timeout"},
    {Status::kSkipped, "skipped"},
};
}  // namespace

std::string_view to_string(Status s) {
  for (const auto& [status, name] : kStatusNames) {
    if (status == s) return name;
  }
  return "error";
}

std::optional<Status> status_from_string(std::string_view s) {
  for (const auto& [status, name] : kStatusNames) {
    if (name == s) return status;
  }
  return std::nullopt;
}

std::string params_label(const Params& p) {
  std::string out;
  for (const auto& [k, v] : p) {
    if (!out.empty()) out += ',';
    out += k + '=' + std::to_string(v);
  }
  return out;
}

std::string impl_label(const std::string& impl, const std::string& engine) {
  return engine.empty() ? impl : impl + " (" + engine + ")";
}

std::string result_key(const Result& r) {
  std::string key = impl_label(r.impl, r.engine) + ' ' + r.scenario;
  if (!r.params.empty()) key += '[' + params_label(r.params) + ']';
  return key;
}

std::string_view time_counter(const TimeBlock& t) {
  return t.counter ? std::string_view(*t.counter) : kCounterCpuNs;
}

std::string_view time_unit(std::string_view counter) {
  return counter == kCounterInstructions ? "instructions" : "ns";
}

std::string_view time_column(std::string_view counter) {
  return counter == kCounterInstructions ? "instr/iter" : "ns/iter";
}

std::string_view time_counter_of(const std::vector<const Result*>& results) {
  for (const Result* r : results) {
    if (r->time) return time_counter(*r->time);
  }
  return kCounterCpuNs;
}

bool any_failed(const Report& r) {
  return std::any_of(r.results.begin(), r.results.end(),
                     [](const Result& x) { return x.status != Status::kOk && x.status != Status::kSkipped; });
}

}  // namespace sigheap::report
