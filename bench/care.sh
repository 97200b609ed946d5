#!/usr/bin/env bash
# Care's figures (issue 7), SQLite: the case dashboard (GET /api/v1/cases/figures) over 1,000,000
# customers and about 200,000 complaint cases, p99 <= 200 ms; for the default period (90 days) and
# for a whole year (every case read). Also NPS by month and the reply figures, for the record.
#
#   bench/care.sh
#
# Env: RAPPORT_BIN (default build/src/app/rapport, a Release build); CUSTOMERS (default 1000000);
# CASE_RATE (cases per customer past the first contact, default 0.4: about 200k cases at 1M);
# DURATION (wrk, default 10s); CONNECTIONS (default 2); KEEP_DATA=1 reuses bench/data/care-1m.db;
# PORT (default 18484). Everything generated goes to bench/data/ (gitignored); the summary to
# bench/data/care-results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${RAPPORT_BIN:-build/src/app/rapport}
CUSTOMERS=${CUSTOMERS:-1000000}
CASE_RATE=${CASE_RATE:-0.4}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-2}
KEEP_DATA=${KEEP_DATA:-0}
PORT=${PORT:-18484}
DATA=bench/data
DB=$DATA/care-1m.db
RESULTS=$DATA/care-results.txt
T_DASHBOARD_P99=200

for tool in wrk curl awk; do
  command -v "$tool" >/dev/null || { echo "bench/care.sh: $tool is required" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "bench/care.sh: no rapport binary at '$BIN' (set RAPPORT_BIN)" >&2; exit 1; }
mkdir -p "$DATA"
: > "$RESULTS"
source bench/lib.sh  # say, load_avg, to_ms, verdict

server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "rapport care benchmark $(date -u +%FT%TZ), SQLite, $("$BIN" version)"
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM; load $(load_avg)"

if [ "$KEEP_DATA" != 1 ] || [ ! -s "$DB" ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  start=$(date +%s.%N)
  "$BIN" demo --db "$DB" --customers "$CUSTOMERS" --cases-per-customer "$CASE_RATE" --seed 11 > "$DATA/care-demo.log" 2>&1
  say "demo: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.0f", e - s}') s for $CUSTOMERS customers"
  grep '^demo: [0-9]' "$DATA/care-demo.log" | tee -a "$RESULTS"
fi

"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --cadence-interval 1h > "$DATA/care-server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
ADMIN=$("$BIN" token create --db "$DB" --user admin@rapport.demo --name bench 2>/dev/null)
YEAR_AGO=$(date -u -d '366 days ago' +%Y-%m-%dT00:00:00Z)

# One timed path: p50/p99 with wrk after a short warm-up; the size of the answer's period.
measure() {  # measure LABEL PATH -> sets P99
  local label=$1 path=$2 out=$DATA/care-wrk-$3.txt
  TOKEN=$ADMIN TARGET=$path wrk -t1 -c1 -d2s -s bench/get_path.lua "http://127.0.0.1:$PORT" > /dev/null 2>&1
  TOKEN=$ADMIN TARGET=$path wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/get_path.lua \
    "http://127.0.0.1:$PORT" > "$out" 2>&1
  local rps p50 errs
  rps=$(awk '/^Requests\/sec/ {printf "%.1f", $2}' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  P99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  errs=$(awk '/Non-2xx/ {n += $NF} END {print n + 0}' "$out")
  say "$label: $rps req/s, p50 $p50 ms, p99 $P99 ms, errors $errs"
}

cases=$(curl -sf -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/api/v1/cases/figures?from=$YEAR_AGO" |
        awk -F'"cases":' '{split($2, a, ","); print a[1]}')
open=$(curl -sf -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/api/v1/cases/figures" |
       awk -F'"total":' '{split($2, a, ","); print a[1]}')
say "cases opened in the last year: $cases; open now: $open"
measure "GET /cases/figures (default: last 90 days + open)" "/api/v1/cases/figures" d90
P99_90=$P99
measure "GET /cases/figures?from=<a year ago> (every case)" "/api/v1/cases/figures?from=$YEAR_AGO" year
P99_YEAR=$P99
measure "GET /feedback/figures?by=month" "/api/v1/feedback/figures?by=month" nps
measure "GET /replies/figures" "/api/v1/replies/figures" replies

say ""
say "target                                         | measured        | verdict"
say "$(printf '%-46s | %-15s | %s' "case dashboard p99, 1M customers, 90 days" "$P99_90 ms" "$(verdict "$P99_90" le $T_DASHBOARD_P99) (<= $T_DASHBOARD_P99 ms)")"
say "$(printf '%-46s | %-15s | %s' "case dashboard p99, every case of the year" "$P99_YEAR ms" "$(verdict "$P99_YEAR" le $T_DASHBOARD_P99) (<= $T_DASHBOARD_P99 ms)")"
