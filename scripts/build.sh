#!/usr/bin/env bash
# Configures and builds a CMake preset incrementally, showing Ninja's progress.
# Usage: scripts/build.sh [release|debug|asan|fuzz] [--werror] [--tests] [--target NAME]...
#   release  -O2 with jemalloc: what `sigheap` measures with (./scripts/run.sh)
#   debug    -O0 -g with jemalloc
#   asan     ASan + UBSan over the system allocator, so the sanitizer sees every block
#   fuzz     clang + libFuzzer, the report reader only (tests/fuzz/)
#   --werror treat compiler warnings as errors (./scripts/test.sh and CI); once set, it stays on
#            for that preset's build folder
#   --tests  build the test programs as well (everything: what ctest runs, ./scripts/test.sh)
#   --target NAME  build only that target (repeatable), e.g. sigheap, or sigheap_unit_tests (the
#            GoogleTest suites that ./scripts/test.sh runs under the sanitizers)
# Default: the three programs (sigheap, sigheap-bench, sigheap-overhead), about a third of the
# compile time of everything; the fuzz preset builds its fuzzer.
# Compiles through ccache when it is installed (scripts/install-deps.sh installs it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=release
werror=()
targets=()
usage="usage: scripts/build.sh [release|debug|asan|fuzz] [--werror] [--tests] [--target NAME]..."
tests=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    release | debug | asan | fuzz) preset=$1 ;;
    --werror) werror=(-DSIGHEAP_WERROR=ON) ;;
    --tests) tests=1 ;;
    --target)
      [[ $# -ge 2 && -n "$2" ]] || { echo "build: --target needs a target name ($usage)" >&2; exit 2; }
      targets+=(--target "$2")
      shift
      ;;
    *)
      echo "build: unknown argument '$1' ($usage)" >&2
      exit 2
      ;;
  esac
  shift
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
what="everything"
if [[ ${#targets[@]} -gt 0 ]]; then
  what="${targets[*]//--target /}"
elif [[ $tests -eq 0 && $preset != fuzz ]]; then
  targets=(--target sigheap_tools)
  what="sigheap, sigheap-bench, sigheap-overhead (--tests: the test programs as well)"
fi
echo "build: $preset: $what" >&2
# Ninja prints one progress line per step ([done/total]) and the compiler's messages as they come.
cmake --build --preset "$preset" -j "$(nproc)" "${targets[@]}"
