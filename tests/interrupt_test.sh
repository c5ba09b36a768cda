#!/usr/bin/env bash
# A run that is stopped leaves nothing behind: SIGTERM and SIGINT to `sigheap run` kill and reap its
# workers, print one "interrupted" line and exit 128 + the signal, with no report and no temporary
# file; SIGKILL to it (which it cannot handle) still takes the workers with it (PR_SET_PDEATHSIG).
# The workers run faulty-hang, which never finishes by itself. Then the same for the valgrind
# processes and private folder of `run --time-counter instructions` (SIGTERM and SIGINT).
# Usage: interrupt_test.sh SIGHEAP_TEST_CLI WORK_DIR
set -uo pipefail
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
failed=0
passed=0
fail() {
  echo "FAIL ($1): $2"
  failed=$((failed + 1))
}

for sig in TERM INT KILL; do
  "$bin" run --impl faulty-hang --scenario computed-diamond-simple,kairo-deep --jobs 2 --timeout 120 \
    --no-per-object --out "$work/report.json" 2>"$work/stderr.txt" &
  pid=$!
  workers=""
  for _ in $(seq 100); do
    workers=$(pgrep -P "$pid" | tr '\n' ' ')
    [[ $(wc -w <<<"$workers") -ge 2 ]] && break
    sleep 0.1
  done
  [[ -n "$workers" ]] || { fail "$sig" "no workers started"; kill -KILL "$pid"; continue; }
  kill -"$sig" "$pid"
  wait "$pid"
  code=$?
  # A worker counts as gone once it no longer runs (a zombie waiting for PID 1 to reap it is gone).
  left=""
  for _ in $(seq 20); do
    left=""
    for w in $workers; do
      state=$(ps -o stat= -p "$w" 2>/dev/null | tr -d ' ')
      [[ -n "$state" && $state != Z* ]] && left+="$w "
    done
    [[ -z "$left" ]] && break
    sleep 0.1
  done
  ok=1
  [[ -z "$left" ]] || { fail "$sig" "workers still running: $left"; kill -KILL $left 2>/dev/null; ok=0; }
  case $sig in
    TERM) want=143 ;;
    INT) want=130 ;;
    KILL) want=137 ;;
  esac
  [[ $code -eq $want ]] || { fail "$sig" "exit status $code, want $want"; ok=0; }
  if [[ $sig != KILL ]]; then
    lines=$(wc -l <"$work/stderr.txt")
    grep -qx "sigheap: interrupted by SIG$sig" "$work/stderr.txt" && [[ $lines -eq 1 ]] ||
      { fail "$sig" "stderr is not one 'interrupted' line: $(cat "$work/stderr.txt")"; ok=0; }
  fi
  [[ ! -e "$work/report.json" ]] || { fail "$sig" "a report was written"; ok=0; }
  stray=$(find "$work" -name '.sigheap-tmp*' | head -1)
  [[ -z "$stray" ]] || { fail "$sig" "temporary file left: $stray"; ok=0; }
  [[ $ok -eq 1 ]] && passed=$((passed + 1))
  rm -f "$work/report.json" "$work/stderr.txt"
done
# With --time-counter instructions the timing pass runs in valgrind processes that the workers start
# (and in cells forked inside them), with their files in a private folder under TMPDIR: a stopped run
# leaves neither. faulty-timing-hang passes its memory pass and hangs in the timing pass.
if command -v valgrind >/dev/null 2>&1; then
  for sig in TERM INT; do
    tmp="$work/tmp"
    mkdir -p "$tmp"
    TMPDIR="$tmp" "$bin" run --impl faulty-timing-hang --scenario computed-diamond-simple --iterations 200 \
      --no-per-object -q --time-counter instructions --out "$work/report.json" 2>"$work/stderr.txt" &
    pid=$!
    # "[c]" keeps pgrep from finding itself.
    valgrinds="[c]allgrind-out-file=$tmp/"
    for _ in $(seq 150); do
      [[ $(pgrep -f "$valgrinds" | wc -l) -ge 2 ]] && break  # the batch and the cell it forked
      sleep 0.1
    done
    if [[ $(pgrep -f "$valgrinds" | wc -l) -lt 2 ]]; then
      fail "instructions $sig" "no valgrind started"
      kill -KILL "$pid"
      continue
    fi
    kill -"$sig" "$pid"
    wait "$pid"
    code=$?
    for _ in $(seq 20); do
      pgrep -f "$valgrinds" >/dev/null || break
      sleep 0.1
    done
    ok=1
    if pgrep -f "$valgrinds" >/dev/null; then
      fail "instructions $sig" "valgrind still running: $(pgrep -f "$valgrinds" | tr '\n' ' ')"
      pkill -KILL -f "$valgrinds"
      ok=0
    fi
    want=$([[ $sig == TERM ]] && echo 143 || echo 130)
    [[ $code -eq $want ]] || { fail "instructions $sig" "exit status $code, want $want"; ok=0; }
    grep -qx "sigheap: interrupted by SIG$sig" "$work/stderr.txt" && [[ $(wc -l <"$work/stderr.txt") -eq 1 ]] ||
      { fail "instructions $sig" "stderr is not one 'interrupted' line: $(cat "$work/stderr.txt")"; ok=0; }
    [[ ! -e "$work/report.json" ]] || { fail "instructions $sig" "a report was written"; ok=0; }
    [[ -z "$(ls -A "$tmp")" ]] || { fail "instructions $sig" "left in TMPDIR: $(ls -A "$tmp")"; ok=0; }
    [[ $ok -eq 1 ]] && passed=$((passed + 1))
    rm -rf "$tmp" "$work/report.json" "$work/stderr.txt"
  done
else
  echo "valgrind not installed: the --time-counter instructions cases are not run"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
