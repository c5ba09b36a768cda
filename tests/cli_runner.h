#pragma once
// Running a sigheap binary from an end-to-end test: its exit code, stdout and stderr, in a
// directory of the test's own that is removed afterwards.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/build_paths.h"

namespace sigheap::testing {

struct Output {
  int exit_code;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  explicit CliTest(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           (prefix_ + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  // `binary` may start with environment assignments or "cd DIR &&".
  Output sigheap(const std::string& args, const std::string& binary = sigheap::build_paths::sigheap_bin()) const {
    const std::filesystem::path out = dir_ / "stdout.txt";
    const std::filesystem::path err = dir_ / "stderr.txt";
    const std::string cmd = binary + " " + args + " >" + out.string() + " 2>" + err.string() + " </dev/null";
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // The default suite's JSON report: the one ./scripts/test.sh made (SIGHEAP_SUITE_REPORT), so
  // that the suite runs once per test run, or a fresh one in this test's directory.
  std::string suite_report() const {
    if (const char* made = std::getenv("SIGHEAP_SUITE_REPORT"); made != nullptr && *made != '\0') return made;
    const std::string r = path("suite.json");
    const Output o = sigheap("run -q --format json --out " + r);
    EXPECT_EQ(o.exit_code, 0) << o.err;
    return r;
  }

  std::filesystem::path dir_;

 private:
  std::string prefix_;
};

}  // namespace sigheap::testing
