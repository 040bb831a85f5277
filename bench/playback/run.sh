#!/usr/bin/env bash
# Playback proxy benchmark (issue 8). A local upstream sends 20 live channels of real H.264 MPEG-TS (made by ffmpeg)
# at BITRATE (default 4 Mbit/s); CLIENTS (default 200) curl clients watch them through /play for DURATION seconds (default 20):
#  1. spread over 20 channels (10 viewers each),  2. all on one channel.
# Reports delivered throughput, the share of the real-time rate each client got, the server's CPU and peak memory,
# and how many upstream connections were opened per channel (must be 1: one shared relay per channel).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
ROOT=$(cd ../.. && pwd)
OUT=$ROOT/bench/out/playback
mkdir -p "$OUT"
CLIENTS=${CLIENTS:-200}
SECONDS_RUN=${DURATION:-20}
BITRATE=${BITRATE:-4000000}
CHANNELS=20
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
(cd "$ROOT" && dotnet build src/M3uStrm.Server -c Release -nologo -v:q -clp:ErrorsOnly -p:SkipWebBuild=true \
  && dotnet build src/M3uStrm.Migrations.Sqlite -c Release -nologo -v:q -clp:ErrorsOnly)
[ -f "$OUT/live.ts" ] || ffmpeg -v error -y -f lavfi -i testsrc=size=1280x720:rate=25 -t 10 -c:v libx264 -preset ultrafast \
  -b:v "$BITRATE" -pix_fmt yuv420p -g 50 -f mpegts "$OUT/live.ts"

PUP=$(free_port); PSRV=$(free_port)
python3 upstream.py "$PUP" "$OUT/live.ts" "$BITRATE" & UP_PID=$!
trap 'kill $UP_PID 2>/dev/null' EXIT
python3 - "$PUP" "$CHANNELS" > "$OUT/channels.m3u" <<'PY'
import sys
port, n = sys.argv[1], int(sys.argv[2])
print("#EXTM3U")
for i in range(n):
    print(f'#EXTINF:-1 tvg-id="load{i}.bench" group-title="Bench",Load {i}')
    print(f"http://127.0.0.1:{port}/live/{i}.ts")
PY
DATA=$(mktemp -d)
cp "$OUT/channels.m3u" "$DATA/channels.m3u"
export M3USTRM_DataDirectory=$DATA M3USTRM_Admin__Password=bench-password-123 M3USTRM_Logging__LogLevel__Default=Warning
(cd "$ROOT/src/M3uStrm.Server" && exec env "M3USTRM_Jobs__health-check__Cron=0 0 0 1 1 ? 2099" "M3USTRM_Jobs__quality-sampling__Cron=0 0 0 1 1 ? 2099" \
  dotnet bin/Release/net10.0/M3uStrm.Server.dll --urls "http://127.0.0.1:$PSRV") > "$OUT/server.log" 2>&1 & SRV_PID=$!
