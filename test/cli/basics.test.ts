import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { cli, cliEnv, spawnCli } from '../helpers/cli.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';
import { ensureBuilt, REPO_ROOT } from '../helpers/serverProcess.js';

describe('open-numbers: configuration, output and exit codes', () => {
  let server: LiveServer;
  let env: Record<string, string>;
  before(async () => {
    server = await startLiveServer();
    env = cliEnv(server);
  });
  after(() => server.close());

  test('regions: a table for a person, the API answer with --json', async () => {
    const human = await cli(['regions'], env);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^region\s+name\s+types$/m);
    assert.match(human.stdout, /^US\s+United States\s+.*LOCAL/m);

    const json = await cli(['regions', '--type', 'toll_free', '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    const regions = json.json().availableRegions;
    assert.ok(regions.length > 0);
    for (const r of regions) assert.ok(r.types.includes('TOLL_FREE'), JSON.stringify(r));
  });

  test('the OPEN_NUMBERS_* variables the server prints work as well as the SINCH_* ones', async () => {
    const res = await cli(['regions', '--json', '--base-url', server.base], {
      OPEN_NUMBERS_PROJECT_ID: env.SINCH_PROJECT_ID!,
      OPEN_NUMBERS_KEY_ID: env.SINCH_KEY_ID!,
      OPEN_NUMBERS_KEY_SECRET: env.SINCH_KEY_SECRET!,
    });
    assert.equal(res.code, 0, res.stderr);
  });

  test('wrong credentials: one line naming the variables, exit 1', async () => {
    const res = await cli(['regions'], { ...env, SINCH_KEY_SECRET: 'not-the-secret' });
    assert.equal(res.code, 1);
    assert.equal(res.stdout, '');
    assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
    assert.match(res.stderr, /access key was refused .*SINCH_KEY_ID and SINCH_KEY_SECRET/);
  });

  test('missing project or credentials, a bad URL, an unknown flag: usage, exit 2, nothing sent', async () => {
    const noProject = await cli(['regions'], { ...env, SINCH_PROJECT_ID: '' });
    assert.equal(noProject.code, 2);
    assert.match(noProject.stderr, /no project: set SINCH_PROJECT_ID/);

    const noKey = await cli(['regions'], { SINCH_NUMBERS_URL: server.base, SINCH_PROJECT_ID: 'p' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /no credentials/);

    const badUrl = await cli(['regions', '--base-url', 'localhost:8080'], env);
    assert.equal(badUrl.code, 2);
    assert.match(badUrl.stderr, /must be http\(s\)|is not a URL/);

    const badFlag = await cli(['regions', '--colour'], env);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /unknown option '--colour'/);
  });

  test('a server that is not there: one line, exit 1 (nothing can have happened)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const res = await cli(['regions'], { ...env, SINCH_NUMBERS_URL: `http://127.0.0.1:${port}` });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /cannot reach the server \(ECONNREFUSED/);
  });

  test('--json errors are JSON on stderr with the exit code and the API envelope', async () => {
    const res = await cli(['regions', '--json'], { ...env, SINCH_KEY_SECRET: 'nope' });
    assert.equal(res.code, 1);
    const error = JSON.parse(res.stderr).error;
    assert.equal(error.exitCode, 1);
    assert.equal(error.httpStatus, 401);
  });

  test('the built executable: npx open-numbers in the repository (package.json bin → dist/)', async () => {
    ensureBuilt();
    const answer = await promisify(execFile)('npx', ['--no-install', 'open-numbers', 'regions', '--json'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    assert.ok(JSON.parse(answer.stdout).availableRegions.length > 0, answer.stderr);
  });

  test('the executable: --help on every level, exit codes from a real process, no stack traces', async () => {
    const help = await spawnCli(['--help'], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: open-numbers/);
    assert.match(help.stdout, /Exit codes: 0 done, 1 the API refused/);

    const version = await spawnCli(['--version'], env);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);

    const sub = await spawnCli(['regions', '--help'], env);
    assert.equal(sub.code, 0);
    assert.match(sub.stdout, /Usage: open-numbers regions/);

    const refused = await spawnCli(['regions'], { ...env, SINCH_KEY_SECRET: 'nope' });
    assert.equal(refused.code, 1);
    assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace');

    const unknown = await spawnCli(['frobnicate'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  });
});
