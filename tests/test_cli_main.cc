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

int main(int argc, char** argv) {
  using All = decltype(join(sigheap::Models{}, sigheap::testing::FaultyModels{}));
  static const sigheap::Matrix m = sigheap::make_matrix(All{}, sigheap::Scenarios{});
  return sigheap::cli_main(argc, argv, m);
}
