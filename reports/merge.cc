#include "reports/merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "reports/errors.h"

namespace sigheap::report {

namespace {

// What must be equal for figures to be comparable: the same code, built the same way.
constexpr std::pair<std::string_view, std::string Meta::*> kBuildFields[] = {
    {"tool_version", &Meta::tool_version},
    {"git_commit", &Meta::git_commit},
    {"compiler", &Meta::compiler},
    {"allocator", &Meta::allocator},
};

// Config keys that may differ between the shards of one run: they depend on the machine and
// memory figures do not depend on them.
constexpr std::string_view kMachineConfigKeys[] = {"jobs"};

std::string shard_label(const Shard& s) { return fmt::format("{}/{}", s.index, s.count); }

void check_same_build(const MergeInput& first, const MergeInput& other) {
  for (const auto& [name, member] : kBuildFields) {
    const std::string& a = first.report.meta.*member;
    const std::string& b = other.report.meta.*member;
    if (a != b) {
      throw BadInput(fmt::format("{} and {} come from different sigheap builds ({} '{}' vs '{}')",
                                 first.source, other.source, name, a, b));
    }
  }
}

void check_same_js_engine(const std::vector<MergeInput>& inputs) {
  const MergeInput* first = nullptr;
  for (const MergeInput& in : inputs) {
    const auto& engine = in.report.meta.js_engine;
    if (!engine) continue;
    if (first == nullptr) first = &in;
    if (*engine != *first->report.meta.js_engine) {
      throw BadInput(fmt::format("{} and {} measured JavaScript in different engines ('{}' vs '{}')",
                                 first->source, in.source, *first->report.meta.js_engine, *engine));
    }
  }
}

// A merged report's times are in one counter (run --time-counter), so its tables have one unit.
void check_same_time_counter(const std::vector<MergeInput>& inputs) {
  const MergeInput* first = nullptr;
  std::string_view counter;
  for (const MergeInput& in : inputs) {
    for (const Result& r : in.report.results) {
      if (!r.time) continue;
      if (first == nullptr) {
        first = &in;
        counter = time_counter(*r.time);
      } else if (time_counter(*r.time) != counter) {
        throw BadInput(
            fmt::format("{} and {} were timed with different counters ('{}' vs '{}'; run --time-counter)",
                        first->source, in.source, counter, time_counter(*r.time)));
      }
    }
  }
}

// A JavaScript engine named in several inputs (meta.engines) must be the same build of it there.
std::map<std::string, std::string> union_of_engines(const std::vector<MergeInput>& inputs) {
  std::map<std::string, std::string> engines;
  std::map<std::string, const MergeInput*> named_by;
  for (const MergeInput& in : inputs) {
    for (const auto& [name, details] : in.report.meta.engines) {
      const auto [it, added] = engines.emplace(name, details);
      if (added) {
        named_by[name] = &in;
      } else if (it->second != details) {
        throw BadInput(
            fmt::format("{} and {} measured in different builds of engine '{}' (meta.engines differ)",
                        named_by[name]->source, in.source, name));
      }
    }
  }
  return engines;
}

nlohmann::json config_without_machine_keys(const std::string& config) {
  nlohmann::json j = config.empty() ? nlohmann::json::object() : nlohmann::json::parse(config);
  for (std::string_view key : kMachineConfigKeys) j.erase(std::string(key));
  return j;
}

// The first key whose value differs (both configs are JSON objects).
std::string first_difference(const nlohmann::json& a, const nlohmann::json& b) {
  for (const auto& [k, v] : a.items()) {
    if (!b.contains(k) || b[k] != v) return k;
  }
  for (const auto& [k, v] : b.items()) {
    if (!a.contains(k)) return k;
  }
  return {};
}

// The shards, ascending K: one split, each K once, one set of options.
std::vector<const MergeInput*> check_shards(const std::vector<MergeInput>& inputs) {
  std::vector<const MergeInput*> shards;
  for (const MergeInput& in : inputs) {
    if (in.report.meta.shard) shards.push_back(&in);
  }
  std::stable_sort(shards.begin(), shards.end(), [](const MergeInput* a, const MergeInput* b) {
    return a->report.meta.shard->index < b->report.meta.shard->index;
  });
  for (std::size_t i = 1; i < shards.size(); ++i) {
    const MergeInput& a = *shards[i - 1];
    const MergeInput& b = *shards[i];
    const Shard& sa = *a.report.meta.shard;
    const Shard& sb = *b.report.meta.shard;
    if (sa.count != sb.count) {
      throw BadInput(fmt::format("{} and {} are shards of different splits ({} and {})", a.source, b.source,
                                 shard_label(sa), shard_label(sb)));
    }
    if (sa.index == sb.index) {
      throw BadInput(fmt::format("{} and {} are both shard {}: overlapping shards cannot be merged", a.source,
                                 b.source, shard_label(sa)));
    }
  }
  for (std::size_t i = 1; i < shards.size(); ++i) {
    const std::string diff = first_difference(config_without_machine_keys(shards[0]->report.meta.config),
                                              config_without_machine_keys(shards[i]->report.meta.config));
    if (!diff.empty()) {
      throw BadInput(fmt::format("{} and {} are shards of runs with different options (config '{}' differs)",
                                 shards[0]->source, shards[i]->source, diff));
    }
  }
  return shards;
}

// Each result key and per-object key in one input only.
void check_no_overlap(const std::vector<MergeInput>& inputs) {
  std::map<std::string, const MergeInput*> owner;
  for (const MergeInput& in : inputs) {
    std::string first;
    const MergeInput* other = nullptr;
    std::size_t shared = 0;
    for (const Result& r : in.report.results) {
      const std::string key = result_key(r);
      const auto [it, added] = owner.emplace(key, &in);
      if (added || it->second == &in) continue;
      if (other == nullptr) {
        other = it->second;
        first = key;
      }
      shared += it->second == other ? 1 : 0;
    }
    if (other != nullptr) {
      throw BadInput(fmt::format(
          "{} and {} overlap: both have the result '{}'{}; merge needs disjoint shards", other->source,
          in.source, first, shared > 1 ? fmt::format(" and {} more", shared - 1) : ""));
    }
  }
  std::map<std::string, const MergeInput*> po_owner;
  for (const MergeInput& in : inputs) {
    for (const auto& [key, po] : in.report.per_object) {
      const auto [it, added] = po_owner.emplace(key, &in);
      if (!added && it->second != &in) {
        throw BadInput(
            fmt::format("{} and {} overlap: both have the per-object entry '{}'; merge needs "
                        "disjoint shards",
                        it->second->source, in.source, key));
      }
    }
  }
}

// Shards interleaved a result at a time (ascending K), then the unsharded inputs in order.
std::vector<Result> ordered_results(const std::vector<MergeInput>& inputs,
                                    const std::vector<const MergeInput*>& shards) {
  std::vector<Result> out;
  std::vector<std::size_t> next(shards.size(), 0);
  for (bool more = true; more;) {
    more = false;
    for (std::size_t s = 0; s < shards.size(); ++s) {
      const auto& results = shards[s]->report.results;
      if (next[s] < results.size()) {
        out.push_back(results[next[s]++]);
        more = true;
      }
    }
  }
  for (const MergeInput& in : inputs) {
    if (!in.report.meta.shard) out.insert(out.end(), in.report.results.begin(), in.report.results.end());
  }
  return out;
}

Meta merged_meta(const std::vector<MergeInput>& inputs, const std::vector<const MergeInput*>& shards) {
  const MergeInput& first = shards.empty() ? inputs.front() : *shards.front();
  Meta m = first.report.meta;
  m.shard.reset();
  m.wall_seconds.reset();
  MergeInfo info;
  info.reports = inputs.size();
  for (const MergeInput* s : shards) {
    info.shard_count = s->report.meta.shard->count;
    info.shards.push_back(s->report.meta.shard->index);
  }
  for (const MergeInput& in : inputs) {
    const Meta& x = in.report.meta;
    m.timestamp_utc = std::min(m.timestamp_utc, x.timestamp_utc);  // ISO 8601 sorts as text
    m.cpu_count = std::max(m.cpu_count, x.cpu_count);
    if (x.wall_seconds) m.wall_seconds = m.wall_seconds.value_or(0) + *x.wall_seconds;
    if (!m.js_engine) m.js_engine = x.js_engine;
  }
  m.engines = union_of_engines(inputs);
  m.merged = info;
  return m;
}

}  // namespace

Report merge_reports(const std::vector<MergeInput>& inputs) {
  if (inputs.empty()) throw BadInput("merge: no report given");
  for (const MergeInput& in : inputs) {
    if (in.report.schema != inputs.front().report.schema) {
      throw BadInput(fmt::format("{} and {} have different schemas ('{}' vs '{}')", inputs.front().source,
                                 in.source, inputs.front().report.schema, in.report.schema));
    }
    check_same_build(inputs.front(), in);
  }
  check_same_js_engine(inputs);
  check_same_time_counter(inputs);
  const std::vector<const MergeInput*> shards = check_shards(inputs);
  check_no_overlap(inputs);
  Report out;
  out.schema = inputs.front().report.schema;
  out.meta = merged_meta(inputs, shards);
  out.results = ordered_results(inputs, shards);
  for (const MergeInput& in : inputs) {
    out.per_object.insert(in.report.per_object.begin(), in.report.per_object.end());
  }
  return out;
}

}  // namespace sigheap::report
