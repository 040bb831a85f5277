#!/usr/bin/env bash
# Analytics benchmark (issue 11): USERS users, CHANNELS channels and SESSIONS viewing sessions spread over a year
# (generated in SQL inside the database: recursive CTE on SQLite, generate_series on PostgreSQL), then times
#   - engagement (days=30) and popular (days=7, uncached: a new limit each call) over HTTP, median of RUNS calls;
#   - the live snapshot computation, from the server's own histogram (m3ustrm_analytics_live_snapshot_duration);
#   - WS_CLIENTS admin WebSockets on /ws/analytics/live held through WS_BROADCASTS broadcasts (bench/M3uStrm.LiveLoad):
#     delivery delay per client and broadcast, and that every client got every broadcast from one computation.
# Usage: DB=sqlite|postgres [PG="Host=...;Username=...;Database=postgres"] [USERS=10000 CHANNELS=1000 SESSIONS=1000000]
#        [WS_CLIENTS=5000 (0 skips) WS_BROADCASTS=5] [KEEP=1: keep the generated data] [REUSE=<dir kept by KEEP=1>] ./run.sh
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
ROOT=$(cd ../.. && pwd)
DB=${DB:-sqlite}
USERS=${USERS:-10000}
CHANNELS=${CHANNELS:-1000}
SESSIONS=${SESSIONS:-1000000}
OPEN=${OPEN:-500}
RUNS=${RUNS:-5}
WS_CLIENTS=${WS_CLIENTS:-5000}
WS_BROADCASTS=${WS_BROADCASTS:-5}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
[ "${SKIP_BUILD:-0}" = 1 ] || (cd "$ROOT" && dotnet build src/M3uStrm.Migrations.Sqlite -c Release -p:SkipWebBuild=true -nologo -v:q -clp:ErrorsOnly && dotnet build src/M3uStrm.Migrations.PostgreSql -c Release -p:SkipWebBuild=true -nologo -v:q -clp:ErrorsOnly \
  && dotnet build bench/M3uStrm.LiveLoad -c Release -nologo -v:q -clp:ErrorsOnly)

DATA=${REUSE:-$(mktemp -d)}
PSRV=$(free_port)
export M3USTRM_DataDirectory=$DATA M3USTRM_Admin__Password=bench-password-123 M3USTRM_Logging__LogLevel__Default=Warning
export M3USTRM_Analytics__LiveIntervalSeconds=2
PGDB=""
if [ "$DB" = postgres ]; then
  PG=${PG:-Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres}
  PGDB=$(cat "$DATA/pgdb" 2>/dev/null || echo "m3ustrm_bench_$$"); echo "$PGDB" > "$DATA/pgdb"
  pg_host=$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$PG"); pg_port=$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$PG"); pg_user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$PG")
  PSQL=(psql -q -v ON_ERROR_STOP=1 -h "$pg_host" -p "${pg_port:-5432}" -U "$pg_user")
  export M3USTRM_Database__Provider=postgres M3USTRM_ConnectionStrings__Default="Host=$pg_host;Port=${pg_port:-5432};Username=$pg_user;Database=$PGDB"
fi
start_server() {
  (cd "$ROOT/src/M3uStrm.Server" && exec dotnet bin/Release/net10.0/M3uStrm.Server.dll --urls "http://127.0.0.1:$PSRV") >> "$DATA/server.log" 2>&1 &
  SRV_PID=$!
  # Up to 5 minutes: a reused 10M-row database may first have to rebuild indexes in a migration.
  for _ in $(seq 1500); do curl -sf "http://127.0.0.1:$PSRV/healthz" >/dev/null && return; sleep 0.2; done
  echo "server did not start"; cat "$DATA/server.log"; exit 1
}
cleanup() {
  kill "${SRV_PID:-}" 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ] || [ -n "${REUSE:-}" ]; then echo "kept the data in $DATA (REUSE=$DATA to run again)"; return; fi
  [ -n "$PGDB" ] && "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

start_server          # creates the schema (or migrates a reused one)
kill "$SRV_PID"; wait "$SRV_PID" 2>/dev/null || true

