#!/usr/bin/env bash
# Health-check benchmark (issue 10): 10,000 live streams over two providers (max_connections 8 and 4) against a local
# upstream that answers every request after a realistic delay (default 40 ms). Reports streams/second, the server's
# peak memory, and the most concurrent requests the upstream saw per provider (must not exceed max_connections,
# and the total must not exceed Health:MaxConcurrency).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
ROOT=$(cd ../.. && pwd)
OUT=$ROOT/bench/out/health
mkdir -p "$OUT"
COUNT=${COUNT:-10000}
DELAY_MS=${DELAY_MS:-40}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
(cd "$ROOT" && dotnet build src/M3uStrm.Migrations.Sqlite -c Release -nologo -v:q -clp:ErrorsOnly && dotnet build src/M3uStrm.Migrations.PostgreSql -c Release -nologo -v:q -clp:ErrorsOnly)

PUP=$(free_port); PLIST=$(free_port); PSRV=$(free_port)
python3 upstream.py "$PUP" "$DELAY_MS" & UP_PID=$!
for p in a b; do
  python3 - "$p" "$COUNT" "$PUP" > "$OUT/$p.m3u" <<'PY'
import sys
p, n, port = sys.argv[1], int(sys.argv[2]) // 2, sys.argv[3]
print("#EXTM3U")
for i in range(n):
    print(f'#EXTINF:-1 tvg-id="{p}{i}.bench" group-title="Bench",Bench {p.upper()} {i}')
    print(f"http://127.0.0.1:{port}/{p}/{i}.ts")
PY
done
(cd "$OUT" && exec python3 -m http.server "$PLIST" --bind 127.0.0.1 >/dev/null 2>&1) & LIST_PID=$!
DATA=$(mktemp -d)
export M3USTRM_DataDirectory=$DATA M3USTRM_Admin__Password=bench-password-123 M3USTRM_Logging__LogLevel__Default=Warning
export M3USTRM_Health__MaxConcurrency=${MAX_CONCURRENCY:-12}
(cd "$ROOT/src/M3uStrm.Server" && exec dotnet bin/Release/net10.0/M3uStrm.Server.dll --urls "http://127.0.0.1:$PSRV") > "$OUT/server.log" 2>&1 & SRV_PID=$!
trap 'kill $UP_PID $LIST_PID $SRV_PID 2>/dev/null; rm -rf "$DATA"' EXIT
B=http://127.0.0.1:$PSRV
for _ in $(seq 100); do curl -sf "$B/healthz" >/dev/null && break; sleep 0.2; done
JAR=$(mktemp)
curl -sf -c "$JAR" -H 'Content-Type: application/json' -d '{"username":"admin","password":"bench-password-123"}' "$B/api/auth/login" >/dev/null
api() { curl -sf -b "$JAR" -H "Origin: $B" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
wait_run() {
  while :; do
    local status; status=$(api "$B/api/admin/jobs/runs/$1" | json 'd["status"]')
    [ "$status" = succeeded ] || [ "$status" = failed ] && break
    sleep 0.5
  done
}
for spec in a:8 b:4; do
  p=${spec%%:*}; max=${spec##*:}
  id=$(api -d "{\"name\":\"bench-$p\",\"kind\":\"m3u_url\",\"url\":\"http://127.0.0.1:$PLIST/$p.m3u\",\"max_connections\":$max}" "$B/api/admin/providers" | json 'd["id"]')
  wait_run "$(api -X POST "$B/api/admin/providers/$id/sync" | json 'd["run_id"]')"
done
start=$(date +%s.%N)
run=$(api -X POST -d '{}' "$B/api/admin/health/check" | json 'd["run_id"]')
wait_run "$run"
end=$(date +%s.%N)
summary=$(api "$B/api/admin/health/summary")
python3 - "$start" "$end" "$COUNT" "$summary" "$(curl -sf "http://127.0.0.1:$PUP/stats")" "$(api "$B/api/admin/jobs/runs/$run" | json 'd["message"]')" <<'PY'
import json, sys
start, end, count = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
summary, stats, message = json.loads(sys.argv[4]), json.loads(sys.argv[5]), sys.argv[6]
secs = end - start
print(f"health check of {count} streams: {secs:.1f} s, {count / secs:.0f} streams/s")
print(f"summary: {summary}")
print(f"run message: {message}")
print(f"upstream peak concurrency: provider a (max 8) {stats['peak'].get('a')}, provider b (max 4) {stats['peak'].get('b')}; requests {stats['requests']}")
PY
echo "server peak RSS: $(grep VmHWM /proc/$SRV_PID/status | awk '{printf "%.0f MB", $2/1024}')"
