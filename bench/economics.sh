#!/usr/bin/env bash
# Economics at scale (issue 8): the nightly scoring run on `rapport demo` data with 1,000,000
# customers on SQLite: reading every customer's orders, summarising them in weeks, fitting BG/NBD
# and Gamma-Gamma (and Pareto/NBD in a second run), writing every customer's scores durably.
# Targets: the whole run <= 30 s, resident memory <= 500 MB (/usr/bin/time -v).
#   bench/economics.sh [BUILD_DIR] [WORK_DIR] [CUSTOMERS]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-$HERE/../build}
WORK=${2:-/tmp/rapport-bench-economics}
CUSTOMERS=${3:-1000000}
BIN=$BUILD/src/app/rapport
RESULTS=$WORK/results.txt
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
mkdir -p "$WORK"
: > "$RESULTS"
DB=$WORK/demo-$CUSTOMERS.db

if [ ! -f "$DB" ]; then
  start=$(date +%s)
  "$BIN" demo --db "$DB" --customers "$CUSTOMERS" --seed 42 > "$WORK/demo.log" 2>&1
  say "demo: $CUSTOMERS customers generated in $(( $(date +%s) - start )) s"
fi
say "database: $(du -h "$DB" | cut -f1), load before: $(load_avg)"

score() {  # score LABEL: one scoring run under /usr/bin/time -v
  /usr/bin/time -v "$BIN" score --db "$DB" > "$WORK/score-$1.out" 2> "$WORK/score-$1.err"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/score-$1.err")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$WORK/score-$1.err")
  say "score ($1): wall $wall, max RSS $rss MB, load after $(load_avg)"
  sed 's/^/  /' "$WORK/score-$1.out" | tee -a "$RESULTS"
  local total_s
  total_s=$(awk '/scoring run/ {for (i = 1; i <= NF; i++) if ($i == "total") print $(i + 1) / 1000}' "$WORK/score-$1.out")
  say "  whole run ${total_s} s <= 30 s: $(verdict "$total_s" le 30); RSS ${rss} MB <= 500 MB: $(verdict "$rss" le 500)"
}

sqlite3 "$DB" "DELETE FROM settings WHERE key = 'economics.model'" 2>/dev/null || true
score bgnbd-first
score bgnbd-again
sqlite3 "$DB" "INSERT INTO settings (key, value) VALUES ('economics.model', 'pareto-nbd') ON CONFLICT (key) DO UPDATE SET value = excluded.value"
score pareto-nbd
sqlite3 "$DB" "DELETE FROM settings WHERE key = 'economics.model'"
