#!/usr/bin/env node
// Regenerates the API's TypeScript types from the server's OpenAPI document.
//
//   npm run gen:api          build the server, start it on a free loopback port with a throw-away data
//                            directory, save /openapi/v1.json to openapi/v1.json, stop it, generate types
//   npm run gen:api:types    only generate src/api/schema.ts from the checked-in openapi/v1.json
//
// Both files are checked in, so neither the web build nor its tests need a server. Why a running server
// and not Microsoft.Extensions.ApiDescription.Server at build time: that tool runs Program.cs to the end
// (migrations, admin bootstrap, jobs) inside the build, and then waits for a shutdown that never comes.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaSource } from './openapi-types.mjs';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(web, '..');
const documentPath = join(web, 'openapi', 'v1.json');
const schemaPath = join(web, 'src', 'api', 'schema.ts');
const configuration = process.env.CONFIGURATION ?? 'Debug';

async function main() {
  if (!process.argv.includes('--from-file')) {
    build();
    const document = await fetchDocument();
    // The address it was fetched from (a random port) is not part of the API.
    delete document.servers;
    writeFileSync(documentPath, `${JSON.stringify(document, null, 2)}\n`);
    console.log(`wrote ${documentPath}`);
  }
  writeFileSync(schemaPath, await schemaSource(JSON.parse(readFileSync(documentPath, 'utf8'))));
  console.log(`wrote ${schemaPath}`);
}

function build() {
  // The SQLite migrations build into the server's output folder and pull the server in with them.
  const result = spawnSync(
    'dotnet',
    ['build', join(repo, 'src', 'M3uStrm.Migrations.Sqlite'), '-c', configuration, '-p:SkipWebBuild=true', '-nologo', '-v:q'],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error('dotnet build failed.');
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function fetchDocument() {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'm3ustrm-openapi-'));
  const serverDir = join(repo, 'src', 'M3uStrm.Server');
  const dll = join(serverDir, 'bin', configuration, 'net10.0', 'M3uStrm.Server.dll');
  const env = { ...process.env, M3USTRM_DataDirectory: data, ASPNETCORE_ENVIRONMENT: 'Production' };
  delete env.ASPNETCORE_URLS;
  const server = spawn('dotnet', [dll, '--urls', `http://127.0.0.1:${port}`], { cwd: serverDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.on('data', (chunk) => (output += chunk));
  server.stderr.on('data', (chunk) => (output += chunk));
  let exited = false;
  server.once('exit', () => (exited = true));

  try {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`The server exited early. Its output:\n${output}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/openapi/v1.json`);
        if (response.ok) return await response.json();
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`No OpenAPI document after 90 s. Server output:\n${output}`);
  } finally {
    if (!exited) {
      const stopped = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 15_000))]);
      if (!exited) server.kill('SIGKILL');
    }
    rmSync(data, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
