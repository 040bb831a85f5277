#!/usr/bin/env bash
# EPG benchmark (issue 7): ingest of a generated 7-day guide for 1,000 channels (gen_xmltv.py, ~156k programmes)
# through the real server, then the XMLTV output of the same for a user's playback token. A generated playlist
# with the guide's channel ids gives the server 1,000 channels to map. SQLite by default, PostgreSQL when
# M3USTRM_BENCH_PG is a connection string. The ingest duration is the server's own refresh report; the output
# time is curl's total time for GET /epg/{token}.xml (and .xml.gz).
# The generated guide is dated from 2024-05-01, so the kept window is widened (Epg:PastDays) to hold all of it.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
ROOT=$(cd ../.. && pwd)
OUT=$ROOT/bench/out/epg
mkdir -p "$OUT"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

[ -f "$OUT/guide.xml" ] || python3 "$ROOT/../shared/bench/gen_xmltv.py" 1000 7 "$OUT/guide.xml"
python3 - "$OUT/guide.xml" "$OUT/playlist.m3u" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("#EXTM3U\n")
    for i, (cid, name) in enumerate(re.findall(r'<channel id="([^"]+)">\s*<display-name[^>]*>([^<]+)</display-name>', text)):
        out.write(f'#EXTINF:-1 tvg-id="{cid}" group-title="Bench",{name}\nhttp://127.0.0.1:9/live/{i}.ts\n')
PY
(cd "$ROOT" && dotnet build src/M3uStrm.Migrations.Sqlite -c Release -p:SkipWebBuild=true -nologo -v:q -clp:ErrorsOnly \
  && dotnet build src/M3uStrm.Migrations.PostgreSql -c Release -p:SkipWebBuild=true -nologo -v:q -clp:ErrorsOnly)

PFILES=$(free_port); PSRV=$(free_port)
(cd "$OUT" && exec python3 -m http.server "$PFILES" --bind 127.0.0.1 >/dev/null 2>&1) & FILES_PID=$!
DATA=$(mktemp -d)
export M3USTRM_DataDirectory=$DATA M3USTRM_Admin__Password=bench-password-123 M3USTRM_Logging__LogLevel__Default=Warning \
  M3USTRM_Logging__LogLevel__M3uStrm=Information M3USTRM_Epg__PastDays=3650
if [ -n "${M3USTRM_BENCH_PG:-}" ]; then export M3USTRM_Database__Provider=postgres M3USTRM_ConnectionStrings__Default=$M3USTRM_BENCH_PG; fi
(cd "$ROOT/src/M3uStrm.Server" && exec dotnet bin/Release/net10.0/M3uStrm.Server.dll --urls "http://127.0.0.1:$PSRV") > "$OUT/server.log" 2>&1 & SRV_PID=$!
trap 'kill $FILES_PID $SRV_PID 2>/dev/null; rm -rf "$DATA"' EXIT
B=http://127.0.0.1:$PSRV
for _ in $(seq 150); do curl -sf "$B/healthz" >/dev/null && break; sleep 0.2; done
JAR=$(mktemp)
curl -sf -c "$JAR" -H 'Content-Type: application/json' -d '{"username":"admin","password":"bench-password-123"}' "$B/api/auth/login" >/dev/null
api() { curl -sf -b "$JAR" -H "Origin: $B" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
wait_run() { while :; do s=$(api "$B/api/admin/jobs/runs/$1" | json 'd["status"]'); [ "$s" = succeeded ] || [ "$s" = failed ] && break; sleep 0.2; done; }

P_ID=$(api -d "{\"name\":\"bench-epg\",\"kind\":\"m3u_url\",\"url\":\"http://127.0.0.1:$PFILES/playlist.m3u\",\"import_vod\":false}" "$B/api/admin/providers" | json 'd["id"]')
wait_run "$(api -X POST "$B/api/admin/providers/$P_ID/sync" | json 'd["run_id"]')"
S_ID=$(api -d "{\"name\":\"bench-guide\",\"url\":\"http://127.0.0.1:$PFILES/guide.xml\"}" "$B/api/admin/epg/sources" | json 'd["id"]')
report() {
  wait_run "$(api -X POST "$B/api/admin/epg/sources/$S_ID/refresh" | json 'd["run_id"]')"
  api "$B/api/admin/epg/sources/$S_ID/refreshes?page_size=1" | json '"status=%s duration=%.2fs channels=%d programmes=%d skipped=%d problems=%d" % tuple(d["items"][0][k] for k in ["status","duration_seconds","channels","programmes","programmes_skipped","errors_count"])'
}
echo "ingest 1000ch x 7d (first):    $(report)"
echo "ingest 1000ch x 7d (again):    $(report)"
echo "mapping:                       $(api -X POST "$B/api/admin/epg/mappings/auto" | json '"channels=%d tvg_id=%d name=%d fuzzy=%d unmapped=%d" % (d["channels"], d["by_tvg_id"], d["by_name"], d["by_fuzzy"], d["unmapped"])')"
TOKEN=$(api -X POST "$B/api/me/playback-token" | json 'd["playback_token"]')
for i in 1 2 3; do
  echo "output /epg/{token}.xml run $i:  $(curl -sf -o "$OUT/out.xml" -w 'time=%{time_total}s bytes=%{size_download}' "$B/epg/$TOKEN.xml")"
done
echo "output /epg/{token}.xml.gz:     $(curl -sf -o "$OUT/out.xml.gz" -w 'time=%{time_total}s bytes=%{size_download}' "$B/epg/$TOKEN.xml.gz")"
echo "programmes in output:          $(grep -c '<programme ' "$OUT/out.xml")"
echo "server peak RSS:               $(grep VmHWM /proc/$SRV_PID/status | awk '{printf "%.0f MB", $2/1024}')"
echo "database:                      ${M3USTRM_Database__Provider:-sqlite}"
