#pragma once
// GoogleTest typed tests over a sigheap TypeList of models, named by each model's `name`.
#include <gtest/gtest.h>

#include <string>
#include <type_traits>

#include "harness/matrix.h"

namespace sigheap::testing {

template <class L>
struct ToGtestTypes;
template <class... G>
struct ToGtestTypes<TypeList<G...>> {
  using type = ::testing::Types<G...>;
};

// The list plus the extra models it does not have yet (a test's own model may also be registered,
// as tests/adding_a_model_test.sh does with the example model).
template <class L, class... Extra>
struct Append;
template <class... G>
struct Append<TypeList<G...>> {
  using type = TypeList<G...>;
};
template <class... G, class E, class... Rest>
struct Append<TypeList<G...>, E, Rest...> {
  using type = typename Append<
      std::conditional_t<(std::is_same_v<G, E> || ...), TypeList<G...>, TypeList<G..., E>>, Rest...>::type;
};

// The list plus every type of a second list that it does not have yet.
template <class L, class Extra>
struct AppendAll;
template <class L, class... E>
struct AppendAll<L, TypeList<E...>> {
  using type = typename Append<L, E...>::type;
};

struct ModelNames {
  template <class G>
  static std::string GetName(int) {
    std::string n(G::name);
    for (char& c : n) {
      if (c == '-' || c == '/') c = '_';
    }
    return n;
  }
};

}  // namespace sigheap::testing
