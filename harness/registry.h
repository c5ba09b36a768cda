#pragma once
#include "harness/matrix.h"

namespace sigheap {

// Every registered model x every registered scenario. Adding a model or a scenario is one line
// in registry.cc.
const Matrix& default_matrix();

}  // namespace sigheap
