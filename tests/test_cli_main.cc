// sigheap-test-cli: the sigheap command line over the registered models plus the test-only
// faulty models, so failure paths can be tested end to end.
#include "harness/cli.h"
#include "harness/models.h"
#include "tests/faulty_model.h"
#include "tests/typed_models.h"

namespace {
template <class... G, class... F>
sigheap::TypeList<G..., F...> join(sigheap::TypeList<G...>, sigheap::TypeList<F...>);
}  // namespace

#if defined(__SANITIZE_ADDRESS__)
// Under ASan, let a segmentation fault kill the child with SIGSEGV (as in a normal build) instead
// of ASan's handler turning it into exit status 1: the runner's crash reporting is what is tested.
extern "C" const char* __asan_default_options() { return "handle_segv=0"; }
#endif

int main(int argc, char** argv) {
  using All = decltype(join(sigheap::Models{}, sigheap::testing::FaultyModels{}));
  static const sigheap::Matrix m = sigheap::make_matrix(All{}, sigheap::Scenarios{});
  return sigheap::cli_main(argc, argv, m);
}
