import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/openNumbers/main.js';
import type { LiveServer } from './liveServer.js';
import { ADMIN_TOKEN, PROJECT } from './testApp.js';

/** What one CLI run printed and how it ended. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed (commands run with --json). */
  json(): any;
}

/** The environment a user of the local server has after its first start (the seeds' variable names). */
export function cliEnv(server: Pick<LiveServer, 'base'>): Record<string, string> {
  return {
    SINCH_NUMBERS_URL: server.base,
    SINCH_PROJECT_ID: PROJECT.projectId,
    SINCH_KEY_ID: PROJECT.keyId,
    SINCH_KEY_SECRET: PROJECT.keySecret,
    OPEN_NUMBERS_ADMIN_TOKEN: ADMIN_TOKEN,
  };
}

function result(code: number, stdout: string, stderr: string): CliResult {
  return {
    code,
    stdout,
    stderr,
    json() {
      try {
        return JSON.parse(stdout);
      } catch {
        throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
      }
    },
  };
}

/**
 * Runs `open-numbers <args>` in this process (fast: most tests), against the server over real
 * HTTP, with only `env` as its environment and a scratch folder as its working directory.
 */
export async function cli(
  args: readonly string[],
  env: Record<string, string>,
  cwd = mkdtempSync(join(tmpdir(), 'open-numbers-cli-')),
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
    cwd,
  });
  return result(code, stdout, stderr);
}

/** Runs the real executable in a child process, as a shell would (exit code, streams, no TTY). */
export function spawnCli(
  args: readonly string[],
  env: Record<string, string>,
  options: { cwd?: string; input?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/openNumbers/bin.ts', ...args], {
      cwd: join(import.meta.dirname, '../..'),
      env: { PATH: process.env.PATH ?? '', ...env, ...(options.cwd ? {} : {}) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve(result(code ?? -1, stdout, stderr)));
    child.stdin.end(options.input ?? '');
  });
}
