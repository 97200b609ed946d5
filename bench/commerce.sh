#!/usr/bin/env bash
# The commerce benchmarks of issue 5 (docs/benchmarks.md, "Session 3"): cross-sell suggestions for
# one customer on a 1M-customer / ~5M-order database (target p99 <= 10 ms), durable order creation
# (target >= 3,000/s), and, without a target, the pipeline and a customer's next-actions.
# SQLite only; wrk against `rapport serve` (defaults, keep-alive, loopback, --latency).
#
#   bench/commerce.sh
#
# Env:
#   RAPPORT_BIN      the binary (default build/src/app/rapport; use a Release build)
#   CUSTOMERS        customers of the large database (default 1000000)
#   REPEAT_ORDERS    `rapport demo --repeat-orders` (default 28.5: about 5 orders per customer,
#                    4,912,127 orders at 1M customers, 503,902 at 100k; also measured at 100k:
#                    2 -> 63,094 orders, 28.3 -> 497,901, 30 -> 528,341)
#   CUSTOMERS_SMALL  customers of the database the creates run on (default 100000; same
#                    REPEAT_ORDERS); each create run gets a fresh copy of it
#   SAMPLE           customers with orders sampled for the per-customer routes (default 10000)
#   DURATION         each wrk measurement (default 10s); WARMUP before each (default 2s)
#   CREATE_CONNS     wrk connections tried for creates of any customer (default "16 64"); the
#                    last one is also run for repeat buyers only
#   KEEP_DATA=1      reuse the databases of an earlier run (skips the demo timings)
#   PORT             loopback port of the server (default 18482)
#
# Everything generated goes to bench/data/ (gitignored): commerce_large.db, commerce_small.db
# (and the copy the creates ran on), the demo and server logs, the sampled ids, every raw wrk
# output (commerce-wrk-*.txt), the query plans (commerce-plans.txt) and the summary
# (commerce-results.txt). Next to each figure: the load average and the CPU used over the
# measurement by the server, by wrk and by everything else (% of one core; 200 = all of 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${RAPPORT_BIN:-build/src/app/rapport}
LARGE=${CUSTOMERS:-1000000}
SMALL=${CUSTOMERS_SMALL:-100000}
R=${REPEAT_ORDERS:-28.5}
SAMPLE=${SAMPLE:-10000}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
CREATE_CONNS=${CREATE_CONNS:-16 64}
KEEP_DATA=${KEEP_DATA:-0}
PORT=${PORT:-18482}
DATA=bench/data
RESULTS=$DATA/commerce-results.txt
PRODUCTS=12  # the demo catalogue

# Targets (issue 5).
T_XSELL_P99=10 T_CREATE_RPS=3000

for tool in wrk curl awk sqlite3; do
  command -v "$tool" >/dev/null || { echo "bench/commerce.sh: $tool is required" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "bench/commerce.sh: no rapport binary at '$BIN' (set RAPPORT_BIN)" >&2; exit 1; }
mkdir -p "$DATA"
: > "$RESULTS"
rm -f "$DATA"/commerce-wrk-*.txt

server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

source bench/lib.sh  # say, load_avg, machine_busy, proc_ticks, TCK, to_ms, verdict

q() { sqlite3 -readonly "$@"; }

have_data() { [ "$KEEP_DATA" = 1 ] && [ -s "$1" ] && q "$1" "SELECT count(*) FROM orders" >/dev/null 2>&1; }

declare -A DEMO_S
demo() {  # demo FILE N: a demo database with ~5 orders per customer
  local db=$1 n=$2 times
  if have_data "$db"; then
    say "demo $n customers: kept from an earlier run (KEEP_DATA=1), not timed"
    return
  fi
  rm -f "$db" "$db-wal" "$db-shm"
  say "load before demo $n: $(load_avg)"
  times=$( { TIMEFORMAT='%R %U %S'; time "$BIN" demo --db "$db" --customers "$n" --seed 1 \
               --repeat-orders "$R" > "$DATA/commerce-demo-$n.log" 2>&1; } 2>&1 )
  read -r real user sys <<< "$times"
  DEMO_S[$n]=$real
  say "$(printf 'demo %s customers --repeat-orders %s: %.1f s wall, %.1f s user, %.1f s sys; %s; load after %s' \
        "$n" "$R" "$real" "$user" "$sys" \
        "$(tr '\r' '\n' < "$DATA/commerce-demo-$n.log" | grep -m1 -E '^demo: [0-9]+ products,' | sed 's/^demo: //')" "$(load_avg)")"
}

