#!/usr/bin/env bash
# Outputs benchmark (issue 8): GET /playlist/{token}.m3u with 10,000 channels under load. A playlist from the shared
# generator (gen_playlist.py, realistic names, groups and attributes) is uploaded as an m3u_file provider and synced
# through the API; then wrk hammers the playlist for DURATION (and, for comparison, player_api.php get_live_streams,
# the same channels as JSON). Prints wrk's requests/s and latency distribution and the server's peak RSS.
# SQLite by default, PostgreSQL when M3USTRM_BENCH_PG is a connection string.
#   COUNT=10000 DURATION=10s THREADS=2 CONNECTIONS=16 WARMUP=5s bench/outputs/run.sh
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
ROOT=$(cd ../.. && pwd)
OUT=$ROOT/bench/out/outputs
mkdir -p "$OUT"
COUNT=${COUNT:-10000}; DURATION=${DURATION:-10s}; THREADS=${THREADS:-2}; CONNECTIONS=${CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

[ -f "$OUT/generated_$COUNT.m3u" ] || python3 "$ROOT/../shared/bench/gen_playlist.py" "$COUNT" "$OUT/generated_$COUNT.m3u"
# The generator repeats channel names and tvg-ids across countries and feeds, and the sync merges those into one
# channel (530 channels out of 10,000 entries). A made-up word after each name and each tvg-id keeps every entry a
# channel of its own, with the generator's attributes, groups and name shapes. Entries are regenerated every run.
python3 - "$OUT/generated_$COUNT.m3u" "$OUT/playlist_$COUNT.m3u" <<'PY'
import random, re, sys
def word(i):
    r = random.Random(i)
    return "".join(r.choice("bcdfghjklmnpqrstvwxz") + r.choice("aeiou") for _ in range(4)).capitalize()
n = 0
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in src:
        if line.startswith("#EXTM3U"):
            # The generator's header names guides on the internet: the sync would add them as EPG sources.
            line = "#EXTM3U\n"
        elif line.startswith("#EXTINF"):
            # The title is the rest of the line after its comma: the word lands at its end.
            line = re.sub(r'tvg-id="([^"]*)"', lambda m: f'tvg-id="{m.group(1)}.{word(n).lower()}"', line.rstrip())
            line = f"{line} {word(n)}\n"
            n += 1
        out.write(line)
PY
(cd "$ROOT" && dotnet build src/M3uStrm.Migrations.Sqlite -c Release -p:SkipWebBuild=true -nologo -v:q -clp:ErrorsOnly \
  && dotnet build src/M3uStrm.Migrations.PostgreSql -c Release -p:SkipWebBuild=true -nologo -v:q -clp:ErrorsOnly)

PSRV=$(free_port)
DATA=$(mktemp -d)
export M3USTRM_DataDirectory=$DATA M3USTRM_Admin__Password=bench-password-123 M3USTRM_Logging__LogLevel__Default=Warning
if [ -n "${M3USTRM_BENCH_PG:-}" ]; then export M3USTRM_Database__Provider=postgres M3USTRM_ConnectionStrings__Default=$M3USTRM_BENCH_PG; fi
(cd "$ROOT/src/M3uStrm.Server" && exec dotnet bin/Release/net10.0/M3uStrm.Server.dll --urls "http://127.0.0.1:$PSRV") > "$OUT/server.log" 2>&1 & SRV_PID=$!
trap 'kill $SRV_PID 2>/dev/null; rm -rf "$DATA"' EXIT
B=http://127.0.0.1:$PSRV
for _ in $(seq 150); do curl -sf "$B/healthz" >/dev/null && break; sleep 0.2; done
JAR=$(mktemp)
curl -sf -c "$JAR" -H 'Content-Type: application/json' -d '{"username":"admin","password":"bench-password-123"}' "$B/api/auth/login" >/dev/null
api() { curl -sf -b "$JAR" -H "Origin: $B" "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
wait_run() { while :; do s=$(api "$B/api/admin/jobs/runs/$1" | json 'd["status"]'); [ "$s" = succeeded ] || [ "$s" = failed ] && break; sleep 0.2; done; }

P_ID=$(api -F name=bench-outputs -F "file=@$OUT/playlist_$COUNT.m3u" "$B/api/admin/providers/upload" | json 'd["id"]')
wait_run "$(api -X POST "$B/api/admin/providers/$P_ID/sync" | json 'd["run_id"]')"
ME=$(api "$B/api/auth/me")
TOKEN=$(echo "$ME" | json 'd["playback_token"]'); XUSER=$(echo "$ME" | json 'd["username"]'); XPASS=$(echo "$ME" | json 'd["xtream_password"]')
PLAYLIST="$B/playlist/$TOKEN.m3u"
curl -sf -o "$OUT/out.m3u" -w 'first request:   time=%{time_total}s bytes=%{size_download}\n' "$PLAYLIST"
echo "channels:        $(grep -c '^#EXTINF' "$OUT/out.m3u") in the playlist (from $COUNT generated entries)"
echo "database:        ${M3USTRM_Database__Provider:-sqlite}"
API="$B/player_api.php?username=$XUSER&password=$XPASS&action=get_live_streams"
# Warm-up (not reported): the runtime compiles hot code at full optimisation only after a few dozen calls.
wrk -t1 -c2 -d"${WARMUP:-5s}" --timeout 10s "$PLAYLIST" >/dev/null
wrk -t1 -c2 -d"${WARMUP:-5s}" --timeout 10s "$API" >/dev/null
# The server's own CPU time per request (user + system, from /proc) holds up better than requests/s on a shared machine.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SRV_PID/stat"; }
load() {
  echo
  echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout 10s --latency $1"
  local before; before=$(cpu_ticks)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency "$2" | tee "$OUT/wrk.txt"
  local requests; requests=$(awk '/requests in/ {print $1}' "$OUT/wrk.txt")
  echo "server CPU per request: $(( ($(cpu_ticks) - before) * 1000 / $(getconf CLK_TCK) / requests )) ms ($requests requests); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}
load "/playlist/{token}.m3u" "$PLAYLIST"
load "/player_api.php?action=get_live_streams" "$API"
echo
echo "server peak RSS: $(grep VmHWM /proc/$SRV_PID/status | awk '{printf "%.0f MB", $2/1024}')"
