import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freshDatabaseUrl } from '../helpers/postgres.js';
import { testServerEnv } from '../helpers/testApp.js';

/**
 * `npm start` on an empty store says what it is doing while it generates the inventory, one line
 * per phase with its counts, and then which URL to open; a later start only says the URL.
 */

const children: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'open-numbers-first-start-'));
after(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts `src/server.ts` on a free port; resolves with its standard output once it is ready. */
function startServer(
  env: Record<string, string>,
): Promise<{ stdout: string; url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'warn', OPEN_NUMBERS_WORKERS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const ready = stdout.match(/^Open Numbers is ready at (http:\/\/127\.0\.0\.1:\d+) .*\n/m);
      if (ready) resolve({ stdout, url: ready[1]!, child });
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${stdout}\n${stderr}`)));
  });
}

async function stop(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

test('the first start prints a line per inventory phase with counts, then the URL to open', {
  timeout: 120_000,
}, async () => {
  const databaseUrl = process.env.DATABASE_URL ? await freshDatabaseUrl(process.env.DATABASE_URL) : undefined;
  const env = testServerEnv(dataDir, databaseUrl); // 20 numbers per type, 2,000 US LOCAL

  const first = await startServer(env);
  const lines = first.stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('First start: generating the inventory'));
  assert.ok(start >= 0, first.stdout);
  assert.match(lines[start]!, /up to [\d,]+ numbers for \d{3} region\/type pairs in \d{3} regions$/);
  const written = lines[start + 1]!.match(/^ {2}all ([\d,]+) numbers written; building the search index$/);
  assert.ok(written, first.stdout);
  assert.match(lines[start + 2]!, new RegExp(`^Inventory ready: ${written[1]} numbers in \\d+\\.\\d s$`));
  assert.match(
    first.stdout,
    new RegExp(
      `Open Numbers is ready at ${first.url} \\(API reference: ${first.url}/docs/, health: ${first.url}/healthz\\)\nWeb console: ${first.url}/console/ \\(sign in with the admin token\\)\n`,
    ),
  );
  const health = await fetch(`${first.url}/healthz`);
  assert.equal(health.status, 200, await health.text());
  await stop(first.child);

  const again = await startServer(env);
  assert.doesNotMatch(again.stdout, /inventory/i, 'an existing store is not generated again');
  assert.equal((await fetch(`${again.url}/healthz`)).status, 200);
  await stop(again.child);
});
