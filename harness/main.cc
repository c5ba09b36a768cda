#include "harness/cli.h"
#include "harness/registry.h"

int main(int argc, char** argv) { return sigheap::cli_main(argc, argv, sigheap::default_matrix()); }
