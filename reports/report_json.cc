#include "reports/report_json.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <type_traits>

#include "reports/atomic_write.h"
#include "reports/errors.h"

namespace sigheap::report {

namespace {

template <class T>
concept HasFields = requires { fields(static_cast<const T*>(nullptr)); };

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};
template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

// ---- writing --------------------------------------------------------------------------------

template <class T>
Json value_to_json(const T& v);

template <HasFields S>
Json struct_to_json(const S& s) {
  Json j = Json::object();
  auto put = [&](const auto& f) {
    const auto& v = s.*(f.member);
    if constexpr (IsOptional<std::remove_cvref_t<decltype(v)>>::value) {
      if (v) j[std::string(f.name)] = value_to_json(*v);  // absent when empty
    } else {
      j[std::string(f.name)] = value_to_json(v);
    }
  };
  std::apply([&](auto... f) { (put(f), ...); }, fields(static_cast<const S*>(nullptr)));
  return j;
}

template <class T>
Json value_to_json(const T& v) {
  if constexpr (HasFields<T>) {
    return struct_to_json(v);
  } else if constexpr (IsVector<T>::value) {
    Json a = Json::array();
    for (const auto& x : v) a.push_back(value_to_json(x));
    return a;
  } else {
    return Json(v);
  }
}

// ---- reading --------------------------------------------------------------------------------

// A position in the document being read; every failure names it.
class Reader {
 public:
  Reader(const Json& j, std::string path, const std::string& source)
      : j_(j), path_(std::move(path)), source_(source) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw BadInput(source_ + ": " + path_ + ": " + what);
  }

  const Json& json() const { return j_; }

  Reader member(std::string_view key) const {
    expect_object();
    auto it = j_.find(std::string(key));
    if (it == j_.end()) fail("missing field '" + std::string(key) + "'");
    return Reader(*it, path_ + "." + std::string(key), source_);
  }
  bool has(std::string_view key) const { return j_.is_object() && j_.contains(std::string(key)); }

  Reader element(std::size_t i) const {
    return Reader(j_[i], path_ + "[" + std::to_string(i) + "]", source_);
  }

  void expect_object() const {
    if (!j_.is_object()) fail("expected an object, got " + kind());
  }
  void expect_array() const {
    if (!j_.is_array()) fail("expected an array, got " + kind());
  }

  template <class T>
  void read(T& out) const {
    if constexpr (HasFields<T>) {
      expect_object();
      auto get = [&](const auto& f) {
        auto& v = out.*(f.member);
        if constexpr (IsOptional<std::remove_cvref_t<decltype(v)>>::value) {
          read_optional(f.name, v);  // may be absent
        } else {
          member(f.name).read(v);
        }
      };
      std::apply([&](auto... f) { (get(f), ...); }, fields(static_cast<const T*>(nullptr)));
    } else if constexpr (IsVector<T>::value) {
      expect_array();
      out.clear();
      out.resize(j_.size());
      for (std::size_t i = 0; i < j_.size(); ++i) element(i).read(out[i]);
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (!j_.is_string()) fail("expected a string, got " + kind());
      out = j_.template get<std::string>();
    } else if constexpr (std::is_same_v<T, double>) {
      if (!j_.is_number()) fail("expected a number, got " + kind());
      out = j_.template get<double>();
      if (!std::isfinite(out)) fail("expected a finite number");
    } else if constexpr (std::is_same_v<T, std::uint64_t>) {
      if (j_.is_number_unsigned()) {
        out = j_.template get<std::uint64_t>();
      } else {
        fail("expected a non-negative integer, got " + kind());
      }
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
      if (j_.is_number_unsigned() && j_.template get<std::uint64_t>() > INT64_MAX) {
        fail("integer out of range");
      }
      if (!j_.is_number_integer()) fail("expected an integer, got " + kind());
      out = j_.template get<std::int64_t>();
    } else {
      static_assert(std::is_void_v<T>, "no reader for this type");
    }
  }

  template <class T>
  void read_optional(std::string_view key, std::optional<T>& out) const {
    if (!has(key)) {
      out.reset();
      return;
    }
    T v{};
    member(key).read(v);
    out = std::move(v);
  }

