#!/usr/bin/env bash
# Whole-process figures for docs/performance.md, measured in one run on this machine:
#   bash benches/e2e.sh                      # N = 100, 1000, 10000, 100000 (about 15 minutes)
#   SIZES="100 1000" bash benches/e2e.sh     # fewer sizes; IDLE=0 skips the minute of idling
# For each N: the first frame; the browser opened, with insights and a search; `journey list
# --json`, the CSV export, the study report and a cold index rebuild against the floor of
# reading the same files (cat), with peak memory; jq doing the same summary up to N = 10,000.
# Archives are made with examples/synth under $BENCH_DIR (kept between runs).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${SIZES:-"100 1000 10000 100000"}
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
# Every session file, however many: the shell cannot pass 100,000 names to one command.
cat_all='find . -name "*.json" -print0 | xargs -0 cat > /dev/null'

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr), $(rustc --version)"
echo
echo "first frame, empty store: $(target/release/examples/first_frame --data-dir "$bench_dir/empty" --runs 30 | sed 's/^first frame: //')"
if [ "${IDLE:-1}" != 0 ]; then
  idle_dir=$(mktemp -d)
  target/release/examples/browse --data-dir "$idle_dir" --idle 60
  rm -rf "$idle_dir"
fi

table=$(mktemp)
browser=$(mktemp)
for n in $sizes; do
  dir="$bench_dir/$n"
  if [ ! -d "$dir/sessions" ]; then
    target/release/examples/synth --sessions "$n" --data-dir "$dir" 2>/dev/null
  fi
  runs=10
  [ "$n" -ge 100000 ] && runs=3
  # A cold index: the first run after it is deleted reads every file and writes it again
  # (the median of three such runs).
  cold=$(for _ in 1 2 3; do
    rm -f "$dir/index.jsonl"
    { /usr/bin/time -f '%e' "$J" --data-dir "$dir" list --json >/dev/null; } 2>&1 | tail -1
  done | sort -n | sed -n 2p)
  # The CSV export with no row cache: every file read, the cache written (median of three).
  csv_cold=$(for _ in 1 2 3; do
    rm -f "$dir/rows.cache"
    { /usr/bin/time -f '%e' "$J" --data-dir "$dir" export --all --format csv >/dev/null; } 2>&1 | tail -1
  done | sort -n | sed -n 2p)
  first=$(target/release/examples/first_frame --data-dir "$dir" --runs 30 | sed -E 's/^first frame: median ([0-9.]+) ms.*/\1/')
  browse_runs=5
  [ "$n" -ge 100000 ] && browse_runs=1
  echo "N = $n: $(target/release/examples/browse --data-dir "$dir" --runs "$browse_runs")" >> "$browser"
  jq_list='{id, customer: .meta.customer, participant: .meta.participant, role: .meta.role, interviewer: .meta.interviewer, started: .meta.started, updated: .meta.updated, finished: .meta.finished, status: (if .meta.finished then "complete" else "in_progress" end)}'
  jq_csv='[.id, .meta.customer, .meta.participant, .meta.role, .meta.interviewer, .meta.started, (.meta.finished // ""), (.answers | to_entries | map(.value.notes) | join(" "))] | @csv'
  out=$(mktemp)
  commands=(
    "cd $dir/sessions && $cat_all"
    "cd $dir/sessions && $J --data-dir $dir list --json > /dev/null"
    "cd $dir/sessions && $J --data-dir $dir export --all --format csv > /dev/null"
    "cd $dir/sessions && $J --data-dir $dir report > /dev/null"
  )
  # jq over 100,000 files takes minutes a run and is no target: up to 10,000 only.
  if [ "$n" -le 10000 ]; then
    commands+=(
      "cd $dir/sessions && find . -name '*.json' -print0 | xargs -0 jq -c '$jq_list' > /dev/null"
      "cd $dir/sessions && find . -name '*.json' -print0 | xargs -0 jq -r '$jq_csv' > /dev/null"
    )
  fi
  hyperfine --warmup 1 --runs "$runs" --style none --export-json "$out" "${commands[@]}" >/dev/null 2>&1
  floor=$(mean_ms 0 "$out"); list=$(mean_ms 1 "$out"); csv=$(mean_ms 2 "$out"); report=$(mean_ms 3 "$out")
  jql=nan; jqc=nan
  if [ "$n" -le 10000 ]; then jql=$(mean_ms 4 "$out"); jqc=$(mean_ms 5 "$out"); fi
  rm -f "$out"
  mem_list=$(peak_mb "$J" --data-dir "$dir" list --json)
  mem_csv=$(peak_mb "$J" --data-dir "$dir" export --all --format csv)
  mem_report=$(peak_mb "$J" --data-dir "$dir" report)
  awk -v n="$n" -v first="$first" -v floor="$floor" -v list="$list" -v jql="$jql" -v csv="$csv" -v jqc="$jqc" \
      -v report="$report" -v cold="$cold" -v csvc="$csv_cold" -v ml="$mem_list" -v mc="$mem_csv" -v mr="$mem_report" 'BEGIN {
    printf "| %d | %.1f ms | %.0f ms | %.0f ms (%.2fx) | %s | %.0f ms (%.2fx) | %.0f ms (%.2fx) | %s | %.0f ms (%.2fx) | %.0f ms (%.2fx) | %s / %s / %s |\n",
      n, first, floor, list, list / floor, (jql == "nan" ? "-" : sprintf("%.0f ms", jql)),
      csv, csv / floor, csvc * 1000, csvc * 1000 / floor, (jqc == "nan" ? "-" : sprintf("%.0f ms", jqc)),
      report, report / (csvc * 1000), cold * 1000, cold * 1000 / floor, ml, mc, mr }' >> "$table"
done
echo
echo "| N | first frame | cat floor | list --json (x floor) | jq list | csv export (x floor) | csv, no row cache (x floor) | jq csv | report (x csv, no cache) | cold index (x floor) | peak MB list / csv / report |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
cat "$table"
echo
cat "$browser"
rm -f "$table" "$browser"
echo
echo "x floor: journey's time over reading the same files with cat, in the same run. jq does less"
echo "than journey (no stage, no per-question columns). cold index: the first list after the index"
echo "is deleted, median of three runs. csv export: its rows from <data>/rows.cache (hyperfine's"
echo "later runs); no row cache: the first export after the cache is deleted, median of three, which"
echo "the report is measured against. browser: open, insights, then a search, in one process;"
echo "its memory is the peak so far."
