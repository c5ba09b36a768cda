#include "tests/build_paths.h"

namespace sigheap::build_paths {

const std::string& sigheap_bin() {
  static const std::string path = SIGHEAP_BIN;
  return path;
}

const std::string& test_bin() {
  static const std::string path = SIGHEAP_TEST_BIN;
  return path;
}

const std::string& overhead_bin() {
  static const std::string path = SIGHEAP_OVERHEAD_BIN;
  return path;
}

const std::string& source_dir() {
  static const std::string path = SIGHEAP_SOURCE_DIR;
  return path;
}

bool sanitized() { return SIGHEAP_SANITIZED; }

}  // namespace sigheap::build_paths
