#!/usr/bin/env bash
# The benchmarks of docs/benchmarks.md: `rapport demo` timings, then the server under wrk
# (keep-alive, loopback, --latency) on generated data, each figure against its target.
#
#   bench/run.sh                       SQLite (the default backend)
#   BACKEND=pg bench/run.sh            PostgreSQL (a throw-away server via scripts/pg-test-server)
#
# Env:
#   RAPPORT_BIN      the binary (default build/src/app/rapport; use a Release build)
#   CUSTOMERS_SMALL  customers of the small database: reads and creates (default 100000)
#   CUSTOMERS_LARGE  customers of the large database: list, search, RSS (default 1000000)
#   DURATION         each wrk measurement (default 10s); WARMUP before each (default 2s)
#   GET_THREADS      thread counts tried for GET by id (default "2 4 16"): serve --io-threads
#                    (the threads that run reads) when the binary has it, else --threads
#   CREATE_THREADS   serve --threads tried for creates (default "16 64"; they run writes)
#   KEEP_DATA=1      reuse the databases of an earlier run (skips the demo timings)
#   PORT             loopback port of the server (default 18480)
#
# Everything generated goes to bench/data/ (gitignored): the databases, server and demo logs, every
# raw wrk output (wrk-*.txt), the query plans (plans.txt) and the summary (results.txt).
# Idempotent: the databases are made afresh on every run unless KEEP_DATA=1.
#
# Next to each figure: the machine's load average and, over the measurement, the CPU used by the
# server, by wrk and by everything else (in % of one core: 200 is all of a 2-core machine), so
# that runs on a shared machine can be told apart. With BACKEND=pg, PostgreSQL counts as "others".
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${RAPPORT_BIN:-build/src/app/rapport}
SMALL=${CUSTOMERS_SMALL:-100000}
LARGE=${CUSTOMERS_LARGE:-1000000}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
GET_THREADS=${GET_THREADS:-2 4 16}
CREATE_THREADS=${CREATE_THREADS:-16 64}
BACKEND=${BACKEND:-sqlite}
KEEP_DATA=${KEEP_DATA:-0}
PORT=${PORT:-18480}
DATA=bench/data
RESULTS=$DATA/results.txt
DEFAULT_THREADS=16  # rapport serve's default --threads

# Targets (docs/benchmarks.md).
T_DEMO_S=120 T_GET_RPS=20000 T_GET_P99=5 T_CREATE_RPS=5000 T_LIST_P99=10 T_SEARCH_P99=20 T_RSS_MB=150

for tool in wrk curl awk; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is required" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "bench/run.sh: no rapport binary at '$BIN' (set RAPPORT_BIN)" >&2; exit 1; }
mkdir -p "$DATA"
: > "$RESULTS"
rm -f "$DATA"/wrk-*.txt "$DATA"/demo-*.log

server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
  if [ "$BACKEND" = pg ]; then scripts/pg-test-server stop "$DATA/pg" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

source bench/lib.sh  # say, load_avg, machine_busy, proc_ticks, TCK, to_ms, verdict

db_for() {  # db_for NAME -> spec of a fresh (or, with KEEP_DATA=1, existing) database
  if [ "$BACKEND" = pg ]; then
    local url port
    url=$(cat "$DATA/pg/url"); port=$(cat "$DATA/pg/port")
    if [ "$KEEP_DATA" != 1 ]; then
      dropdb --if-exists -h 127.0.0.1 -p "$port" -U rapport "$1" 2>/dev/null || true
      createdb -h 127.0.0.1 -p "$port" -U rapport "$1"
    fi
    echo "${url%/*}/$1"
  else
    [ "$KEEP_DATA" = 1 ] || rm -f "$DATA/$1.db" "$DATA/$1.db-wal" "$DATA/$1.db-shm"
    echo "$DATA/$1.db"
  fi
}

have_data() {  # have_data SPEC: does it already hold a demo?
  [ "$KEEP_DATA" = 1 ] || return 1
  "$BIN" token create --db "$1" --user admin@rapport.demo --name bench-probe >/dev/null 2>&1
}