 private:
  std::string kind() const {
    if (j_.is_number_integer() && !j_.is_number_unsigned()) {
      return std::to_string(j_.template get<std::int64_t>());
    }
    if (j_.is_number()) return j_.dump();
    return j_.type_name();
  }

  const Json& j_;
  std::string path_;
  const std::string& source_;
};

// Counts and bytes are never negative, except the differences that may be by definition: the
// steady phase's growth and timeline (memory freed below the phase's start) and a failed result's
// residual (without jemalloc's cross-check, an uncounted allocation shows as a negative residual).
// Checksums and parameters are not counts.
bool may_be_negative(std::string_view key, bool failed) {
  if (key == "retained_growth_bytes" || key == "live_bytes" || key == "checksum" || key == "params") return true;
  return failed && (key == "residual_bytes" || key == "residual_blocks");
}

void check_not_negative(const Json& j, const std::string& path, const std::string& source, bool failed) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (!may_be_negative(k, failed)) check_not_negative(v, path + "." + k, source, failed);
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) check_not_negative(j[i], path + "[" + std::to_string(i) + "]", source, failed);
  } else if (j.is_number() && j.get<double>() < 0) {
    throw BadInput(source + ": " + path + ": " + j.dump() + " is negative (a count or a size never is)");
  }
}

Result read_result(const Reader& r) {
  r.expect_object();
  Result out;
  r.member("impl").read(out.impl);
  if (r.has("engine")) {
    r.member("engine").read(out.engine);
    if (out.engine.empty()) r.member("engine").fail("expected an engine name");
  }
  r.read_optional("library", out.library);
  r.member("scenario").read(out.scenario);
  const Reader params = r.member("params");
  params.expect_object();
  for (const auto& [k, v] : params.json().items()) {
    std::int64_t value = 0;
    params.member(k).read(value);
    out.params.emplace_back(k, value);
  }
  std::string status;
  r.member("status").read(status);
  const auto s = status_from_string(status);
  if (!s) r.member("status").fail("unknown status '" + status + "' (ok, error, crashed, timeout, skipped)");
  out.status = *s;
  if (r.has("error")) r.member("error").read(out.error);
  if (out.status == Status::kSkipped && out.error.empty()) r.fail("a skipped result says why in 'error'");
  r.read_optional("checksum", out.checksum);
  r.read_optional("shape", out.shape);
  r.read_optional("time", out.time);
  if (out.time && out.time->counter && *out.time->counter != kCounterCpuNs &&
      *out.time->counter != kCounterInstructions) {
    r.member("time").member("counter").fail(fmt::format("unknown counter '{}' ({}, {})", *out.time->counter,
                                                        kCounterCpuNs, kCounterInstructions));
  }
  r.read_optional("inexact", out.inexact);
  if (!out.engine.empty()) {
    // A real library measured in an engine: its own setup, steady and teardown.
    if (r.has("setup") || r.has("steady") || r.has("teardown")) {
      EnginePhases e;
      r.member("setup").read(e.setup);
      r.read_optional("steady", e.steady);
      r.member("teardown").read(e.teardown);
      out.engine_phases = std::move(e);
    }
    if (out.status == Status::kOk && (!out.checksum || !out.engine_phases)) {
      r.fail("result with status ok lacks 'checksum', 'setup' or 'teardown'");
    }
    return out;
  }
  r.read_optional("setup", out.setup);
  r.read_optional("steady", out.steady);
  r.read_optional("teardown", out.teardown);
  if (out.status == Status::kOk) {
    for (const char* phase : {"checksum", "shape", "setup", "steady", "teardown"}) {
      if (!r.has(phase)) r.fail("result with status ok lacks '" + std::string(phase) + "'");
    }
  }
  return out;
}

PerObject read_per_object(const Reader& r, const std::string& key) {
  r.expect_object();
  PerObject out;
  r.read_optional("engine", out.engine);
  r.read_optional("impl", out.impl);
  r.read_optional("library", out.library);
  r.read_optional("inexact", out.inexact);
  for (std::string_view kind : kObjectKinds) {
    // A model has every kind; an engine entry has the kinds it measured.
    if (out.engine && !r.has(kind)) continue;
    ObjectCost c;
    r.member(kind).read(c);
    out.costs.emplace(std::string(kind), c);
  }
  r.read_optional("residual", out.residual);
  r.member("samples").read(out.samples);
  if (!out.residual && !out.engine) r.fail("missing field 'residual'");
  if (out.engine) {
    if (!out.impl) r.fail("missing field 'impl' (an entry with an engine names its impl)");
    if (key != impl_label(*out.impl, *out.engine)) {
      r.fail("key '" + key + "' is not '" + impl_label(*out.impl, *out.engine) + "'");
    }
  }
  return out;
}