dataset() {  # dataset FILE: one line of counts and size
  local db=$1
  sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null 2>&1 || true  # fold any WAL in: size and copies
  q "$db" "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM orders),
                  (SELECT count(*) FROM order_lines), (SELECT count(DISTINCT customer_id) FROM customer_products),
                  (SELECT count(*) FROM deals), (SELECT count(*) FROM products)" |
    awk -F'|' -v mb="$(du -m "$db" | cut -f1)" '{
      printf "%d customers, %d orders, %d order lines, %d customers with orders, %d deals, %d products, %d MB", $1, $2, $3, $4, $5, $6, mb }'
}

serve() {  # serve DB [serve options]
  local db=$1; shift
  "$BIN" serve --db "$db" --listen "127.0.0.1:$PORT" "$@" > "$DATA/commerce-server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench/commerce.sh: the server did not start" >&2
  cat "$DATA/commerce-server.log" >&2
  exit 1
}

stop_server() {  # waits for the server to exit: every request it accepted has been answered
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# bench LABEL SCRIPT WRK_THREADS CONNECTIONS [wrk options]: one warm-up (env WARM_ENV, e.g.
# "CHANNEL=warmup", applies to it alone), one measurement; sets RPS, P50, P99 (ms), ERRS, REQS and
# prints a line; the raw output is kept in bench/data/commerce-wrk-LABEL.txt.
bench() {
  local label=$1 script=$2 wt=$3 conns=$4; shift 4
  local file="$DATA/commerce-wrk-${label//[^A-Za-z0-9._-]/_}.txt"
  env ${WARM_ENV:-} wrk -t"$wt" -c"$conns" -d"$WARMUP" "$@" -s "bench/$script" "http://127.0.0.1:$PORT" > /dev/null 2>&1
  local load busy0 srv0 busy1 srv1 wrk_cpu
  load=$(load_avg)
  busy0=$(machine_busy); srv0=$(proc_ticks "$server_pid")
  wrk_cpu=$( { TIMEFORMAT='%U %S'; time wrk -t"$wt" -c"$conns" -d"$DURATION" --latency "$@" \
                 -s "bench/$script" "http://127.0.0.1:$PORT" > "$file" 2>&1; } 2>&1 )
  busy1=$(machine_busy); srv1=$(proc_ticks "$server_pid")
  RPS=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$file")
  REQS=$(awk '/requests in/ {print $1}' "$file")
  P50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$file")")
  P99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$file")")
  ERRS=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$file")
  local secs cpu
  secs=$(awk '/requests in/ {v = $4; sub(/s,?$/, "", v); print v}' "$file")
  cpu=$(awk -v b="$((busy1 - busy0))" -v s="$((srv1 - srv0))" -v w="$wrk_cpu" -v t="$TCK" -v d="$secs" 'BEGIN {
    split(w, x, " "); wt = (x[1] + x[2]) * t
    o = b - s - wt; if (o < 0) o = 0
    printf "cpu%%: server %.0f, wrk %.0f, others %.0f", 100 * s / t / d, 100 * wt / t / d, 100 * o / t / d }')
  say "$(printf '%-48s %7s req/s  p50 %8s ms  p99 %8s ms  errors %s  | load %s | %s' \
        "$label" "$RPS" "$P50" "$P99" "$ERRS" "$load" "$cpu")"
}

SUMMARY=()
row() { SUMMARY+=("$(printf '%-54s | %-16s | %-30s | %s' "$1" "$2" "$3" "$4")"); }

say "rapport commerce benchmark $(date -u +%FT%TZ), SQLite, binary $BIN ($("$BIN" version))"
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(free -g | awk '/Mem:/ {print $2}') GiB RAM; load $(load_avg)"
say "wrk: keep-alive over loopback, warm-up $WARMUP then $DURATION per figure; server with its defaults; times in ms"