declare -A DEMO_S
demo() {  # demo SPEC N
  local spec=$1 n=$2 times
  if have_data "$spec"; then
    say "demo $n customers: kept from an earlier run (KEEP_DATA=1), not timed"
    return
  fi
  say "load before demo $n: $(load_avg)"
  times=$( { TIMEFORMAT='%R %U %S'; time "$BIN" demo --db "$spec" --customers "$n" --seed 1 \
                                            2> "$DATA/demo-$n.log"; } 2>&1 )
  read -r real user sys <<< "$times"
  DEMO_S[$n]=$real
  local size=""
  [ "$BACKEND" = sqlite ] && size=", database $(du -m "$spec" | cut -f1) MB"
  local inserts
  inserts=$(tr '\r' '\n' < "$DATA/demo-$n.log" | grep -o 'took [0-9:]*' | tail -n 1 || true)
  say "$(printf 'demo %s customers (%s): %.1f s wall (inserts %s, then the search index), %.1f s user, %.1f s sys%s; load after %s' \
        "$n" "$BACKEND" "$real" "${inserts#took }" "$user" "$sys" "$size" "$(load_avg)")"
}

serve() {  # serve SPEC [serve options]
  local spec=$1; shift
  "$BIN" serve --db "$spec" --listen "127.0.0.1:$PORT" "$@" > "$DATA/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench/run.sh: the server did not start" >&2
  cat "$DATA/server.log" >&2
  exit 1
}

stop_server() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

rss_mb() { awk -v k="$1" '$1 == k":" {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status"; }

# bench LABEL SCRIPT WRK_THREADS CONNECTIONS: one warm-up, one measurement; sets RPS, P50, P99
# (milliseconds) and ERRS, prints a line and keeps the raw output in bench/data/wrk-LABEL.txt.
bench() {
  local label=$1 script=$2 wt=$3 conns=$4
  local file="$DATA/wrk-${label//[^A-Za-z0-9._-]/_}.txt"
  wrk -t"$wt" -c"$conns" -d"$WARMUP" -s "bench/$script" "http://127.0.0.1:$PORT" > /dev/null 2>&1
  local load busy0 srv0 busy1 srv1 wrk_cpu
  load=$(load_avg)
  busy0=$(machine_busy); srv0=$(proc_ticks "$server_pid")
  wrk_cpu=$( { TIMEFORMAT='%U %S'; time wrk -t"$wt" -c"$conns" -d"$DURATION" --latency \
                 -s "bench/$script" "http://127.0.0.1:$PORT" > "$file" 2>&1; } 2>&1 )
  busy1=$(machine_busy); srv1=$(proc_ticks "$server_pid")
  RPS=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$file")
  P50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$file")")
  P99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$file")")
  ERRS=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$file")
  # CPU over the measurement, in % of one core.
  local secs cpu
  secs=$(awk '/requests in/ {v = $4; sub(/s,?$/, "", v); print v}' "$file")
  cpu=$(awk -v b="$((busy1 - busy0))" -v s="$((srv1 - srv0))" -v w="$wrk_cpu" -v t="$TCK" -v d="$secs" 'BEGIN {
    split(w, x, " "); wt = (x[1] + x[2]) * t
    o = b - s - wt; if (o < 0) o = 0
    printf "cpu%%: server %.0f, wrk %.0f, others %.0f", 100 * s / t / d, 100 * wt / t / d, 100 * o / t / d }')
  say "$(printf '%-44s %7s req/s  p50 %7s ms  p99 %7s ms  errors %s  | load %s | %s' \
        "$label" "$RPS" "$P50" "$P99" "$ERRS" "$load" "$cpu")"
}

SUMMARY=()
row() { SUMMARY+=("$(printf '%-52s | %-14s | %-22s | %s' "$1" "$2" "$3" "$4")"); }

say "rapport benchmark $(date -u +%FT%TZ), backend $BACKEND, binary $BIN ($("$BIN" version))"
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(free -g | awk '/Mem:/ {print $2}') GiB RAM; load $(load_avg)"
say "wrk: keep-alive over loopback, warm-up $WARMUP then $DURATION per figure; times in ms"
if [ "$BACKEND" = pg ]; then scripts/pg-test-server start "$DATA/pg" >/dev/null; fi

# 1. demo timings.
large=$(db_for rapport_bench_large)
demo "$large" "$LARGE"
small=$(db_for rapport_bench_small)
demo "$small" "$SMALL"
[ -n "${DEMO_S[$LARGE]:-}" ] &&
  row "demo $LARGE customers" "< ${T_DEMO_S} s" "$(printf '%.1f s' "${DEMO_S[$LARGE]}")" "$(verdict "${DEMO_S[$LARGE]}" le $T_DEMO_S)"
[ -n "${DEMO_S[$SMALL]:-}" ] &&
  row "demo $SMALL customers" "-" "$(printf '%.1f s' "${DEMO_S[$SMALL]}")" "-"

# 2. GET by id on the small database: server threads x wrk connections. Since serve has
# --io-threads, reads run on those (default: one per core) and --threads only sizes the pool of
# threads for writes; older binaries ran everything on --threads (default 16).
export TOKEN MAX_ID=$SMALL RUN_ID
RUN_ID=$(date +%s)
TOKEN=$("$BIN" token create --db "$small" --user admin@rapport.demo --name bench 2>/dev/null)
if "$BIN" serve --help 2>/dev/null | grep -q -- --io-threads; then
  read_opt=--io-threads read_default=$(nproc)
