#!/usr/bin/env bash
# Library benchmark (issue 9): a generated Xtream provider with 50,000 movies and 2,000 series of 25 episodes
# (50,000 episodes) synced through the real server, then the STRM/NFO library built from it: first build, then a
# no-change rebuild (time, files written, files whose mtime changed). SQLite, or PostgreSQL when M3USTRM_BENCH_PG
# is a connection string. Durations are the job runs' own started/finished times.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
ROOT=$(cd ../.. && pwd)
OUT=$ROOT/bench/out/library
mkdir -p "$OUT"
MOVIES=${MOVIES:-50000} SERIES=${SERIES:-2000} EPISODES=${EPISODES:-25}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

(cd "$ROOT" && dotnet build src/M3uStrm.Migrations.Sqlite -c Release -p:SkipWebBuild=true -nologo -v:q -clp:ErrorsOnly \
  && dotnet build src/M3uStrm.Migrations.PostgreSql -c Release -p:SkipWebBuild=true -nologo -v:q -clp:ErrorsOnly)

PXT=$(free_port); PSRV=$(free_port)
python3 "$ROOT/bench/sync/fake_xtream.py" "$PXT" "$MOVIES" "$SERIES" 0 "$EPISODES" & XT_PID=$!
DATA=$(mktemp -d)
export M3USTRM_DataDirectory=$DATA M3USTRM_Admin__Password=bench-password-123 M3USTRM_Logging__LogLevel__Default=Warning M3USTRM_Logging__LogLevel__M3uStrm=Information
export M3USTRM_Library__BaseUrl=http://127.0.0.1:$PSRV M3USTRM_Library__BuildAfterSync=false
if [ -n "${M3USTRM_BENCH_PG:-}" ]; then export M3USTRM_Database__Provider=postgres M3USTRM_ConnectionStrings__Default=$M3USTRM_BENCH_PG; fi
(cd "$ROOT/src/M3uStrm.Server" && exec dotnet bin/Release/net10.0/M3uStrm.Server.dll --urls "http://127.0.0.1:$PSRV") > "$OUT/server.log" 2>&1 & SRV_PID=$!
trap 'kill $XT_PID $SRV_PID 2>/dev/null; rm -rf "$DATA"' EXIT
B=http://127.0.0.1:$PSRV
for _ in $(seq 150); do curl -sf "$B/healthz" >/dev/null && break; sleep 0.2; done
JAR=$(mktemp)
curl -sf -c "$JAR" -H 'Content-Type: application/json' -d '{"username":"admin","password":"bench-password-123"}' "$B/api/auth/login" >/dev/null
api() { curl -sf -b "$JAR" -H "Origin: $B" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
wait_run() { # run id → prints "status seconds message"
  while :; do
    local body; body=$(api "$B/api/admin/jobs/runs/$1")
    local status; status=$(echo "$body" | json 'd["status"]')
    if [ "$status" = succeeded ] || [ "$status" = failed ]; then
      echo "$body" | json '"%s %.2fs %s" % (d["status"], (__import__("datetime").datetime.fromisoformat(d["finished_at"].replace("Z","+00:00")) - __import__("datetime").datetime.fromisoformat(d["started_at"].replace("Z","+00:00"))).total_seconds(), d.get("message"))'
      return
    fi
    sleep 0.2
  done
}

XT_ID=$(api -d "{\"name\":\"bench-xtream\",\"kind\":\"xtream\",\"url\":\"http://127.0.0.1:$PXT\",\"username\":\"u\",\"password\":\"p\",\"max_connections\":4}" "$B/api/admin/providers" | json 'd["id"]')
echo "sync ${MOVIES} movies / ${SERIES} series: $(wait_run "$(api -X POST "$B/api/admin/providers/$XT_ID/sync" | json 'd["run_id"]')")"
LIB=$DATA/library
echo "first build:            $(wait_run "$(api -X POST "$B/api/admin/library/build" | json 'd["run_id"]')")"
echo "files on disk:          $(find "$LIB" -type f | wc -l) in $(find "$LIB" -type d | wc -l) folders, $(du -sh "$LIB" | cut -f1)"
MARK=$(mktemp); sleep 1; touch "$MARK"
echo "no-change rebuild:      $(wait_run "$(api -X POST "$B/api/admin/library/build" | json 'd["run_id"]')")"
echo "files modified by it:   $(find "$LIB" -newer "$MARK" -type f | wc -l)"
echo "server peak RSS:        $(grep VmHWM /proc/$SRV_PID/status | awk '{printf "%.0f MB", $2/1024}')"
echo "database:               ${M3USTRM_Database__Provider:-sqlite}"