Meta read_meta(const Reader& r) {
  r.expect_object();
  Meta m;
  r.member("tool_version").read(m.tool_version);
  r.member("git_commit").read(m.git_commit);
  r.member("timestamp_utc").read(m.timestamp_utc);
  r.member("compiler").read(m.compiler);
  r.member("allocator").read(m.allocator);
  r.member("cpu_count").read(m.cpu_count);
  r.member("command_line").read(m.command_line);
  const Reader config = r.member("config");
  config.expect_object();
  m.config = config.json().dump();
  r.read_optional("wall_seconds", m.wall_seconds);
  r.read_optional("js_engine", m.js_engine);
  if (r.has("engines")) {
    const Reader engines = r.member("engines");
    engines.expect_object();
    for (const auto& [name, details] : engines.json().items()) {
      engines.member(name).expect_object();
      m.engines.emplace(name, details.dump());
    }
  }
  r.read_optional("shard", m.shard);
  r.read_optional("merged", m.merged);
  if (m.shard && (m.shard->count == 0 || m.shard->index == 0 || m.shard->index > m.shard->count)) {
    r.member("shard").fail("index must be between 1 and count");
  }
  return m;
}

}  // namespace

Json to_json(const Result& r) {
  Json j = Json::object();
  j["impl"] = r.impl;
  if (!r.engine.empty()) j["engine"] = r.engine;
  if (r.library) j["library"] = struct_to_json(*r.library);
  j["scenario"] = r.scenario;
  Json params = Json::object();
  for (const auto& [k, v] : r.params) params[k] = v;
  j["params"] = params;
  j["status"] = std::string(to_string(r.status));
  if (!r.error.empty()) j["error"] = r.error;
  if (r.checksum) j["checksum"] = *r.checksum;
  if (r.shape) j["shape"] = struct_to_json(*r.shape);
  if (r.setup) j["setup"] = struct_to_json(*r.setup);
  if (r.steady) j["steady"] = struct_to_json(*r.steady);
  if (r.teardown) j["teardown"] = struct_to_json(*r.teardown);
  if (r.engine_phases) {
    j["setup"] = struct_to_json(r.engine_phases->setup);
    if (r.engine_phases->steady) j["steady"] = struct_to_json(*r.engine_phases->steady);
    j["teardown"] = struct_to_json(r.engine_phases->teardown);
  }
  if (r.time) j["time"] = struct_to_json(*r.time);
  if (r.inexact) j["inexact"] = *r.inexact;
  return j;
}

Json to_json(const PerObject& po) {
  Json p = Json::object();
  if (po.impl) p["impl"] = *po.impl;
  if (po.engine) p["engine"] = *po.engine;
  if (po.library) p["library"] = struct_to_json(*po.library);
  if (po.inexact) p["inexact"] = *po.inexact;
  for (std::string_view kind : kObjectKinds) {
    auto it = po.costs.find(std::string(kind));
    if (it == po.costs.end() && po.engine) continue;  // not measured in the engine
    p[std::string(kind)] = struct_to_json(it == po.costs.end() ? ObjectCost{} : it->second);
  }
  if (po.residual) p["residual"] = *po.residual;
  p["samples"] = po.samples;
  return p;
}

PerObject per_object_from_json(const Json& j, const std::string& source) {
  const Reader r(j, "$", source);
  std::string key;
  if (r.has("impl") && r.has("engine") && j["impl"].is_string() && j["engine"].is_string()) {
    key = impl_label(j["impl"].get<std::string>(), j["engine"].get<std::string>());
  }
  return read_per_object(r, key);
}