# 1. The databases: ~5 orders per customer.
large=$DATA/commerce_large.db
small=$DATA/commerce_small.db
demo "$large" "$LARGE"
demo "$small" "$SMALL"
say "dataset large: $(dataset "$large")"
say "dataset small: $(dataset "$small")"
[ -n "${DEMO_S[$LARGE]:-}" ] &&
  row "demo $LARGE customers, --repeat-orders $R" "-" "$(printf '%.1f s' "${DEMO_S[$LARGE]}")" "-"

# 2. Per-customer reads on the large database, for customers that have orders.
ids=$DATA/commerce-ids.txt
q "$large" "SELECT customer_id FROM (SELECT DISTINCT customer_id FROM customer_products)
            ORDER BY random() LIMIT $SAMPLE" > "$ids"
say "sampled $(wc -l < "$ids") customers with orders into $ids"
{
  c=$(head -n 1 "$ids")
  for sql in \
      "SELECT product_id FROM customer_products WHERE customer_id = $c ORDER BY product_id" \
      "SELECT product_id, other_id, buyers FROM product_pairs WHERE product_id IN (1, 2, 3)" \
      "SELECT product_id, buyers FROM product_buyers WHERE product_id IN (1, 2, 3)" \
      "SELECT value FROM commerce_counters WHERE name = 'buying_customers'"; do
    echo "-- $sql"
    q "$large" "EXPLAIN QUERY PLAN $sql"
  done
} > "$DATA/commerce-plans.txt" 2>&1

# The queries of one cross-sell (src/store/common/usage_repo.cpp, plus the customer and the
# products looked up by the service) in the sqlite3 shell for the first 1,000 sampled customers.
head -n 1000 "$ids" | awk '{
  print "SELECT id, name, stage FROM customers WHERE id = " $1 " AND archived_at IS NULL;"
  print "SELECT product_id FROM customer_products WHERE customer_id = " $1 " ORDER BY product_id;"
  print "SELECT product_id, other_id, buyers FROM product_pairs WHERE product_id IN (SELECT product_id FROM customer_products WHERE customer_id = " $1 ");"
  print "SELECT product_id, buyers FROM product_buyers;"
  print "SELECT value FROM commerce_counters WHERE name = '\''buying_customers'\'';"
  print "SELECT id, active FROM products;" }' > "$DATA/commerce-xsell-queries.sql"
n_sql=$(head -n 1000 "$ids" | wc -l)
q "$large" < "$DATA/commerce-xsell-queries.sql" > /dev/null  # warm
sql_s=$( { TIMEFORMAT='%R'; time q "$large" < "$DATA/commerce-xsell-queries.sql" > /dev/null; } 2>&1 )
sql_ms=$(awk -v s="$sql_s" -v n="$n_sql" 'BEGIN {printf "%.3f", 1000 * s / n}')
say "cross-sell queries in the sqlite3 shell, $n_sql customers: $sql_s s, $sql_ms ms per customer (load $(load_avg))"
row "cross-sell SQL alone (sqlite3 shell), mean" "-" "$sql_ms ms per customer" "-"

export TOKEN IDS_FILE=$ids ROUTE
TOKEN=$("$BIN" token create --db "$large" --user admin@rapport.demo --name bench 2>/dev/null)
serve "$large"
ROUTE="/api/v1/customers/{id}/cross-sell"
bench "cross-sell @$LARGE -t1 -c1" customer_get.lua 1 1
row "cross-sell, one customer (wrk -t1 -c1)" "p99 <= $T_XSELL_P99 ms" "p50 $P50 / p99 $P99 ms, $RPS req/s" "$(verdict "$P99" le $T_XSELL_P99)"
bench "cross-sell @$LARGE -t2 -c16" customer_get.lua 2 16
row "cross-sell, throughput (wrk -t2 -c16)" "p99 <= $T_XSELL_P99 ms" "$RPS req/s, p99 $P99 ms" "$(verdict "$P99" le $T_XSELL_P99)"
ROUTE="/api/v1/customers/{id}/next-actions"
bench "next-actions @$LARGE -t1 -c1" customer_get.lua 1 1
row "next-actions, one customer (wrk -t1 -c1)" "-" "p50 $P50 / p99 $P99 ms, $RPS req/s" "-"
bench "next-actions @$LARGE -t2 -c16" customer_get.lua 2 16
row "next-actions (wrk -t2 -c16)" "-" "$RPS req/s, p99 $P99 ms" "-"

