#!/usr/bin/env bash
# Installs the Debian packages sigheap needs to build and test, and nothing else.
# Non-interactive; runs `apt-get update` at most once; does nothing when every package is present.
# Usage: scripts/install-deps.sh [--with-test-tools | --with-node | --with-chromium]
#   --with-test-tools  also install what only the test suite uses: python3-jsonschema (schema check),
#                      libbenchmark-tools + python3-scipy (compare.py interop), clang +
#                      libclang-rt-14-dev (libFuzzer target); and, best effort, chromium
#                      (HTML rendering check, skipped when chromium is missing); Node.js and npm
#                      from Debian when no `node` is on PATH (the JavaScript reference runner).
#   --with-node        only the build packages and Node.js + npm (for `run --with-js`).
#   --with-chromium    the build packages, Node.js + npm and chromium (for `run --engine chromium`;
#                      bun and deno come from npm: ./scripts/js-deps.sh).
set -euo pipefail

build_pkgs=(
  build-essential cmake ninja-build ccache pkg-config git
  libjemalloc-dev libfmt-dev nlohmann-json3-dev libcli11-dev
  libbenchmark-dev libgtest-dev libgmock-dev
  qt6-base-dev  # QtCore for the qt-qproperty impl (the build skips it when absent)
  valgrind      # callgrind's client-request header, and the counter of `run --time-counter instructions`
)
test_pkgs=(python3 python3-jsonschema libbenchmark-tools python3-scipy clang libclang-rt-14-dev)
optional_pkgs=()

want=("${build_pkgs[@]}")
if [[ "${1:-}" == "--with-test-tools" ]]; then
  want+=("${test_pkgs[@]}")
  if ! command -v node >/dev/null 2>&1; then want+=(nodejs npm); fi
  optional_pkgs=(chromium)
elif [[ "${1:-}" == "--with-node" || "${1:-}" == "--with-chromium" ]]; then
  if ! command -v node >/dev/null 2>&1; then want+=(nodejs npm); fi
  if [[ "$1" == "--with-chromium" ]]; then want+=(chromium); fi
fi

missing_of() {
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
      echo "$p"
    fi
  done
}
mapfile -t missing < <(missing_of "${want[@]}")
mapfile -t missing_optional < <(missing_of "${optional_pkgs[@]}")
if [[ ${#missing[@]} -eq 0 && ${#missing_optional[@]} -eq 0 ]]; then
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "install-deps: need root (or sudo) to install: ${missing[*]} ${missing_optional[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing: ${missing[*]} ${missing_optional[*]}" >&2
if ! "${sudo_cmd[@]}" apt-get update -qq; then
  echo "install-deps: 'apt-get update' failed; cannot install: ${missing[*]} ${missing_optional[*]}" >&2
  exit 1
fi
if [[ ${#missing[@]} -gt 0 ]] &&
   ! "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  echo "install-deps: 'apt-get install' failed for: ${missing[*]}" >&2
  exit 1
fi
if [[ ${#missing_optional[@]} -gt 0 ]] &&
   ! "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing_optional[@]}" >/dev/null; then
  echo "install-deps: could not install ${missing_optional[*]}: the tests that need it will be skipped" >&2
fi
echo "install-deps: done" >&2
