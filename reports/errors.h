#pragma once
#include <stdexcept>

namespace sigheap {

// Bad usage or bad input: the CLI turns it into exit code 2 and its message into one line on
// stderr. Thrown at the boundary (argument checks, report reading, output paths), never for a
// failing measurement.
class BadInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace sigheap
