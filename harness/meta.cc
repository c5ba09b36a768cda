#include "harness/meta.h"

#include <unistd.h>

#include <ctime>

#include "harness/counting_allocator.h"

#ifndef SIGHEAP_VERSION
#define SIGHEAP_VERSION "unknown"
#endif
#ifndef SIGHEAP_GIT_COMMIT
#define SIGHEAP_GIT_COMMIT ""
#endif
#ifndef SIGHEAP_COMPILER
#define SIGHEAP_COMPILER "unknown"
#endif

namespace sigheap {

namespace {
std::string quote_arg(const std::string& a) {
  if (!a.empty() && a.find_first_of(" \t\n'\"\\$`*?") == std::string::npos) return a;
  std::string out = "'";
  for (char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

std::string tool_version() { return SIGHEAP_VERSION; }

std::string source_dir() { return SIGHEAP_SOURCE_DIR; }

report::Meta make_meta(int argc, char** argv, const std::string& config_json) {
  report::Meta m;
  m.tool_version = SIGHEAP_VERSION;
  m.git_commit = SIGHEAP_GIT_COMMIT;
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
  m.timestamp_utc = stamp;
  m.compiler = SIGHEAP_COMPILER;
  m.allocator = alloc::backend_name();
  const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  m.cpu_count = cpus > 0 ? static_cast<std::uint64_t>(cpus) : 1;
  for (int i = 0; i < argc; ++i) {
    if (i != 0) m.command_line += ' ';
    m.command_line += quote_arg(argv[i]);
  }
  m.config = config_json;
  return m;
}

}  // namespace sigheap
