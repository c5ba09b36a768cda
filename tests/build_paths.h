#pragma once
// Where this build's binaries and its checkout are, for the tests that run them. Defined in
// build_paths.cc only: the paths are absolute and differ in every checkout, so keeping them out of
// the other test files lets those compile the same everywhere, and ccache reuses them in another
// checkout (a fresh CI clone) instead of compiling them again.
#include <string>

namespace sigheap::build_paths {

const std::string& sigheap_bin();    // build/<preset>/sigheap
const std::string& test_bin();       // sigheap-test-cli: the CLI with the test-only models
const std::string& overhead_bin();   // sigheap-overhead
const std::string& source_dir();     // the checkout
bool sanitized();                    // the asan preset's build

}  // namespace sigheap::build_paths
