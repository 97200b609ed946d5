#!/usr/bin/env bash
# The romance engine's figures (issue 6), SQLite: Today for a rep owning ~5,000 customers in a
# 1,000,000-customer database (p99 <= 20 ms), the first full scheduler pass over 1M customers
# (<= 15 s), an incremental pass after 1,000 changes (<= 100 ms).
#
#   bench/romance.sh
#
# Env: RAPPORT_BIN (default build/src/app/rapport, a Release build); CUSTOMERS (default 1000000);
# PER_REP (customers per rep, default 5000); DURATION (wrk, default 10s); CONNECTIONS (default 4);
# KEEP_DATA=1 reuses bench/data/romance-1m.db; PORT (default 18483).
# Everything generated goes to bench/data/ (gitignored); the summary to bench/data/romance-results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${RAPPORT_BIN:-build/src/app/rapport}
CUSTOMERS=${CUSTOMERS:-1000000}
PER_REP=${PER_REP:-5000}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-4}
KEEP_DATA=${KEEP_DATA:-0}
PORT=${PORT:-18483}
DATA=bench/data
DB=$DATA/romance-1m.db
RESULTS=$DATA/romance-results.txt
T_TODAY_P99=20 T_FULL_S=15 T_INCREMENTAL_MS=100

for tool in wrk curl awk xargs; do
  command -v "$tool" >/dev/null || { echo "bench/romance.sh: $tool is required" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "bench/romance.sh: no rapport binary at '$BIN' (set RAPPORT_BIN)" >&2; exit 1; }
mkdir -p "$DATA"
: > "$RESULTS"
source bench/lib.sh  # say, load_avg, to_ms, verdict

server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "rapport romance benchmark $(date -u +%FT%TZ), SQLite, $("$BIN" version)"
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM; load $(load_avg)"

if [ "$KEEP_DATA" != 1 ] || [ ! -s "$DB" ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  start=$(date +%s.%N)
  "$BIN" demo --db "$DB" --customers "$CUSTOMERS" --customers-per-rep "$PER_REP" --seed 7 > "$DATA/romance-demo.log" 2>&1
  say "demo: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.0f", e - s}') s for $CUSTOMERS customers"
  grep '^demo: [0-9]\|first cadence pass' "$DATA/romance-demo.log" | tee -a "$RESULTS"
fi
FIRST_MS=$(awk '/first cadence pass/ {for (i = 1; i <= NF; i++) if ($i == "ms") print $(i - 1)}' "$DATA/romance-demo.log" | tail -1)

# A full pass again over the computed state (rules unchanged: only what changed is written).
"$BIN" cadences run --full --db "$DB" > "$DATA/romance-full.txt" 2>/dev/null
AGAIN_MS=$(awk '{for (i = 1; i <= NF; i++) if ($i == "ms") print $(i - 1)}' "$DATA/romance-full.txt")
say "full pass, first (in the demo, every state and task written): ${FIRST_MS:-?} ms; again: $AGAIN_MS ms ($(cat "$DATA/romance-full.txt"))"

# The server, with its own scheduler slowed down so the incremental pass below is ours to time.
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --cadence-interval 1h > "$DATA/romance-server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

# Tokens of 20 reps; Today as a random one of them per request.
: > "$DATA/romance-tokens.txt"
for i in $(seq 1 20); do
  "$BIN" token create --db "$DB" --user "$(printf 'rep%04d@rapport.demo' "$i")" --name bench 2>/dev/null >> "$DATA/romance-tokens.txt"
done
TOKEN=$(head -1 "$DATA/romance-tokens.txt")
owned=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/today?limit=1" |
        awk -F'"total":' '{split($4, a, ","); print a[1]}')
say "rep0001: $owned forgotten customers (of ~$PER_REP owned)"
TOKENS_FILE="$DATA/romance-tokens.txt" wrk -t2 -c"$CONNECTIONS" -d2s -s bench/today.lua "http://127.0.0.1:$PORT" > /dev/null 2>&1
TOKENS_FILE="$DATA/romance-tokens.txt" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/today.lua \
  "http://127.0.0.1:$PORT" > "$DATA/romance-wrk-today.txt" 2>&1
RPS=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$DATA/romance-wrk-today.txt")
P50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$DATA/romance-wrk-today.txt")")
P99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$DATA/romance-wrk-today.txt")")
ERRS=$(awk '/Non-2xx/ {n += $NF} END {print n + 0}' "$DATA/romance-wrk-today.txt")
say "GET /today (20 reps, $CONNECTIONS connections): $RPS req/s, p50 $P50 ms, p99 $P99 ms, errors $ERRS"

# 1,000 changes: personal touches logged on 1,000 customers, 8 at a time.
curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/customers?owner_id=me&limit=500" > /dev/null || true
seq 1 1000 | awk -v n="$CUSTOMERS" 'BEGIN {srand(11)} {print int(1 + rand() * n)}' |
  xargs -P 8 -I{} curl -sf -o /dev/null -H "Authorization: Bearer $(sed -n 2p "$DATA/romance-tokens.txt")" \
    -H 'Content-Type: application/json' -d '{"kind":"call","summary":"bench"}' \
    "http://127.0.0.1:$PORT/api/v1/customers/{}/interactions" || true
ADMIN=$("$BIN" token create --db "$DB" --user admin@rapport.demo --name bench 2>/dev/null)
queued=$(curl -sf -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/api/v1/cadences/scheduler" |
         awk -F'"queued_customers":' '{split($2, a, ","); print a[1]}')
INC=$(curl -sf -X POST -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/api/v1/cadences/run")
INC_MS=$(echo "$INC" | awk -F'"elapsed_ms":' '{split($2, a, "}"); print a[1]}')
say "incremental pass after $queued queued changes: $INC_MS ms ($INC)"

FIRST_S=$(awk -v m="${FIRST_MS:-0}" 'BEGIN {printf "%.1f", m / 1000}')
say ""
say "target                                         | measured        | verdict"
say "$(printf '%-46s | %-15s | %s' "Today p99 (rep with ~$PER_REP of 1M customers)" "$P99 ms" "$(verdict "$P99" le $T_TODAY_P99) (<= $T_TODAY_P99 ms)")"
say "$(printf '%-46s | %-15s | %s' "first full scheduler pass, 1M customers" "$FIRST_S s" "$(verdict "$FIRST_S" le $T_FULL_S) (<= $T_FULL_S s)")"
say "$(printf '%-46s | %-15s | %s' "incremental pass after 1,000 changes" "$INC_MS ms" "$(verdict "$INC_MS" le $T_INCREMENTAL_MS) (<= $T_INCREMENTAL_MS ms)")"
