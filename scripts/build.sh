#!/usr/bin/env bash
# Configures and builds a CMake preset incrementally, showing Ninja's progress.
# Usage: scripts/build.sh [release|debug|asan|fuzz] [--werror]
#   release  -O2 with jemalloc: what `sigheap` measures with (./scripts/run.sh)
#   debug    -O0 -g with jemalloc
#   asan     ASan + UBSan over the system allocator, so the sanitizer sees every block
#   fuzz     clang + libFuzzer, the report reader only (tests/fuzz/)
#   --werror treat compiler warnings as errors (./scripts/test.sh and CI); once set, it stays on
#            for that preset's build folder
# Compiles through ccache when it is installed (scripts/install-deps.sh installs it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=release
werror=()
for arg in "$@"; do
  case "$arg" in
    release | debug | asan | fuzz) preset=$arg ;;
    --werror) werror=(-DSIGHEAP_WERROR=ON) ;;
    *)
      echo "build: unknown argument '$arg' (usage: scripts/build.sh [release|debug|asan|fuzz] [--werror])" >&2
      exit 2
      ;;
  esac
done
cd "$root"
dir="build/$preset"
mkdir -p build
# A folder configured by an older sigheap with another generator cannot be reused.
if [[ -f "$dir/CMakeCache.txt" ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$dir/CMakeCache.txt"; then
  echo "build: $dir was configured with another generator; configuring it again" >&2
  rm -rf "$dir"
fi
# ccache keys on paths relative to the checkout, so another checkout of the same sources (a second
# worktree, the adding-a-model test's copy) reuses the compiled objects.
export CCACHE_BASEDIR="$root"
if [[ ! -f "$dir/CMakeCache.txt" || ${#werror[@]} -gt 0 ]]; then
  if ! cmake --preset "$preset" "${werror[@]}" >"build/$preset.configure.log" 2>&1; then
    cat "build/$preset.configure.log" >&2
    echo "build: configuring preset '$preset' failed" >&2
    exit 1
  fi
fi
echo "build: $preset" >&2
# Ninja prints one progress line per step ([done/total]) and the compiler's messages as they come.
cmake --build --preset "$preset" -j "$(nproc)"
