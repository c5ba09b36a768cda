#include "harness/registry.h"

#include "harness/models.h"

namespace sigheap {

const Matrix& default_matrix() {
  static const Matrix m = make_matrix(Models{}, Scenarios{});
  return m;
}

}  // namespace sigheap
