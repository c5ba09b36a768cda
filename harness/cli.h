#pragma once
#include "harness/matrix.h"

namespace sigheap {

// The `sigheap` command line over a matrix of models x scenarios. Returns the exit code:
// 0 success, 1 regression or measurement failure, 2 bad usage or bad input.
int cli_main(int argc, char** argv, const Matrix& matrix);

}  // namespace sigheap
