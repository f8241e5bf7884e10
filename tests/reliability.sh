#!/usr/bin/env bash
# Re-runs every figure in docs/reliability.md and prints them. About 15 minutes on 2 cores:
#   bash tests/reliability.sh
# JOURNEY_CRASH_TRIALS (200), JOURNEY_CORPUS_STEP (1) and FUZZ_SECONDS (300 per target) tune it.
set -euo pipefail
cd "$(dirname "$0")/.."
export JOURNEY_CRASH_TRIALS=${JOURNEY_CRASH_TRIALS:-200}
export JOURNEY_CORPUS_STEP=${JOURNEY_CORPUS_STEP:-1}
fuzz_seconds=${FUZZ_SECONDS:-300}

figures() { # test file, pattern of its figure lines
  local out
  if ! out=$(cargo test --release --quiet --test "$1" -- --nocapture --test-threads=1 2>&1); then
    echo "$out" | tail -30; echo "FAILED: cargo test --release --test $1"; exit 1
  fi
  echo "$out" | grep -oE "$2"
}

echo "== kill -9 during an interview";       figures crash 'crash harness.*'
echo "== in-process faults around the save"; figures store 'test result.*'
echo "== full disk, read-only folder, locks"; figures faults '(fault injection|real faults|lock races|skipped).*'
echo "== broken sessions and guides";         figures corrupt '(session|guide) corpus.*'
echo "== terminal injection";                 figures injection 'injection:.*'
echo "== privacy";                            figures privacy 'privacy:.*'
echo "== signals, hang-up, panic";            figures e2e '(signals:|test result).*'
echo "== round trips";                        figures roundtrip 'test result.*'
echo "== the second round of attacks";        figures hardening 'test result.*'
echo "== a whole interview typed blind in tmux"
if command -v tmux >/dev/null; then cargo build --release --quiet && python3 tests/blind-interview.py; else echo "skipped: needs tmux"; fi
echo "== random keys, ${PROPTEST_CASES:=1500} sequences"; export PROPTEST_CASES; figures monkey 'test result.*'

echo "== fuzzing, ${fuzz_seconds}s per target"
if command -v cargo-fuzz >/dev/null && rustup toolchain list | grep -q '^nightly'; then
  for target in session guide; do
    mkdir -p "fuzz/corpus/$target"
    seeds="seeds/$target"; [ "$target" = guide ] && seeds="../content"
    (cd fuzz && cargo +nightly fuzz run "$target" "corpus/$target" "$seeds" -- \
        -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 2>&1) | grep -E '^Done|SUMMARY|panicked' \
      | sed "s/^/$target: /"
  done
else
  echo "skipped: needs a nightly toolchain and cargo-fuzz (cargo install cargo-fuzz)"
fi