else
  read_opt=--threads read_default=$DEFAULT_THREADS
fi
best_rps=0 best_p99="" best_cfg="" peak_rps=0 peak_p99="" peak_cfg="" def_rps="" def_p99=""
declare -A tried
for threads in $GET_THREADS $read_default; do
  [ -z "${tried[$threads]:-}" ] || continue
  tried[$threads]=1
  serve "$small" "$read_opt" "$threads"
  for cfg in "1 32" "2 64"; do
    read -r wt conns <<< "$cfg"
    bench "GET /customers/{id} @$SMALL $read_opt $threads -t$wt -c$conns" get_by_id.lua "$wt" "$conns"
    if [ "$RPS" -gt "$peak_rps" ]; then
      peak_rps=$RPS peak_p99=$P99 peak_cfg="$read_opt $threads, wrk -t$wt -c$conns"
    fi
    if [ "$(verdict "$P99" le $T_GET_P99)" = PASS ] && [ "$RPS" -gt "$best_rps" ]; then
      best_rps=$RPS best_p99=$P99 best_cfg="$read_opt $threads, wrk -t$wt -c$conns"
    fi
    if [ "$threads" = "$read_default" ] && [ "$conns" = 64 ]; then def_rps=$RPS def_p99=$P99; fi
  done
  stop_server
done
# Best: the highest throughput whose p99 is within target; peak: the highest throughput at all.
if [ -z "$best_cfg" ]; then best_rps=$peak_rps best_p99=$peak_p99 best_cfg=$peak_cfg; fi
row "GET by id, best ($best_cfg)" ">= $T_GET_RPS req/s" "$best_rps req/s" "$(verdict "$best_rps" ge $T_GET_RPS)"
row "  p99 of that run" "<= $T_GET_P99 ms" "$best_p99 ms" "$(verdict "$best_p99" le $T_GET_P99)"
if [ "$peak_cfg" != "$best_cfg" ]; then
  row "GET by id, peak throughput ($peak_cfg)" ">= $T_GET_RPS req/s" "$peak_rps req/s" "$(verdict "$peak_rps" ge $T_GET_RPS)"
  row "  p99 of that run" "<= $T_GET_P99 ms" "$peak_p99 ms" "$(verdict "$peak_p99" le $T_GET_P99)"
fi
row "GET by id, default ($read_opt $read_default, wrk -t2 -c64)" ">= $T_GET_RPS req/s" "$def_rps req/s" "$(verdict "$def_rps" ge $T_GET_RPS)"
row "  p99 of that run" "<= $T_GET_P99 ms" "$def_p99 ms" "$(verdict "$def_p99" le $T_GET_P99)"

# 3. Durable creates on the small database.
for threads in $CREATE_THREADS; do
  serve "$small" --threads "$threads"
  bench "POST /customers @$SMALL --threads $threads -t2 -c64" create.lua 2 64
  row "POST creates (--threads $threads, wrk -t2 -c64)" ">= $T_CREATE_RPS /s" "$RPS /s, p99 $P99 ms" "$(verdict "$RPS" ge $T_CREATE_RPS)"
  stop_server
done

# 4. List and search on the large database, 5. the server's memory after them.
TOKEN=$("$BIN" token create --db "$large" --user admin@rapport.demo --name bench 2>/dev/null)
if [ "$BACKEND" = sqlite ] && command -v sqlite3 >/dev/null; then
  {
    echo "-- list: stage=lead&sort=name&limit=50"
    sqlite3 -readonly "$large" "EXPLAIN QUERY PLAN SELECT c.id FROM customers c WHERE c.archived_at IS NULL AND c.stage = 'lead' ORDER BY c.sort_name, c.id LIMIT 51"
    echo "-- q with fewer than 2000 trigram matches (drive from the search index), e.g. 'paul ber'"
    sqlite3 -readonly "$large" "EXPLAIN QUERY PLAN SELECT c.id FROM customer_search f CROSS JOIN customers c ON c.id = f.rowid WHERE f.customer_search MATCH '\"paul ber\"' AND c.archived_at IS NULL ORDER BY c.created_at, c.id LIMIT 51"
    echo "-- q with 2000 matches or more (walk the sort index, filter with instr), e.g. 'ngstr'"
    sqlite3 -readonly "$large" "EXPLAIN QUERY PLAN SELECT c.id FROM customers c WHERE instr(c.search_text, 'ngstr') > 0 AND c.archived_at IS NULL ORDER BY c.created_at, c.id LIMIT 51"
  } > "$DATA/plans.txt" 2>&1
