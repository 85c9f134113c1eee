import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freshDatabaseUrl } from '../helpers/postgres.js';
import { compiledServerArgs, REPO_ROOT } from '../helpers/serverProcess.js';
import { basic, PROJECT, testServerEnv } from '../helpers/testApp.js';

/**
 * Two servers started at the same moment on one new, empty store with the same configured
 * project and key (two replicas of a deployment, say) both come up and both serve: migrations,
 * seeding and the bootstrap of the configured credentials each tolerate losing the race.
 */

const children: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'open-numbers-concurrent-'));
after(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the server as `npm start` does (dist/) on a free port; resolves with its port once it listens. */
function startServer(env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, compiledServerArgs(), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      const listening = output.match(/Server listening at http:\/\/127\.0\.0\.1:(\d+)/);
      if (listening) resolve(Number(listening[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

test('two processes started at once on one empty store both serve the configured project', async () => {
  const databaseUrl = process.env.DATABASE_URL ? await freshDatabaseUrl(process.env.DATABASE_URL) : undefined;
  const env = { ...testServerEnv(dataDir, databaseUrl), OPEN_NUMBERS_WORKERS: 'false' };
  const ports = await Promise.all([startServer(env), startServer(env)]);
  for (const port of ports) {
    const res = await fetch(`http://127.0.0.1:${port}/v1/projects/${PROJECT.projectId}/availableRegions`, {
      headers: { authorization: basic(PROJECT.keyId, PROJECT.keySecret) },
    });
    assert.equal(res.status, 200, await res.text());
  }
});
