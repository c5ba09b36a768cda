#include "harness/js_reference.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "harness/meta.h"
#include "reports/atomic_write.h"
#include "reports/errors.h"
#include "reports/report_json.h"

extern char** environ;

namespace sigheap {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

struct NodeRun {
  int exit_code = -1;
  std::string out;  // stdout, when captured
  std::string err;  // the last line of stderr, when captured
};

// Runs `node runner.mjs args...`. Captured: stdout is returned and stderr's last line kept for the
// caller's one-line message; otherwise both are ours (progress, the runner's one-line errors).
NodeRun run_runner(const std::string& dir, const std::vector<std::string>& args, bool capture) {
  namespace fs = std::filesystem;
  std::vector<std::string> all = {"node", dir + "/runner.mjs"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  int pipe_fds[2] = {-1, -1};
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  const fs::path err_path = fs::temp_directory_path() / fmt::format("sigheap-js-err-{}.txt", ::getpid());
  if (capture) {
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw BadInput("--with-js: cannot create a pipe");
    ::posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    ::posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                       0600);
  }
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, "node", &actions, nullptr, argv.data(), environ);
  ::posix_spawn_file_actions_destroy(&actions);
  NodeRun run;
  if (capture) {
    ::close(pipe_fds[1]);
    if (spawned == 0) {
      char buf[65536];
      ssize_t n = 0;
      while ((n = ::read(pipe_fds[0], buf, sizeof buf)) > 0) run.out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(pipe_fds[0]);
  }
  if (spawned != 0) throw BadInput("--with-js: cannot start `node` (install Node.js: ./scripts/install-deps.sh)");
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (capture) {
    std::error_code ec;
    if (fs::exists(err_path, ec)) {
      std::string text;
      try {
        text = read_file(err_path.string());
      } catch (const BadInput&) {
      }
      while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
      run.err = text.substr(text.find_last_of('\n') == std::string::npos ? 0 : text.find_last_of('\n') + 1);
      fs::remove(err_path, ec);
    }
  }
  return run;
}

void add_adapters(std::vector<std::string>& args, const std::vector<std::string>& adapters) {
  namespace fs = std::filesystem;
  for (const auto& a : adapters) {
    std::error_code ec;
    if (!fs::is_regular_file(a, ec)) throw BadInput(fmt::format("--js-adapter {}: no such file", a));
    args.insert(args.end(), {"--adapter", fs::absolute(a).string()});
  }
}

}  // namespace

std::string js_reference_dir() {
  namespace fs = std::filesystem;
  const char* env = std::getenv("SIGHEAP_JS_REFERENCE");
  const fs::path dir =
      env != nullptr && *env != '\0' ? fs::path(env) : fs::path(source_dir()) / "scripts/js-reference";
  std::error_code ec;
  if (!fs::is_regular_file(dir / "runner.mjs", ec)) {
    throw BadInput(
        fmt::format("--with-js: no runner at {} (set SIGHEAP_JS_REFERENCE)", (dir / "runner.mjs").string()));
  }
  if (!fs::is_directory(dir / "node_modules", ec)) {
    throw BadInput(fmt::format("--with-js: the JavaScript packages are not installed: run ./scripts/js-deps.sh "
                               "(npm ci in {})",
                               dir.string()));
  }
  return dir.string();
}