# The pipeline aggregates every deal: slow on a large book, so sequential requests and a long timeout.
pipe_times=$(for _ in $(seq 1 5); do
  curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/pipeline"
done | sort -n)
say "GET /pipeline @$LARGE, 5 sequential (s): $(echo $pipe_times) (load $(load_avg))"
ROUTE="/api/v1/pipeline"
bench "pipeline @$LARGE -t1 -c1" customer_get.lua 1 1 --timeout 60s
row "pipeline (wrk -t1 -c1)" "-" "p50 $P50 / p99 $P99 ms ($REQS requests)" "-"
stop_server

# 3. Durable order creation, each run on a fresh copy of the small database: customers uniform
# over all of them (70 % have no order yet: their first order also moves them to the `order`
# stage), at each of CREATE_CONNS; then, at the last of them, only customers that have bought
# before (repeat orders: no stage change, except the 10 % churned ones, which are won back).
sqlite3 "$small" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null 2>&1 || true  # the copies below take the .db alone
run_db=$DATA/commerce_small_run.db
buyers=$DATA/commerce-buyers-small.txt
q "$small" "SELECT DISTINCT customer_id FROM customer_products" > "$buyers"
export MAX_ID=$SMALL PRODUCTS CHANNEL
last_conns=${CREATE_CONNS##* }
for cfg in $(for c in $CREATE_CONNS; do echo "all:$c"; done) "buyers:$last_conns"; do
  who=${cfg%:*} conns=${cfg#*:}
  if [ "$who" = buyers ]; then IDS_FILE=$buyers; else IDS_FILE=""; fi
  rm -f "$run_db" "$run_db-wal" "$run_db-shm"
  cp "$small" "$run_db"
  TOKEN=$("$BIN" token create --db "$run_db" --user admin@rapport.demo --name bench 2>/dev/null)
  before=$(q "$run_db" "SELECT count(*) FROM orders")
  serve "$run_db"
  CHANNEL="bench-$who-c$conns"
  label="POST /orders @$SMALL $who -t2 -c$conns"
  WARM_ENV="CHANNEL=warmup-$who-c$conns" bench "$label" create_order.lua 2 "$conns"
  wrk_file="$DATA/commerce-wrk-${label//[^A-Za-z0-9._-]/_}.txt"
  created=$(awk '/^created:/ {print $2}' "$wrk_file")
  other=$(awk '/^created:/ {print $4}' "$wrk_file")
  stop_server
  in_db=$(q "$run_db" "SELECT count(*) FROM orders WHERE channel = '$CHANNEL'")
  warm=$(q "$run_db" "SELECT count(*) FROM orders WHERE channel = 'warmup-$who-c$conns'")
  after=$(q "$run_db" "SELECT count(*) FROM orders")
  # wrk stops with requests in flight: the server commits them, wrk never reads their 201.
  extra=$((in_db - created))
  check=$( [ "$extra" -ge 0 ] && [ "$extra" -le "$conns" ] && [ "$other" = 0 ] && echo ok || echo MISMATCH )
  say "  orders: $before before, $warm in the warm-up, $in_db in the run ($created 201s read by wrk," \
      "$other other statuses; $extra more committed = requests in flight at wrk's stop, <= $conns: $check), $after after"
  if [ "$who" = all ]; then
    row "POST /orders, any customer, durable (wrk -t2 -c$conns)" ">= $T_CREATE_RPS /s" "$RPS /s, p99 $P99 ms" "$(verdict "$RPS" ge $T_CREATE_RPS)"
  else
    row "POST /orders, repeat buyers only (wrk -t2 -c$conns)" ">= $T_CREATE_RPS /s" "$RPS /s, p99 $P99 ms" "$(verdict "$RPS" ge $T_CREATE_RPS)"
  fi
  row "  orders in the DB vs 201s read (+ in flight <= $conns)" "equal" "$in_db vs $created (+$extra), $other non-201" "$check"
done

say ""
say "$(printf '%-54s | %-16s | %-30s | %s' "figure" "target" "measured" "verdict")"
for line in "${SUMMARY[@]}"; do say "$line"; done
say "load at the end: $(load_avg)"