if [ -z "${REUSE:-}" ]; then
t0=$(date +%s.%N)
if [ "$DB" = postgres ]; then
  "${PSQL[@]}" -d "$PGDB" <<SQL
INSERT INTO users (id, user_name, normalized_user_name, playback_token, xtream_password, enabled, created_at, email_confirmed,
  phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, security_stamp)
SELECT ('00000000-0000-0000-0000-' || lpad(to_hex(i), 12, '0'))::uuid, 'bench' || i, 'BENCH' || i, md5('t' || i), md5('x' || i), true, now(),
  false, false, false, true, 0, md5('s' || i) FROM generate_series(1, $USERS) i;
INSERT INTO channels (name, normalized_name, epg_channel_id, enabled, name_locked, number_locked, group_locked, logo_locked, epg_locked, created_at, updated_at)
SELECT 'Bench ' || i, 'bench ' || i, 'bench' || i || '.tv', true, false, false, false, false, false, now(), now() FROM generate_series(1, $CHANNELS) i;
INSERT INTO viewing_sessions (user_id, channel_id, started_at, last_seen_at, ended_at, duration_seconds, completed, bytes_sent, source)
SELECT ('00000000-0000-0000-0000-' || lpad(to_hex(1 + (random() * ($USERS - 1))::int), 12, '0'))::uuid,
  1 + (random() * ($CHANNELS - 1))::int, s, s + d * interval '1 second', s + d * interval '1 second', d, random() < 0.3, 0, 'import'
FROM (SELECT now() - random() * interval '365 days' - interval '1 day' AS s, (60 + random() * 7200)::int AS d FROM generate_series(1, $SESSIONS)) g;
INSERT INTO viewing_sessions (user_id, channel_id, started_at, last_seen_at, completed, bytes_sent, source)
SELECT ('00000000-0000-0000-0000-' || lpad(to_hex(1 + (random() * ($USERS - 1))::int), 12, '0'))::uuid,
  1 + (random() * ($CHANNELS - 1))::int, now() - interval '10 minutes', now(), false, 0, 'import' FROM generate_series(1, $OPEN);
ANALYZE;
SQL
else
  sqlite3 "$DATA/m3ustrm.db" <<SQL
PRAGMA journal_mode=WAL;
-- 2 GB page cache: the default 2 MB makes every insert into the (random-order) user and channel indexes a disk round trip.
PRAGMA cache_size=-2000000;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $USERS)
INSERT INTO users (id, user_name, normalized_user_name, playback_token, xtream_password, enabled, created_at, email_confirmed,
  phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, security_stamp)
SELECT printf('00000000-0000-0000-0000-%012X', i), 'bench' || i, 'BENCH' || i, hex(randomblob(16)), hex(randomblob(16)), 1,
  strftime('%Y-%m-%d %H:%M:%S', 'now'), 0, 0, 0, 1, 0, hex(randomblob(16)) FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $CHANNELS)
INSERT INTO channels (name, normalized_name, epg_channel_id, enabled, name_locked, number_locked, group_locked, logo_locked, epg_locked, created_at, updated_at)
SELECT 'Bench ' || i, 'bench ' || i, 'bench' || i || '.tv', 1, 0, 0, 0, 0, 0, strftime('%Y-%m-%d %H:%M:%S', 'now'), strftime('%Y-%m-%d %H:%M:%S', 'now') FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $SESSIONS),
g AS (SELECT abs(random()) % (365 * 86400) + 86400 AS ago, 60 + abs(random()) % 7200 AS d, abs(random()) AS r FROM n)
INSERT INTO viewing_sessions (user_id, channel_id, started_at, last_seen_at, ended_at, duration_seconds, completed, bytes_sent, source)
SELECT printf('00000000-0000-0000-0000-%012X', 1 + r % $USERS), 1 + (r / $USERS) % $CHANNELS,
  strftime('%Y-%m-%d %H:%M:%S', 'now', '-' || ago || ' seconds'), strftime('%Y-%m-%d %H:%M:%S', 'now', '-' || (ago - d) || ' seconds'),
  strftime('%Y-%m-%d %H:%M:%S', 'now', '-' || (ago - d) || ' seconds'), d, (r % 10) < 3, 0, 'import' FROM g;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $OPEN)