JsListing list_js_libraries(const std::vector<std::string>& adapters) {
  const std::string dir = js_reference_dir();
  std::vector<std::string> args = {"list"};
  add_adapters(args, adapters);
  const NodeRun run = run_runner(dir, args, true);
  if (run.exit_code != 0) {
    throw BadInput(fmt::format("--with-js: the runner cannot list its libraries (exit {}){}{}", run.exit_code,
                               run.err.empty() ? "" : ": ", run.err));
  }
  JsListing out;
  try {
    const auto j = nlohmann::json::parse(run.out);
    const auto& e = j.at("engine_meta");
    out.engine = fmt::format("node {}, V8 {}, pointer compression {}", e.at("version").get<std::string>(),
                             e.at("v8").get<std::string>(), e.at("pointer_compression").get<bool>() ? "on" : "off");
    for (std::string_view name : kJsEngines) {
      const auto& e = j.at("engines").at(std::string(name));
      const bool available = e.at("available").get<bool>();
      out.engines.push_back({std::string(name), available,
                             e.at(available ? "description" : "reason").get<std::string>()});
    }
    for (const auto& l : j.at("libraries")) {
      JsLibrary lib{l.at("impl").get<std::string>(), l.at("package").get<std::string>(),
                    l.at("version").get<std::string>(), l.at("scenarios").get<std::vector<std::string>>(), {}};
      for (const auto& [s, why] : l.at("skipped").items()) lib.skipped.emplace_back(s, why.get<std::string>());
      out.libraries.push_back(std::move(lib));
    }
  } catch (const nlohmann::json::exception& e) {
    throw BadInput(fmt::format("--with-js: unreadable library list from the runner: {}", report::json_error_message(e)));
  }
  return out;
}

report::Report run_js_reference(const JsOptions& opt) {
  namespace fs = std::filesystem;
  const std::string dir = js_reference_dir();
  const fs::path out = fs::temp_directory_path() / fmt::format("sigheap-js-{}.json", ::getpid());
  std::vector<std::string> args = {"report", "--out", out.string(), "--skip-unknown", "1"};
  if (!opt.engines.empty()) args.insert(args.end(), {"--engine", join(opt.engines)});
  if (!opt.impls.empty()) args.insert(args.end(), {"--impl", join(opt.impls)});
  add_adapters(args, opt.adapters);
  if (opt.no_per_object) args.insert(args.end(), {"--no-per-object", "1"});
  if (opt.per_object_only) {
    args.insert(args.end(), {"--no-scenarios", "1"});
  } else if (!opt.scenarios.empty()) {
    args.insert(args.end(), {"--scenario", join(opt.scenarios)});
  }
  if (!opt.params.empty()) {
    std::string pairs;
    for (const auto& [k, v] : opt.params) pairs += fmt::format("{}{}={}", pairs.empty() ? "" : ",", k, v);
    args.insert(args.end(), {"--param", pairs});
  }
  if (opt.iterations) args.insert(args.end(), {"--iterations", std::to_string(*opt.iterations)});
  if (opt.jobs > 0) args.insert(args.end(), {"--jobs", std::to_string(opt.jobs)});
  if (opt.progress) args.insert(args.end(), {"--progress", "1"});
  else if (opt.progress_lines) args.insert(args.end(), {"--progress", "periodic"});
  const NodeRun run = run_runner(dir, args, false);
  std::error_code ec;
  const bool wrote = fs::exists(out, ec);
  if (!wrote || (run.exit_code != 0 && run.exit_code != 1)) {
    fs::remove(out, ec);
    throw BadInput(fmt::format("--with-js: the JavaScript runner failed (exit {})", run.exit_code));
  }
  report::Report js;
  try {
    js = report::read_report_file(out.string());
  } catch (...) {
    fs::remove(out, ec);
    throw;
  }
  fs::remove(out, ec);
  return js;
}

void check_js_engine_names(const std::vector<std::string>& engines) {
  for (const auto& e : engines) {
    if (std::find(std::begin(kJsEngines), std::end(kJsEngines), e) != std::end(kJsEngines)) continue;
    std::string known;
    for (std::string_view k : kJsEngines) known += fmt::format("{}{}", known.empty() ? "" : ", ", k);
    throw BadInput(fmt::format("--engine {}: unknown engine (known: {})", e, known));
  }
}

void check_js_engines_available(const std::vector<std::string>& engines, const JsListing& listing) {
  for (const auto& name : engines) {
    for (const JsEngine& e : listing.engines) {
      if (e.name == name && !e.available) throw BadInput(fmt::format("--engine {}: {}", name, e.detail));
    }
  }
}

void merge_js(report::Report& into, report::Report js) {
  for (auto& r : js.results) into.results.push_back(std::move(r));
  for (auto& [key, po] : js.per_object) into.per_object[key] = std::move(po);
  into.meta.js_engine = js.meta.js_engine;
  for (auto& [name, details] : js.meta.engines) into.meta.engines[name] = std::move(details);
}

}  // namespace sigheap
