#!/usr/bin/env bash
# Whole-process figures for docs/performance.md, measured in one run:
#   bash benches/e2e.sh            # N = 100, 1000, 10000 (about 5 minutes on 2 cores)
#   SIZES="100 1000" bash benches/e2e.sh
# Start-up to the first frame; `journey list --json` and `journey export --all --format csv`
# against the floor of reading the same files (cat) and against jq doing the same summary; peak
# memory. Archives are made with examples/synth under $BENCH_DIR (kept between runs).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${SIZES:-"100 1000 10000"}
bench_dir=${BENCH_DIR:-/tmp/journey-bench}
export RUST_BACKTRACE=0
for tool in hyperfine jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool (Debian: apt-get install hyperfine jq time)"; exit 1; }
done
cargo build --release --quiet
cargo build --release --quiet --examples
J=$PWD/target/release/journey
mkdir -p "$bench_dir/empty"

mean_ms() { jq -r ".results[$1].mean * 1000" "$2"; }
peak_mb() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f", $1 / 1024}'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr), $(rustc --version)"
echo
echo "first frame (median of 30, journey in a pseudo-terminal):"
echo "  empty store: $(target/release/examples/first_frame --data-dir "$bench_dir/empty" --runs 30 | sed 's/^first frame: //')"

printf '\n| N | first frame | cat floor | list --json | ratio | jq list | csv export | ratio | jq csv | list cold index | peak MB list / csv |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|\n'
for n in $sizes; do
  dir="$bench_dir/$n"
  if [ ! -d "$dir/sessions" ]; then
    target/release/examples/synth --sessions "$n" --data-dir "$dir" 2>/dev/null
  fi
  # The index as a first run builds it, then warm.
  rm -f "$dir/index.jsonl"
  cold=$( { /usr/bin/time -f '%e' "$J" --data-dir "$dir" list --json >/dev/null; } 2>&1 | tail -1)
  first=$(target/release/examples/first_frame --data-dir "$dir" --runs 30 | sed -E 's/^first frame: median ([0-9.]+) ms.*/\1/')
  jq_list='{id, customer: .meta.customer, participant: .meta.participant, role: .meta.role, interviewer: .meta.interviewer, started: .meta.started, updated: .meta.updated, finished: .meta.finished, status: (if .meta.finished then "complete" else "in_progress" end)}'
  jq_csv='[.id, .meta.customer, .meta.participant, .meta.role, .meta.interviewer, .meta.started, (.meta.finished // ""), (.answers | to_entries | map(.value.notes) | join(" "))] | @csv'
  out=$(mktemp)
  # The shell expands the glob: ten thousand names do not fit in one argument.
  hyperfine --warmup 2 --runs 10 --style none --export-json "$out" \
    "cd $dir/sessions && cat *.json > /dev/null" \
    "cd $dir/sessions && $J --data-dir $dir list --json > /dev/null" \
    "cd $dir/sessions && jq -c '$jq_list' *.json > /dev/null" \
    "cd $dir/sessions && $J --data-dir $dir export --all --format csv > /dev/null" \
    "cd $dir/sessions && jq -r '$jq_csv' *.json > /dev/null" >/dev/null 2>&1
  floor=$(mean_ms 0 "$out"); list=$(mean_ms 1 "$out"); jql=$(mean_ms 2 "$out"); csv=$(mean_ms 3 "$out"); jqc=$(mean_ms 4 "$out")
  rm -f "$out"
  mem_list=$(peak_mb "$J" --data-dir "$dir" list --json)
  mem_csv=$(peak_mb "$J" --data-dir "$dir" export --all --format csv)
  awk -v n="$n" -v first="$first" -v floor="$floor" -v list="$list" -v jql="$jql" -v csv="$csv" -v jqc="$jqc" \
      -v cold="$cold" -v ml="$mem_list" -v mc="$mem_csv" 'BEGIN {
    printf "| %d | %.1f ms | %.0f ms | %.0f ms | %.2fx | %.0f ms | %.0f ms | %.2fx | %.0f ms | %.0f ms | %s / %s |\n",
      n, first, floor, list, list / floor, jql, csv, csv / floor, jqc, cold * 1000, ml, mc }'
done
echo
echo "ratio: journey's time over the cat floor in the same run. jq does less than journey: no stage,"
echo "no per-question columns; the list cold index column is the first run, which builds the index."
