import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freshDatabaseUrl } from '../helpers/postgres.js';
import { compiledServerArgs, REPO_ROOT } from '../helpers/serverProcess.js';
import { testServerEnv } from '../helpers/testApp.js';

/**
 * `npm start` on an empty store says what it is doing with the inventory, one line per phase with
 * its counts: the URL to open comes before the numbers are loaded, in the background, and a line
 * says when they all are; a later start only says the URL. Both
 * run the server as `npm start` does, from the bundle in dist/: this is the test that it starts,
 * finds its files and serves.
 */

const children: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'open-numbers-first-start-'));
after(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Started {
  /** The standard output so far. */
  stdout: string;
  url: string;
  child: ChildProcess;
  /** Resolves with the standard output once a line matches. */
  outputMatching(line: RegExp): Promise<string>;
}

/** Starts the server as `npm start` does (dist/) on a free port; resolves with its standard output once it is ready. */
function startServer(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, compiledServerArgs(), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'warn', OPEN_NUMBERS_WORKERS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let started = false;
    const waiting: Array<{ line: RegExp; resolve: (stdout: string) => void }> = [];
    const outputMatching = (line: RegExp) =>
      new Promise<string>((resolve) => {
        if (line.test(stdout)) resolve(stdout);
        else waiting.push({ line, resolve });
      });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk;
      for (const w of waiting.filter((w) => w.line.test(stdout))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(stdout);
      }
      const ready = stdout.match(/^Open Numbers is ready at (http:\/\/127\.0\.0\.1:\d+) .*\n/m);
      if (ready && !started) {
        started = true;
        resolve({ stdout, url: ready[1]!, child, outputMatching });
      }
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

test('the first start prints a line per inventory phase with counts, the URL to open, then when the numbers are in', {
  timeout: 120_000,
}, async () => {
  const databaseUrl = process.env.DATABASE_URL ? await freshDatabaseUrl(process.env.DATABASE_URL) : undefined;
  const env = testServerEnv(dataDir, databaseUrl); // 20 numbers per type, 2,000 US LOCAL

  const first = await startServer(env);
  const stdout = await first.outputMatching(/^Inventory ready: .*\n/m);
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('First start: the inventory'));
  assert.ok(start >= 0, stdout);
  assert.match(lines[start]!, /has up to [\d,]+ numbers for \d{3} region\/type pairs in \d{3} regions$/);
  const url = lines.findIndex((l) => l.startsWith('Open Numbers is ready at'));
  assert.ok(url > start, stdout);
  const loading = lines.findIndex((l) => l.startsWith('  loading '));
  assert.ok(loading > url, 'the numbers load once the server serves');
  assert.match(
    lines[loading]!,
    /^ {2}loading (\d+) of \1 calling-code groups in the background \(\+1 first\); a request for a group not loaded yet loads it first$/,
  );
  const expected = lines[start]!.match(/up to ([\d,]+) numbers/)![1]!.replaceAll(',', '');
  const ready = lines.find((l) => l.startsWith('Inventory ready: '))!;
  const written = ready.match(/^Inventory ready: ([\d,]+) numbers \(all loaded in \d+\.\d s\)$/);
  assert.ok(written, stdout);
  const count = Number(written[1]!.replaceAll(',', ''));
  assert.ok(count > 10_000 && count <= Number(expected), ready);
  assert.match(
    stdout,
    new RegExp(
      `Open Numbers is ready at ${first.url} \\(API reference: ${first.url}/docs/, health: ${first.url}/healthz\\)\nWeb console: ${first.url}/console/ \\(sign in with the admin token\\)\n`,
    ),
  );
  const health = await fetch(`${first.url}/healthz`);
  assert.equal(health.status, 200, await health.text());
  // The web console's page, its cookie and its files (read from the project, not from dist/).
  const signIn = await fetch(`${first.url}/console/sign-in`);
  const form = await signIn.text();
  assert.equal(signIn.status, 200, form);
  assert.match(signIn.headers.get('set-cookie') ?? '', /HttpOnly; SameSite=Strict/);
  for (const asset of form.matchAll(/(?:href|src)="(\/console\/assets\/[^"]+)"/g)) {
    assert.equal((await fetch(`${first.url}${asset[1]}`)).status, 200, asset[1]);
  }
  await stop(first.child);

  const again = await startServer(env);
  assert.doesNotMatch(again.stdout, /inventory/i, 'an existing store is not generated again');
  assert.equal((await fetch(`${again.url}/healthz`)).status, 200);
  // The bundle finds the files it reads (package.json, policies/templates/) and serves the
  // reference page from the dependency it leaves out of the bundle (scripts/build.mjs).
  const document = await (await fetch(`${again.url}/openapi.json`)).json();
  assert.equal(
    document.info.version,
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version,
  );
  const yaml = await fetch(`${again.url}/docs/yaml`);
  assert.equal(yaml.status, 200);
  assert.match(await yaml.text(), /^openapi: "3\.0\.3"\n/);
  const page = await fetch(`${again.url}/docs/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /swagger-ui/);
  const template = await fetch(`${again.url}/numberOrderTemplates/address-declaration-de.rtf`);
  assert.equal(template.status, 200);
  assert.match(await template.text(), /^\{\\rtf1/);
  await stop(again.child);
});
