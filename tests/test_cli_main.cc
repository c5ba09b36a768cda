// sigheap-test-cli: the sigheap command line over the registered models plus the test-only
// faulty models and the slowdown model, so failure paths and the timing gate can be tested end to
// end. The test-only models are compiled with the scenarios their tests use, not the whole matrix.
#include "harness/cell_of.h"
#include "harness/cli.h"
#include "harness/registry.h"
#include "scenarios/computed_diamond_simple.h"
#include "scenarios/kairo_deep.h"
#include "scenarios/kairo_triangle.h"
#include "tests/faulty_model.h"
#include "tests/slowdown_model.h"

namespace {

template <class... F>
void add_faulty(sigheap::Matrix& m, sigheap::TypeList<F...>) {
  using Used = sigheap::TypeList<sigheap::scenarios::ComputedDiamondSimple, sigheap::scenarios::KairoDeep>;
  (m.add(sigheap::model_cells<F>(Used{})), ...);
}

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
// Under ASan, let a segmentation fault kill the child with SIGSEGV (as in a normal build) instead
// of ASan's handler turning it into exit status 1: the runner's crash reporting is what is tested.
extern "C" const char* __asan_default_options() { return "handle_segv=0"; }
#endif

int main(int argc, char** argv) {
  static const sigheap::Matrix m = [] {
    sigheap::Matrix all = sigheap::default_matrix();
    add_faulty(all, sigheap::testing::FaultyModels{});
    all.add(sigheap::model_cells<sigheap::testing::SlowdownGraph>(
        sigheap::TypeList<sigheap::scenarios::ComputedDiamondSimple, sigheap::scenarios::KairoDeep,
                          sigheap::scenarios::KairoTriangle>{}));
    return all;
  }();
  return sigheap::cli_main(argc, argv, m);
}