trap 'kill $UP_PID $SRV_PID 2>/dev/null; rm -rf "$DATA"' EXIT
B=http://127.0.0.1:$PSRV
for _ in $(seq 150); do curl -sf "$B/healthz" >/dev/null && break; sleep 0.2; done
JAR=$(mktemp)
curl -sf -c "$JAR" -H 'Content-Type: application/json' -d '{"username":"admin","password":"bench-password-123"}' "$B/api/auth/login" >/dev/null
api() { curl -sf -b "$JAR" -H "Origin: $B" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
PLIST=$(free_port); (cd "$DATA" && exec python3 -m http.server "$PLIST" --bind 127.0.0.1 >/dev/null 2>&1) & LIST_PID=$!
trap 'kill $UP_PID $SRV_PID $LIST_PID 2>/dev/null; rm -rf "$DATA"' EXIT
id=$(api -d "{\"name\":\"bench\",\"kind\":\"m3u_url\",\"url\":\"http://127.0.0.1:$PLIST/channels.m3u\",\"max_connections\":50}" "$B/api/admin/providers" | json 'd["id"]')
run=$(api -X POST "$B/api/admin/providers/$id/sync" | json 'd["run_id"]')
while :; do s=$(api "$B/api/admin/jobs/runs/$run" | json 'd["status"]'); [ "$s" = succeeded ] && break; [ "$s" = failed ] && { echo "sync failed"; exit 1; }; sleep 0.3; done
TOKEN=$(api "$B/api/auth/me" | json 'd["playback_token"]')
mapfile -t IDS < <(api "$B/api/admin/channels?page_size=100" | json '"\n".join(str(c["id"]) for c in sorted(d["items"], key=lambda c: c["id"]))')

cpu_ticks() { awk '{print $14 + $15}' "/proc/$SRV_PID/stat"; }
scenario() { # name channel-count
  local name=$1 nch=$2 before after start end
  before=$(cpu_ticks); start=$(date +%s.%N)
  local pids=()
  for i in $(seq 0 $((CLIENTS - 1))); do
    local ch=${IDS[$((i % nch))]}
    curl -s -o /dev/null --max-time "$SECONDS_RUN" -w '%{size_download} %{time_starttransfer} %{time_total}\n' "$B/play/$TOKEN/live/$ch.ts" >> "$OUT/$name.bytes" & pids+=($!)
  done
  wait "${pids[@]}" 2>/dev/null || true
  end=$(date +%s.%N); after=$(cpu_ticks)
  python3 - "$name" "$start" "$end" "$before" "$after" "$(getconf CLK_TCK)" "$OUT/$name.bytes" "$BITRATE" "$CLIENTS" <<'PY'
import sys
name, start, end, before, after, hz, path, bitrate, clients = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7], int(sys.argv[8]), int(sys.argv[9])
rows = [line.split() for line in open(path) if line.strip()]
secs = end - start
total = sum(int(r[0]) for r in rows)
# Each client's rate from its first byte to the end, as a share of the channel's bitrate (100% = keeps up with live).
rates = sorted(int(r[0]) * 8 / max(1e-3, float(r[2]) - float(r[1])) / bitrate * 100 for r in rows)
first = sorted(float(r[1]) for r in rows)
print(f"{name}: {len(rows)} clients, {secs:.1f} s, {total / secs / 1e6:.1f} MB/s delivered ({total * 8 / secs / 1e6:.0f} Mbit/s); "
      f"per client min {rates[0]:.0f}% / median {rates[len(rates) // 2]:.0f}% of the live rate; "
      f"first byte median {first[len(first) // 2] * 1000:.0f} ms, max {first[-1] * 1000:.0f} ms; "
      f"server CPU {(after - before) / hz / secs * 100:.0f}% of one core")
PY
  rm -f "$OUT/$name.bytes"
  sleep 3
  # Upstream connections this scenario opened, per channel (the counters are cumulative: subtract the previous snapshot).
  curl -sf "http://127.0.0.1:$PUP/stats" > "$OUT/stats-$name.json"
  python3 - "$OUT/stats-$name.json" "${PREV_STATS:-}" <<'PY'
import json, sys
now = json.load(open(sys.argv[1]))["opened"]
before = json.load(open(sys.argv[2]))["opened"] if len(sys.argv) > 2 and sys.argv[2] else {}
diff = {k: v - before.get(k, 0) for k, v in now.items() if v - before.get(k, 0) > 0}
print(f"  upstream connections opened: {sum(diff.values())} for {len(diff)} channels (max {max(diff.values())} per channel)")
PY
  PREV_STATS="$OUT/stats-$name.json"
}
scenario "20-channels" "$CHANNELS"
scenario "1-channel" 1
echo "server peak RSS: $(grep VmHWM /proc/$SRV_PID/status | awk '{printf "%.0f MB", $2/1024}')"
