#include "harness/overhead.h"
#include "harness/registry.h"

int main(int argc, char** argv) { return sigheap::overhead_main(argc, argv, sigheap::default_matrix()); }
