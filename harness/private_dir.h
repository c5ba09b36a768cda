#pragma once
// A temporary folder of the run's own: created under $TMPDIR (else /tmp) with mode 0700, removed
// with everything in it when the object is destroyed — on return, and on any exception, including
// Interrupted (harness/interrupt.h), which the CLI lets unwind to its top on SIGINT and SIGTERM.
// Forked workers never destroy their copy (they leave with _exit).
#include <string>
#include <string_view>

namespace sigheap {

class PrivateDir {
 public:
  // `prefix` names the folder ("sigheap-callgrind" gives /tmp/sigheap-callgrind-Ab12Cd). Throws
  // BadInput when the folder cannot be created.
  explicit PrivateDir(std::string_view prefix);
  ~PrivateDir();
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace sigheap