INSERT INTO viewing_sessions (user_id, channel_id, started_at, last_seen_at, completed, bytes_sent, source)
SELECT printf('00000000-0000-0000-0000-%012X', 1 + abs(random()) % $USERS), 1 + abs(random()) % $CHANNELS,
  strftime('%Y-%m-%d %H:%M:%S', 'now', '-600 seconds'), strftime('%Y-%m-%d %H:%M:%S', 'now'), 0, 0, 'import' FROM n;
ANALYZE;
SQL
fi
t1=$(date +%s.%N)
echo "generated $USERS users, $CHANNELS channels, $SESSIONS + $OPEN sessions on $DB in $(python3 -c "print(f'{$t1 - $t0:.1f}')") s"
fi

start_server
B=http://127.0.0.1:$PSRV
JAR=$DATA/jar
curl -sf -c "$JAR" -H 'Content-Type: application/json' -d '{"username":"admin","password":"bench-password-123"}' "$B/api/auth/login" >/dev/null
timed() { curl -sf -b "$JAR" -o "$DATA/out" -w '%{time_total}\n' "$1"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
timed "$B/api/analytics/admin/users/engagement?days=30" >/dev/null   # warm-up (JIT, connection pool)
eng=$(for _ in $(seq "$RUNS"); do timed "$B/api/analytics/admin/users/engagement?days=30"; done | median)
rows=$(python3 -c "import json; print(len(json.load(open('$DATA/out'))))")
eng365=$(timed "$B/api/analytics/admin/users/engagement?days=365")
pop=$(for i in $(seq "$RUNS"); do timed "$B/api/analytics/popular?days=7&limit=$((10 + i))"; done | median)
popc=$(for _ in $(seq "$RUNS"); do timed "$B/api/analytics/popular?days=7&limit=11"; done | median)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
sleep 7   # a few snapshots at the 2 s interval
live=$(curl -sf "$B/metrics" | python3 -c "
import sys
v = {}
for line in sys.stdin:
    if line.startswith('m3ustrm_analytics_live_snapshot_duration_seconds_sum') or line.startswith('m3ustrm_analytics_live_snapshot_duration_seconds_count'):
        name, value = line.rsplit(' ', 1); v[name.split('{')[0].rsplit('_', 1)[1]] = float(value)
print(f\"{v['sum'] / v['count'] * 1000:.0f} ms mean over {int(v['count'])} snapshots\" if v.get('count') else 'n/a')")
echo "load average during the HTTP measures: $LOAD"
echo "engagement days=30: median ${eng}s over $RUNS calls ($rows users); days=365: ${eng365}s"
echo "popular days=7 uncached: median ${pop}s; cached: ${popc}s"
echo "live snapshot: $live"
echo "server peak RSS: $(grep VmHWM /proc/$SRV_PID/status | awk '{printf "%.0f MB", $2/1024}')"
if [ "$WS_CLIENTS" -gt 0 ]; then
  # Each socket is a file descriptor in the server and one in the load tool.
  ulimit -n "$(ulimit -Hn)"
  kill "$SRV_PID"; wait "$SRV_PID" 2>/dev/null || true
  start_server
  echo "live WebSocket: $WS_CLIENTS clients, $WS_BROADCASTS broadcasts at a ${M3USTRM_Analytics__LiveIntervalSeconds} s interval (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  dotnet "$ROOT/bench/M3uStrm.LiveLoad/bin/Release/net10.0/m3ustrm-liveload.dll" --url "$B" --password bench-password-123 \
    --clients "$WS_CLIENTS" --broadcasts "$WS_BROADCASTS" || echo "live WebSocket load FAILED"
  echo "server peak RSS with $WS_CLIENTS sockets: $(grep VmHWM /proc/$SRV_PID/status | awk '{printf "%.0f MB", $2/1024}'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
fi
