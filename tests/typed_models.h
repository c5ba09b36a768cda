#pragma once
// GoogleTest typed tests over a sigheap TypeList of models, named by each model's `name`.
#include <gtest/gtest.h>

#include <string>

#include "harness/matrix.h"

namespace sigheap::testing {

template <class L>
struct ToGtestTypes;
template <class... G>
struct ToGtestTypes<TypeList<G...>> {
  using type = ::testing::Types<G...>;
};

template <class L, class... Extra>
struct Append;
template <class... G, class... Extra>
struct Append<TypeList<G...>, Extra...> {
  using type = TypeList<G..., Extra...>;
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
