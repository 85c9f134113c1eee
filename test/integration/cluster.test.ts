import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { freshDatabaseUrl } from '../helpers/postgres.js';
import { compiledServerArgs, REPO_ROOT } from '../helpers/serverProcess.js';
import { basic, testServerEnv } from '../helpers/testApp.js';

/**
 * `npm start` with OPEN_NUMBERS_PROCESSES=2 (src/cluster/): one primary and two serving processes
 * on one port and one store, on either store. Every request below opens a connection of its own,
 * so consecutive requests land on different processes (node:cluster deals connections out in
 * turn); the request log (one line per request, with its process id) shows that both served.
 */

const PROCESSES = 2;
const dataDir = mkdtempSync(join(tmpdir(), 'open-numbers-cluster-'));
let server: ChildProcess;
let stdout = '';
let url = '';
let adminToken = '';
let project = { projectId: '', keyId: '', keySecret: '' };

after(() => {
  server?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** One request on a connection of its own; the body parsed as JSON. */
function send(
  method: string,
  path: string,
  { authorization, body, form }: { authorization?: string; body?: unknown; form?: string } = {},
): Promise<{ status: number; body: any }> {
  const payload = form ?? (body === undefined ? undefined : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method,
        agent: false,
        headers: {
          ...(authorization ? { authorization } : {}),
          ...(payload
            ? { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const admin = () => `Bearer ${adminToken}`;

/** Resolves once `pattern` is in the server's standard output (waiting for it if need be). */
function outputMatching(pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = stdout.match(pattern);
      if (!found) return false;
      server.stdout!.off('data', check);
      server.off('exit', exited);
      resolve(found);
      return true;
    };
    const exited = (code: number | null) => reject(new Error(`server exited with ${code}:\n${stdout}`));
    if (check()) return;
    server.stdout!.on('data', check);
    server.once('exit', exited);
  });
}

/** The matches of `pattern` (global) in the output once there are `count` of them, or after 5 s. */
async function linesMatching(pattern: RegExp, count: number): Promise<RegExpMatchArray[]> {
  const deadline = Date.now() + 5_000;
  while ([...stdout.matchAll(pattern)].length < count && Date.now() < deadline) await delay(20);
  return [...stdout.matchAll(pattern)];
}

/**
 * The pids of the processes that logged `count` completed requests since `since`. A process logs a
 * request after answering it, and the line reaches this process through a pipe: wait for them.
 */
async function servingPids(since: number, count: number): Promise<Set<number>> {
  const completed = () =>
    stdout
      .slice(since)
      .split('\n')
      .filter((line) => line.includes('"request completed"'));
  const deadline = Date.now() + 5_000;
  while (completed().length < count && Date.now() < deadline) await delay(20);
  return new Set(completed().map((line) => JSON.parse(line).pid as number));
}

before(async () => {
  const databaseUrl = process.env.DATABASE_URL ? await freshDatabaseUrl(process.env.DATABASE_URL) : undefined;
  const env = testServerEnv(dataDir, databaseUrl);
  // No configured project or admin token: the start creates both and must print them once.
  for (const name of [
    'OPEN_NUMBERS_ADMIN_TOKEN',
    'OPEN_NUMBERS_PROJECT_ID',
    'OPEN_NUMBERS_KEY_ID',
    'OPEN_NUMBERS_KEY_SECRET',
  ]) {
    delete env[name];
  }
  server = spawn(process.execPath, compiledServerArgs(), {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ...env,
      PORT: '0',
      LOG_LEVEL: 'info',
      OPEN_NUMBERS_PROCESSES: String(PROCESSES),
      OPEN_NUMBERS_WORKER_POLL_MS: '50',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  server.stdout!.setEncoding('utf8');
  server.stdout!.on('data', (chunk: string) => {
    stdout += chunk;
  });
  url = (await outputMatching(/^Open Numbers is ready at (http:\/\/127\.0\.0\.1:\d+) /m))[1]!;
  adminToken = (await outputMatching(/OPEN_NUMBERS_ADMIN_TOKEN=(\S+)/))[1]!;
  const [, projectId, keyId, keySecret] = (await outputMatching(
    /OPEN_NUMBERS_PROJECT_ID=(\S+)\n {2}OPEN_NUMBERS_KEY_ID=(\S+)\n {2}OPEN_NUMBERS_KEY_SECRET=(\S+)/,
  ))!;
  project = { projectId: projectId!, keyId: keyId!, keySecret: keySecret! };
});

describe('a server of two processes', { timeout: 120_000 }, () => {
  test('says everything about its start once, and listens in each process on one port', async () => {
    const count = (pattern: RegExp) => stdout.match(new RegExp(pattern, `${pattern.flags}g`))?.length ?? 0;
    assert.equal(count(/"msg":"store ready"/), 1, stdout);
    assert.equal(count(/Created a default project and access key/), 1, stdout);
    assert.equal(count(/Generated the admin token/), 1, stdout);
    assert.equal(count(/^Open Numbers is ready at /m), 1, stdout);
    // A serving process logs "listening" and tells the primary; the primary prints the ready line.
    // The log line is written asynchronously, so it may reach the shared pipe after the ready line.
    const listening = await linesMatching(/"pid":(\d+).*"msg":"Server listening at (\S+)"/g, PROCESSES);
    assert.equal(listening.length, PROCESSES, stdout);
    assert.equal(new Set(listening.map((line) => line[1])).size, PROCESSES);
    assert.deepEqual(new Set(listening.map((line) => line[2])), new Set([url]));
  });

  test('a clock advance through one process is seen by the next request to every process', async () => {
    const since = stdout.length;
    let expected = Date.now();
    for (let round = 0; round < 3; round++) {
      const advanced = await send('POST', '/_sandbox/clock:advance', {
        authorization: admin(),
        body: { seconds: 86_400 },
      });
      assert.equal(advanced.status, 200, JSON.stringify(advanced.body));
      expected += 86_400_000;
      for (let i = 0; i < 2 * PROCESSES; i++) {
        const read = await send('GET', '/_sandbox/clock', { authorization: admin() });
        assert.equal(read.status, 200);
        assert.ok(Date.parse(read.body.now) >= expected, `round ${round}, read ${i}: ${read.body.now}`);
      }
    }
    assert.equal(
      (await servingPids(since, 3 * (1 + 2 * PROCESSES))).size,
      PROCESSES,
      'both processes answered',
    );
  });

  test('rentAny from many connections at once rents distinct numbers', async () => {
    // A token: 24 first uses of a Basic pair at once would queue 24 scrypt checks, more than one
    // key may have waiting (429), in a single process as well.
    const token = await send('POST', '/oauth2/token', {
      authorization: basic(project.keyId, project.keySecret),
      form: 'grant_type=client_credentials',
    });
    assert.equal(token.status, 200, JSON.stringify(token.body));
    const authorization = `Bearer ${token.body.access_token}`;
    const since = stdout.length;
    const rented = await Promise.all(
      Array.from({ length: 24 }, () =>
        send('POST', `/v1/projects/${project.projectId}/availableNumbers:rentAny`, {
          authorization,
          body: { regionCode: 'US', type: 'LOCAL' },
        }),
      ),
    );
    for (const answer of rented) assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const numbers = rented.map((answer) => answer.body.phoneNumber);
    assert.equal(new Set(numbers).size, numbers.length, numbers.join(' '));
    assert.equal((await servingPids(since, rented.length)).size, PROCESSES, 'both processes answered');
  });

  test('a key revoked through one process is refused at once by every process', async () => {
    const created = await send('POST', `/admin/v1/projects/${project.projectId}/accessKeys`, {
      authorization: admin(),
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const authorization = basic(created.body.keyId, created.body.keySecret);
    const list = () => send('GET', `/v1/projects/${project.projectId}/activeNumbers`, { authorization });
    // Every process has verified the key and trusts it for a second (KEY_STATE_TTL_MS).
    for (let i = 0; i < 2 * PROCESSES; i++) assert.equal((await list()).status, 200);
    const revoked = await send(
      'POST',
      `/admin/v1/projects/${project.projectId}/accessKeys/${created.body.keyId}:revoke`,
      { authorization: admin() },
    );
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    for (let i = 0; i < 2 * PROCESSES; i++) assert.equal((await list()).status, 401, `request ${i}`);
  });

  test('the primary runs the jobs the serving processes schedule', async () => {
    const authorization = basic(project.keyId, project.keySecret);
    const rented = await send('POST', `/v1/projects/${project.projectId}/availableNumbers:rentAny`, {
      authorization,
      body: { regionCode: 'US', type: 'LOCAL', smsConfiguration: { servicePlanId: 'plan-cluster' } },
    });
    assert.equal(rented.status, 200, JSON.stringify(rented.body));
    assert.equal(rented.body.smsConfiguration.scheduledProvisioning.status, 'WAITING');
    // Two provisioning steps of 2 s of clock time each: the advance makes the first due at once.
    // The serving processes never run jobs (OPEN_NUMBERS_WORKERS applies to the primary only).
    const advanced = await send('POST', '/_sandbox/clock:advance', {
      authorization: admin(),
      body: { seconds: 3600 },
    });
    assert.equal(advanced.status, 200);
    const path = `/v1/projects/${project.projectId}/activeNumbers/${encodeURIComponent(rented.body.phoneNumber)}`;
    const deadline = Date.now() + 20_000;
    let sms: any;
    do {
      sms = (await send('GET', path, { authorization })).body.smsConfiguration;
      if (sms.scheduledProvisioning === null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } while (Date.now() < deadline);
    assert.equal(sms.servicePlanId, 'plan-cluster', JSON.stringify(sms));
    assert.equal(sms.scheduledProvisioning, null);
  });

  test('a serving process that dies is replaced, and the server keeps serving', async () => {
    const pids = [...stdout.matchAll(/"pid":(\d+).*"msg":"Server listening at /g)].map((m) => Number(m[1]));
    const since = stdout.length;
    process.kill(pids[0]!, 'SIGKILL');
    await outputMatching(/a server process exited; starting another/);
    await outputMatching(/"msg":"a new server process serves"/);
    assert.match(stdout.slice(since), new RegExp(`"workerPid":${pids[0]},"code":null,"signal":"SIGKILL"`));
    for (let i = 0; i < 2 * PROCESSES; i++) {
      assert.equal((await send('GET', '/healthz')).status, 200);
    }
  });

  test('SIGTERM stops every process and the server exits with 0', async () => {
    // The two first processes and the replacement of the one killed above.
    const listening = await linesMatching(/"pid":(\d+).*"msg":"Server listening at /g, PROCESSES + 1);
    const pids = listening.map((m) => Number(m[1]));
    assert.equal(pids.length, PROCESSES + 1, stdout);
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    assert.equal(await exited, 0, stdout);
    for (const pid of pids) {
      assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, `process ${pid} is gone`);
    }
  });
});