fi
serve "$large"  # the defaults
say "server RSS on the $LARGE database before the list/search runs: $(rss_mb VmRSS) MB"
for cfg in "1 4" "2 64"; do
  read -r wt conns <<< "$cfg"
  bench "list stage=lead sort=name @$LARGE -t$wt -c$conns" list_stage_name.lua "$wt" "$conns"
  row "list page, lead by name (defaults, wrk -t$wt -c$conns)" "p99 <= $T_LIST_P99 ms" "$P99 ms, $RPS req/s" "$(verdict "$P99" le $T_LIST_P99)"
done
for cfg in "1 4" "2 64"; do
  read -r wt conns <<< "$cfg"
  bench "q search, 55 fragments @$LARGE -t$wt -c$conns" search.lua "$wt" "$conns"
  row "q search, first page (defaults, wrk -t$wt -c$conns)" "p99 <= $T_SEARCH_P99 ms" "$P99 ms, $RPS req/s" "$(verdict "$P99" le $T_SEARCH_P99)"
done

# Each fragment alone, one request at a time (5 each, the slowest kept): which ones are slow.
{
  echo "-- q fragments, slowest of 5 sequential requests each (ms), fragment, rows containing it"
  awk -F'"' '/^  \{"/ {print $2 "\t" $4 "\t" $5}' bench/search.lua | while IFS=$'\t' read -r enc frag count; do
    count=${count//[^0-9]/}
    worst=0
    for _ in 1 2 3 4 5; do
      t=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" \
            "http://127.0.0.1:$PORT/api/v1/customers?limit=50&q=$enc")
      worst=$(awk -v a="$worst" -v b="$t" 'BEGIN {b *= 1000; print (b > a ? b : a)}')
    done
    printf '%8.1f  %-10s %s\n' "$worst" "$frag" "$count"
  done | sort -rn
} > "$DATA/search-fragments.txt"
say "slowest q fragments alone (ms, fragment, rows containing it; all in $DATA/search-fragments.txt):"
sed -n 2,6p "$DATA/search-fragments.txt" | tee -a "$RESULTS"

# 4b. Record ownership: a rep's list is scoped inside the SQL (own + team's customers). In the demo
# every rep is in team Sales, which owns most customers; sorted newest first and by name.
admin_token=$TOKEN
TOKEN=$("$BIN" token create --db "$large" --user rita.rep@rapport.demo --name bench 2>/dev/null)
for query in "limit=50" "sort=name&limit=50"; do
  QUERY=$query bench "list as a rep ($query) @$LARGE -t2 -c64" list_scoped.lua 2 64
  row "list page as a rep, $query (wrk -t2 -c64)" "p99 <= $T_LIST_P99 ms" "$P99 ms, $RPS req/s" "$(verdict "$P99" le $T_LIST_P99)"
done
TOKEN=$admin_token

# 6. Sign-in: argon2id verification dominates; 20 sequential logins (the demo password).
login_times=$(for _ in $(seq 1 20); do
  curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' \
       -d '{"email":"maria.manager@rapport.demo","password":"rapport-demo"}' \
       "http://127.0.0.1:$PORT/api/v1/auth/login"
done | sort -n)
login_p50=$(echo "$login_times" | awk 'NR == 10 {printf "%.0f", $1 * 1000}')
login_max=$(echo "$login_times" | awk 'END {printf "%.0f", $1 * 1000}')
say "POST /auth/login, 20 sequential: p50 $login_p50 ms, max $login_max ms"
row "sign-in (argon2id), 20 sequential" "-" "p50 $login_p50 ms, max $login_max ms" "-"

# 7. Erasing one customer on the large database: the search index is compacted so no trigram of
# the old name survives (SQLite 3.40 has no FTS5 secure-delete), then the WAL is truncated.
erase_id=$(( (RANDOM * 32768 + RANDOM) % LARGE + 1 ))
erase_s=$(curl -s -o /dev/null -w '%{time_total}' -X POST -H "Authorization: Bearer $TOKEN" \
            "http://127.0.0.1:$PORT/api/v1/customers/$erase_id/erase")
say "POST /customers/$erase_id/erase @$LARGE: $erase_s s"
row "erase one customer @$LARGE (writes wait meanwhile)" "-" "$(printf '%.1f s' "$erase_s")" "-"

rss=$(rss_mb VmRSS) hwm=$(rss_mb VmHWM)
say "server RSS after the $LARGE runs: VmRSS $rss MB (peak VmHWM $hwm MB)"
row "server VmRSS after the $LARGE runs" "<= $T_RSS_MB MB" "$rss MB (peak $hwm MB)" "$(verdict "$rss" le $T_RSS_MB)"
stop_server

say ""
say "$(printf '%-52s | %-14s | %-22s | %s' "figure" "target" "measured" "verdict")"
for line in "${SUMMARY[@]}"; do say "$line"; done
say "load at the end: $(load_avg)"
