#pragma once
// The registered models and scenarios. Registration is one line each, in impls/models.cmake and
// scenarios/scenarios.cmake; the build generates from them one translation unit per model (its
// cells for every registered scenario) and the registry that lists them (build/<preset>/generated/).
#include "harness/matrix.h"

namespace sigheap {

// Every registered model x every registered scenario, in registration order.
const Matrix& default_matrix();

}  // namespace sigheap
