#pragma once
// sigheap-overhead's command line and measurement (harness/overhead.cc), compiled with the other
// command-line files so that CLI11 is compiled once; harness/overhead_main.cc only passes the matrix.
#include "harness/matrix.h"

namespace sigheap {

int overhead_main(int argc, char** argv, const Matrix& m);

}  // namespace sigheap
