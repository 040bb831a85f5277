#!/usr/bin/env bash
# Adds an EF Core migration for both providers: ./scripts/add-migration.sh <Name>
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
name=${1:?usage: add-migration.sh <Name>}
dotnet tool restore >/dev/null
dotnet build src/M3uStrm.Migrations.Sqlite -nologo -v:q -clp:ErrorsOnly
dotnet build src/M3uStrm.Migrations.PostgreSql -nologo -v:q -clp:ErrorsOnly
dotnet ef migrations add "$name" --project src/M3uStrm.Migrations.Sqlite --startup-project src/M3uStrm.Server --output-dir Migrations --no-build
M3USTRM_Database__Provider=postgres M3USTRM_ConnectionStrings__Default="Host=localhost;Database=design" \
  dotnet ef migrations add "$name" --project src/M3uStrm.Migrations.PostgreSql --startup-project src/M3uStrm.Server --output-dir Migrations --no-build
