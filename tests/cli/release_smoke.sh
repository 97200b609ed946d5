#!/usr/bin/env bash
# The release binary that `make run` serves (build/src/app/rapport), smoke-tested as make run uses
# it: a small demo database, `serve` on a free port, the web app and the API answering, a sign-in
# with the demo password, a clean exit on SIGTERM. Every other test runs on the sanitizer build;
# this one catches what only the optimised build does. Exits 77 (skipped) when there is no
# release binary (ctest run by hand in build-asan without `make build` first).
set -euo pipefail
bin=${1:?usage: release_smoke.sh RAPPORT_BIN}
if [ ! -x "$bin" ]; then echo "release smoke: no release binary at $bin (run make build): skipped"; exit 77; fi
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "release smoke: $*"; [ -f "$work/serve.log" ] && tail -20 "$work/serve.log"; exit 1; }

"$bin" version
"$bin" demo --db "$work/demo.db" --customers 300 --seed 7 > "$work/demo.log" 2>&1 || fail "demo failed: $(tail -5 "$work/demo.log")"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --db "$work/demo.db" --listen "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || fail "the server exited at start"
  sleep 0.1
done
base="http://127.0.0.1:$port"
curl -fsS "$base/healthz" | grep -q '"ok"' || fail "/healthz"
curl -fsS "$base/" | grep -qi '<!doctype html' || fail "the web app's index.html is not served at / (is build/web/dist built?)"
curl -fsS "$base/api/v1/openapi.json" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["openapi"].startswith("3.1") and len(d["paths"]) > 50' || fail "openapi.json"
code=$(curl -s -o "$work/login.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"email":"admin@rapport.demo","password":"rapport-demo"}' "$base/api/v1/auth/login")
[ "$code" = 200 ] || fail "sign-in as admin@rapport.demo answered $code: $(cat "$work/login.json")"
token=$("$bin" token create --db "$work/demo.db" --user admin@rapport.demo --name smoke)
count=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/customers?limit=5" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]))')
[ "$count" = 5 ] || fail "GET /customers?limit=5 gave $count rows"
kill -TERM "$server"
wait "$server" && rc=0 || rc=$?
server=""
[ "$rc" = 0 ] || fail "serve exited $rc on SIGTERM"
echo "release smoke: passed"