Json to_json(const Report& r) {
  Json j = Json::object();
  j["schema"] = r.schema;
  Json meta = Json::object();
  meta["tool_version"] = r.meta.tool_version;
  meta["git_commit"] = r.meta.git_commit;
  meta["timestamp_utc"] = r.meta.timestamp_utc;
  meta["compiler"] = r.meta.compiler;
  meta["allocator"] = r.meta.allocator;
  meta["cpu_count"] = r.meta.cpu_count;
  meta["command_line"] = r.meta.command_line;
  meta["config"] = r.meta.config.empty() ? Json::object() : Json::parse(r.meta.config);
  if (r.meta.wall_seconds) meta["wall_seconds"] = *r.meta.wall_seconds;
  if (r.meta.js_engine) meta["js_engine"] = *r.meta.js_engine;
  if (!r.meta.engines.empty()) {
    Json engines = Json::object();
    for (const auto& [name, details] : r.meta.engines) engines[name] = Json::parse(details);
    meta["engines"] = engines;
  }
  if (r.meta.shard) meta["shard"] = struct_to_json(*r.meta.shard);
  if (r.meta.merged) meta["merged"] = struct_to_json(*r.meta.merged);
  j["meta"] = meta;
  Json results = Json::array();
  for (const auto& res : r.results) results.push_back(to_json(res));
  j["results"] = results;
  Json per_object = Json::object();
  for (const auto& [impl, po] : r.per_object) per_object[impl] = to_json(po);
  j["per_object"] = per_object;
  return j;
}

Result result_from_json(const Json& j, const std::string& source) {
  return read_result(Reader(j, "$", source));
}

Report report_from_json(const Json& j, const std::string& source) {
  const Reader root(j, "$", source);
  root.expect_object();
  Report out;
  root.member("schema").read(out.schema);
  if (out.schema != kSchema) {
    root.member("schema").fail("unsupported schema '" + out.schema + "' (this sigheap reads '" +
                               std::string(kSchema) + "')");
  }
  out.meta = read_meta(root.member("meta"));
  const Reader results = root.member("results");
  results.expect_array();
  std::map<std::string, std::size_t> index_of;  // result_key -> first index: a result is measured once
  for (std::size_t i = 0; i < results.json().size(); ++i) {
    const Reader element = results.element(i);
    out.results.push_back(read_result(element));
    const Result& r = out.results.back();
    const bool failed = r.status != Status::kOk && r.status != Status::kSkipped;
    // A model's figures are counted allocations; an engine's are differences of heap snapshots
    // (N vs 2N, after vs before), whose breakdown groups and sites may legitimately be negative.
    if (r.engine.empty()) check_not_negative(element.json(), "$.results[" + std::to_string(i) + "]", source, failed);
    const auto [it, added] = index_of.emplace(result_key(r), i);
    if (!added) element.fail(fmt::format("duplicate of $.results[{}] ({})", it->second, it->first));
  }
  const Reader per_object = root.member("per_object");
  per_object.expect_object();
  for (const auto& [impl, value] : per_object.json().items()) {
    const PerObject& p = out.per_object.emplace(impl, read_per_object(per_object.member(impl), impl)).first->second;
    if (!p.engine) check_not_negative(value, "$.per_object." + impl, source, false);
  }
  return out;
}

Report parse_report(const std::string& text, const std::string& source) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::exception& e) {  // parse errors, and number overflow (1e999)
    throw BadInput(source + ": malformed JSON: " + json_error_message(e));
  }
  return report_from_json(j, source);
}

std::string json_error_message(const std::exception& e) {
  std::string what = e.what();
  if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
  return what;
}

Report read_report_file(const std::string& path) { return parse_report(read_file(path), path); }

std::string dump(const Report& r) { return to_json(r).dump(2) + "\n"; }

std::string dump_line(const Result& r) { return to_json(r).dump(); }
std::string dump_line(const PerObject& p) { return to_json(p).dump(); }
std::string dump_line(const std::vector<double>& numbers) { return Json(numbers).dump(); }

Result parse_result(const std::string& text, const std::string& source) {
  return result_from_json(Json::parse(text), source);
}

PerObject parse_per_object(const std::string& text, const std::string& source) {
  return per_object_from_json(Json::parse(text), source);
}

std::vector<double> parse_numbers(const std::string& text) { return Json::parse(text).get<std::vector<double>>(); }

}  // namespace sigheap::report
