#include "harness/private_dir.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "reports/errors.h"

namespace sigheap {

namespace fs = std::filesystem;

PrivateDir::PrivateDir(std::string_view prefix) {
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec) base = "/tmp";
  std::string pattern = (base / (std::string(prefix) + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw BadInput(
        fmt::format("cannot create a temporary folder in '{}' ({}); set TMPDIR to a writable folder",
                    base.string(), std::strerror(errno)));
  }
  path_ = std::move(pattern);
}

PrivateDir::~PrivateDir() {
  // A process that was killed a moment ago (a worker's valgrind, ended with its parent) may still
  // be closing a file in here: a few tries.
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::error_code ec;
    fs::remove_all(path_, ec);
    if (!ec && !fs::exists(path_, ec)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace sigheap
