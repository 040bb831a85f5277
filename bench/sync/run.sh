#!/usr/bin/env bash
# Sync benchmark (issue 6): first sync and no-change re-sync of a generated 100,000-entry live playlist and of a
# generated Xtream provider with 20,000 movies and 2,000 series, through the real server (SQLite, or PostgreSQL
# when M3USTRM_BENCH_PG is a connection string). Prints one line per measurement; durations come from the
# server's own provider_performance_logs, peak memory from the server process (VmHWM).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
ROOT=$(cd ../.. && pwd)
OUT=$ROOT/bench/out/sync
mkdir -p "$OUT"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

[ -f "$OUT/playlist_100k.m3u" ] || python3 "$ROOT/../shared/bench/gen_playlist.py" 100000 "$OUT/playlist_100k.m3u"
(cd "$ROOT" && dotnet build src/M3uStrm.Migrations.Sqlite -c Release -nologo -v:q -clp:ErrorsOnly && dotnet build src/M3uStrm.Migrations.PostgreSql -c Release -nologo -v:q -clp:ErrorsOnly)

PM3U=$(free_port); PXT=$(free_port); PSRV=$(free_port)
(cd "$OUT" && exec python3 -m http.server "$PM3U" --bind 127.0.0.1 >/dev/null 2>&1) & M3U_PID=$!
python3 fake_xtream.py "$PXT" 20000 2000 0 10 & XT_PID=$!
DATA=$(mktemp -d)
export M3USTRM_DataDirectory=$DATA M3USTRM_Admin__Password=bench-password-123 M3USTRM_Logging__LogLevel__Default=Warning M3USTRM_Logging__LogLevel__M3uStrm=Information
if [ -n "${M3USTRM_BENCH_PG:-}" ]; then export M3USTRM_Database__Provider=postgres M3USTRM_ConnectionStrings__Default=$M3USTRM_BENCH_PG; fi
(cd "$ROOT/src/M3uStrm.Server" && exec dotnet bin/Release/net10.0/M3uStrm.Server.dll --urls "http://127.0.0.1:$PSRV") > "$OUT/server.log" 2>&1 & SRV_PID=$!
trap 'kill $M3U_PID $XT_PID $SRV_PID 2>/dev/null; rm -rf "$DATA"' EXIT
B=http://127.0.0.1:$PSRV
for _ in $(seq 100); do curl -sf "$B/healthz" >/dev/null && break; sleep 0.2; done
echo "server idle RSS:        $(grep VmRSS /proc/$SRV_PID/status | awk '{printf "%.0f MB", $2/1024}')"
JAR=$(mktemp)
curl -sf -c "$JAR" -H 'Content-Type: application/json' -d '{"username":"admin","password":"bench-password-123"}' "$B/api/auth/login" >/dev/null
api() { curl -sf -b "$JAR" -H "Origin: $B" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

sync() { # provider id → prints the newest sync log row once the run finished
  local run; run=$(api -X POST "$B/api/admin/providers/$1/sync" | json 'd["run_id"]')
  while :; do
    local status; status=$(api "$B/api/admin/jobs/runs/$run" | json 'd["status"]')
    [ "$status" = succeeded ] || [ "$status" = failed ] && break
    sleep 0.2
  done
  api "$B/api/admin/providers/$1/syncs?page_size=1" | json '"status=%s duration=%.2fs live+%d-%d~%d vod+%d series+%d errors=%d" % tuple(d["items"][0][k] for k in ["status","sync_duration_seconds","channels_added","channels_removed","channels_updated","vod_added","series_added","errors_count"])'
}

M3U_ID=$(api -d "{\"name\":\"bench-m3u\",\"kind\":\"m3u_url\",\"url\":\"http://127.0.0.1:$PM3U/playlist_100k.m3u\",\"import_vod\":false}" "$B/api/admin/providers" | json 'd["id"]')
echo "m3u 100k first sync:    $(sync "$M3U_ID")"
echo "m3u 100k no-change:     $(sync "$M3U_ID")"
XT_ID=$(api -d "{\"name\":\"bench-xtream\",\"kind\":\"xtream\",\"url\":\"http://127.0.0.1:$PXT\",\"username\":\"u\",\"password\":\"p\",\"max_connections\":4}" "$B/api/admin/providers" | json 'd["id"]')
echo "xtream 20k/2k first:    $(sync "$XT_ID")"
echo "xtream 20k/2k no-change: $(sync "$XT_ID")"
echo "server peak RSS:        $(grep VmHWM /proc/$SRV_PID/status | awk '{printf "%.0f MB", $2/1024}')"
echo "database:               ${M3USTRM_Database__Provider:-sqlite}"
