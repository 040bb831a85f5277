#!/usr/bin/env bash
# Builds (server, web UI, migrations) and runs the server with SQLite in ./data. Extra arguments go to the server,
# e.g. ./run.sh --urls http://0.0.0.0:5080
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
dotnet build src/M3uStrm.Migrations.Sqlite -nologo -v:q -clp:ErrorsOnly
dotnet build src/M3uStrm.Migrations.PostgreSql -nologo -v:q -clp:ErrorsOnly
export M3USTRM_DataDirectory="${M3USTRM_DataDirectory:-$PWD/data}"
cd src/M3uStrm.Server
exec dotnet bin/Debug/net10.0/M3uStrm.Server.dll --urls "${M3USTRM_URLS:-http://127.0.0.1:5080}" "$@"
