#include "harness/js_reference.h"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "reports/errors.h"
#include "reports/report_json.h"

extern char** environ;

namespace sigheap {

std::string js_reference_dir() {
  namespace fs = std::filesystem;
  const char* env = std::getenv("SIGHEAP_JS_REFERENCE");
  const fs::path dir =
      env != nullptr && *env != '\0' ? fs::path(env) : fs::path(SIGHEAP_SOURCE_DIR) / "scripts/js-reference";
  std::error_code ec;
  if (!fs::is_regular_file(dir / "runner.mjs", ec)) {
    throw BadInput(
        fmt::format("--with-js: no runner at {} (set SIGHEAP_JS_REFERENCE)", (dir / "runner.mjs").string()));
  }
  if (!fs::is_directory(dir / "node_modules/@preact/signals-core", ec) ||
      !fs::is_directory(dir / "node_modules/alien-signals", ec)) {
    throw BadInput(fmt::format("--with-js: the JavaScript packages are not installed: run `npm ci` in {}",
                               dir.string()));
  }
  return dir.string();
}

report::Report run_js_reference(const JsOptions& opt) {
  namespace fs = std::filesystem;
  const std::string dir = js_reference_dir();
  const fs::path out = fs::temp_directory_path() / fmt::format("sigheap-js-{}.json", ::getpid());
  std::vector<std::string> args = {"node",
                                   dir + "/runner.mjs",
                                   "report",
                                   "--out",
                                   out.string(),
                                   "--repetitions",
                                   std::to_string(opt.repetitions),
                                   "--skip-unknown",
                                   "1"};
  if (!opt.scenarios.empty()) {
    std::string names;
    for (const auto& s : opt.scenarios) names += (names.empty() ? "" : ",") + s;
    args.insert(args.end(), {"--scenario", names});
  }
  if (!opt.params.empty()) {
    std::string pairs;
    for (const auto& [k, v] : opt.params) pairs += fmt::format("{}{}={}", pairs.empty() ? "" : ",", k, v);
    args.insert(args.end(), {"--param", pairs});
  }
  if (opt.iterations) args.insert(args.end(), {"--iterations", std::to_string(*opt.iterations)});
  if (opt.jobs > 0) args.insert(args.end(), {"--jobs", std::to_string(opt.jobs)});
  if (opt.progress) args.insert(args.end(), {"--progress", "1"});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (::posix_spawnp(&pid, "node", nullptr, nullptr, argv.data(), environ) != 0) {
    throw BadInput("--with-js: cannot start `node` (install Node.js: ./scripts/install-deps.sh)");
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  std::error_code ec;
  const bool wrote = fs::exists(out, ec);
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (!wrote || (code != 0 && code != 1)) {
    fs::remove(out, ec);
    throw BadInput(fmt::format("--with-js: the JavaScript runner failed (exit {})", code));
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

void merge_js(report::Report& into, report::Report js) {
  for (auto& r : js.results) into.results.push_back(std::move(r));
  for (auto& [impl, po] : js.per_object) into.per_object[impl] = std::move(po);
  into.meta.js_engine = js.meta.js_engine;
}

}  // namespace sigheap
