#!/usr/bin/env bash
# The team sync at archive size: two data folders sharing a bare repository, an archive of N
# sessions, C sessions changed on each side (different sessions, and as many changed on both),
# then timed syncs (local bare repository: network excluded).
#   bash benches/sync.sh                 # N = 1000 and 10000, C = 100
#   SIZES="10000" CHANGED=100 bash benches/sync.sh
#   J=path/to/journey bash benches/sync.sh   # a journey already built (synth beside it)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${SIZES:-"1000 10000"}
changed=${CHANGED:-100}
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
if [ -z "${J:-}" ]; then
  cargo build --release --quiet
  cargo build --release --quiet --example synth
  J=$PWD/target/release/journey
fi
SYNTH=${SYNTH:-$(dirname "$J")/examples/synth}
seconds() { local s; s=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $s" | bc; }
# Changes the elapsed time and a note of `count` sessions from `from` on, in data folder $1.
touch_sessions() {
  python3 - "$1" "$2" "$3" "$4" <<'PY'
import json, sys, glob
folder, start, count, who = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
files = sorted(glob.glob(folder + "/sessions/*.json"))[start:start + count]
for f in files:
    s = json.load(open(f))
    s["elapsed_seconds"] = s.get("elapsed_seconds", 0) + 60
    a = s["answers"].setdefault("wrapup.follow_ups", {})
    a["notes"] = (a.get("notes", "") + "\nfollow-up by " + who).strip()
    json.dump(s, open(f, "w"), indent=2, ensure_ascii=False)
PY
}
printf '| N | changed per side | first push (all N) | join (sync init of an archive of N) | sync, one side | sync with merge (100 + 100, %s on both) | no-op sync |\n|---|---|---|---|---|---|---|\n' "$((changed / 10))"
for n in $sizes; do
  root=$(mktemp -d)
  git init -q --bare -b main "$root/team.git"
  "$SYNTH" --sessions "$n" --data-dir "$root/a" 2>/dev/null
  first=$(seconds "$J" --data-dir "$root/a" sync init "$root/team.git")
  join=$(seconds "$J" --data-dir "$root/b" sync init "$root/team.git")
  (cd "$root/a" && git config user.name ana) ; (cd "$root/b" && git config user.name ben)
  # Different sessions on each side, and a tenth of them changed on both.
  touch_sessions "$root/a" 0 "$changed" ana
  touch_sessions "$root/b" "$((changed - changed / 10))" "$changed" ben
  one=$(seconds "$J" --data-dir "$root/a" sync)
  merge=$(seconds "$J" --data-dir "$root/b" sync)
  noop=$(seconds "$J" --data-dir "$root/b" sync)
  printf '| %s | %s | %.2f s | %.2f s | %.2f s | %.2f s | %.2f s |\n' "$n" "$changed" "$first" "$join" "$one" "$merge" "$noop"
  rm -rf "$root"
done
