#!/usr/bin/env bash
# Installs the Debian packages sigheap needs to build and test, and nothing else.
# Non-interactive; runs `apt-get update` at most once; does nothing when every package is present.
# Usage: scripts/install-deps.sh [--with-test-tools]
#   --with-test-tools  also install what only the test suite uses (python3-jsonschema for the
#                      schema check, chromium for the HTML rendering check, Google Benchmark's
#                      compare.py with scipy for the interop check, clang + compiler-rt for
#                      the libFuzzer target, valgrind).
set -euo pipefail

build_pkgs=(
  build-essential cmake pkg-config git
  libjemalloc-dev libfmt-dev nlohmann-json3-dev libcli11-dev
  libbenchmark-dev libgtest-dev libgmock-dev
)
test_pkgs=(python3 python3-jsonschema chromium libbenchmark-tools python3-scipy
           clang libclang-rt-14-dev valgrind)

want=("${build_pkgs[@]}")
if [[ "${1:-}" == "--with-test-tools" ]]; then
  want+=("${test_pkgs[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "install-deps: installing missing packages: ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo_cmd[@]}" apt-get update -qq; then
  echo "install-deps: 'apt-get update' failed; cannot install: ${missing[*]}" >&2
  exit 1
fi
if ! "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  echo "install-deps: 'apt-get install' failed for: ${missing[*]}" >&2
  exit 1
fi
echo "install-deps: done" >&2
