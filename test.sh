#!/usr/bin/env bash
# Runs every test of the project and ends with one line: "N passed, N failed".
#  - installs missing system packages (PostgreSQL, ffmpeg, Chromium, xmltv-util) with apt when run as root
#  - starts a throwaway PostgreSQL cluster on a free loopback port under a temp directory, removes it after
#  - installs the node test clients (tests/clients), restores and builds (the server's build also builds the web UI), then runs:
#    Formats tests, Server tests on SQLite and on PostgreSQL, browser E2E tests, front-end unit tests (Vitest)
set -uo pipefail
cd "$(dirname "$(readlink -f "$0")")"
ROOT=$PWD
export M3USTRM_FIXTURES="${M3USTRM_FIXTURES:-$ROOT/../shared/fixtures}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
log() { printf '\n=== %s\n' "$*"; }

# 1. System packages --------------------------------------------------------------------------
missing=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v tv_validate_file >/dev/null || missing+=(xmltv-util)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "Installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing system packages: ${missing[*]} (run as root, or install them with apt)" >&2
  fi
fi

# 2. Throwaway PostgreSQL ---------------------------------------------------------------------
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PGDIR=$(mktemp -d /tmp/m3ustrm-pg.XXXXXX)
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -n "$PGBIN" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$PGDIR"
}
trap cleanup EXIT
if [ -n "$PGBIN" ]; then
  log "Starting PostgreSQL on 127.0.0.1:$PGPORT"
  [ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
  as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w start \
    -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
  export M3USTRM_TEST_PG="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres"
fi

# 3. Build ------------------------------------------------------------------------------------
passed=0; failed=0
# The real player-side clients (iptv-playlist-parser, @iptv/xtream-api) the server tests run against our outputs.
log "Installing the test clients (npm ci in tests/clients)"
if ! (cd tests/clients && npm ci --no-audit --no-fund --loglevel=error); then
  echo "npm ci in tests/clients failed: the output tests that run them will fail"
fi
log "Restoring and building"
if ! dotnet build M3uStrm.slnx -nologo -v:q -clp:ErrorsOnly; then
  echo "BUILD FAILED"; echo "0 passed, 1 failed"; exit 1
fi

# 4. Tests ------------------------------------------------------------------------------------
count_trx() { # adds the counters of a TRX file; a run without one counts as one failure
  local trx=$1
  if [ -f "$trx" ]; then
    local p f
    p=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
    f=$(grep -o ' failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  else
    failed=$((failed + 1))
  fi
}
run_dotnet() { # name project [env...]
  local name=$1 project=$2; shift 2
  log "$name"
  env "$@" dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$RESULTS/$name.trx" --logger "console;verbosity=minimal"
  count_trx "$RESULTS/$name.trx"
}

run_dotnet formats tests/M3uStrm.Formats.Tests
run_dotnet server-sqlite tests/M3uStrm.Server.Tests M3USTRM_TEST_DB=sqlite
if [ -n "${M3USTRM_TEST_PG:-}" ]; then
  run_dotnet server-postgres tests/M3uStrm.Server.Tests M3USTRM_TEST_DB=postgres
else
  echo "PostgreSQL is not available: server-postgres counts as failed"; failed=$((failed + 1))
fi
run_dotnet e2e tests/M3uStrm.E2E

log "web (Vitest)"
if (cd web && npx vitest run --reporter=default --reporter=json --outputFile="$RESULTS/vitest.json"); then :; fi
if [ -f "$RESULTS/vitest.json" ]; then
  read -r vp vf < <(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites||0))' "$RESULTS/vitest.json")
  passed=$((passed + vp)); failed=$((failed + vf))
else
  failed=$((failed + 1))
fi

echo
echo "Screenshots of every page: $ROOT/artifacts/screenshots (browser flows: $ROOT/artifacts/e2e)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
