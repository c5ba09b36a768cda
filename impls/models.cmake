# The registered models, one line each, in the order reports list them: the C++ type and its header.
# Adding a model is its folder under impls/ and one line here (docs/adding-a-model.md).
sigheap_model(lattice_like::Graph impls/lattice-like/lattice_like.h)
sigheap_model(preact_like::Graph impls/preact-like/preact_like.h)
sigheap_model(alien_like::Graph impls/alien-like/alien_like.h)
sigheap_model(lattice_optimized::Graph impls/lattice-optimized/lattice_optimized.h)
sigheap_model(lattice_optimized::SharedMethodsGraph impls/lattice-optimized/lattice_optimized.h)
sigheap_model(lattice_optimized::SingletonHelpersGraph impls/lattice-optimized/lattice_optimized.h)
sigheap_model(lattice_optimized::NoFactoriesGraph impls/lattice-optimized/lattice_optimized.h)
sigheap_model(lattice_optimized::ClassComputedGraph impls/lattice-optimized/lattice_optimized.h)
sigheap_model(lattice_optimized::SingleNodeGraph impls/lattice-optimized/lattice_optimized.h)
sigheap_model(lattice_optimized::PooledFramesGraph impls/lattice-optimized/lattice_optimized.h)
sigheap_model(lower_bound::Graph impls/lower-bound/lower_bound.h)

# Real C++ libraries behind the same concept, where the library is installed (CMakeLists.txt finds
# Qt 6; scripts/install-deps.sh installs qt6-base-dev). Not in the default suite: `--impl` selects them.
if(SIGHEAP_HAVE_QT)
  sigheap_library(qt_qproperty::Graph impls/qt-qproperty/qt_qproperty.h LINK sigheap_qt)
  sigheap_library(qt_qproperty::ObjectGraph impls/qt-qproperty/qt_qproperty.h LINK sigheap_qt)
endif()
