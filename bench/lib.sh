# Shell helpers shared by the benchmark scripts (sourced; RESULTS must be set before `say`).
# shellcheck shell=bash

say() { echo "$*" | tee -a "$RESULTS"; }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

# CPU accounting: busy ticks of the whole machine and of one process.
machine_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
TCK=$(getconf CLK_TCK)

to_ms() {  # wrk duration ("812.00us", "1.23ms", "1.02s", "1.10m") -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

verdict() {  # verdict VALUE OP TARGET -> PASS/MISS (OP: ge or le)
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
    ok = (op == "ge") ? (v + 0 >= t + 0) : (v + 0 <= t + 0); print (ok ? "PASS" : "MISS") }'
}
