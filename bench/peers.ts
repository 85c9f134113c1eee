// `BENCH_PEERS=1`: the server a user would compare us with, measured in the same run with the same
// client and requests. Prism (Stoplight's mock server) serves OUR `/openapi.json`, fetched from
// the running server, so both answer the same paths, parameters and security.
//
// Prism is not a dependency (it is large): it is installed on first use into bench/.peers
// (gitignored) with npm, pinned. Without the registry the peer is skipped, not the bench.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../test/helpers/serverProcess.js';
import { freePort, HOST, send, type Target } from './http.js';
import { type Child, spawnChild, stopChild, waitForLine } from './servers.js';

export const PRISM_PACKAGE = '@stoplight/prism-cli';
export const PRISM_VERSION = '5.16.0';
const PEERS_DIR = join(REPO_ROOT, 'bench', '.peers');
const PRISM_ENTRY = join(PEERS_DIR, 'node_modules', '.bin', 'prism');
const INSTALL_TIMEOUT_MS = 10 * 60_000;
const START_TIMEOUT_MS = 120_000;

/** Runs npm, keeping the tail of its output for the message when it fails. */
function npm(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn('npm', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    proc.stdout.on('data', keep);
    proc.stderr.on('data', keep);
    const timer = setTimeout(() => proc.kill('SIGTERM'), INSTALL_TIMEOUT_MS);
    proc.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: error.message });
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The path of Prism's CLI script, installing it first if missing; undefined when that failed. */
export async function ensurePrism(progress: (message: string) => void): Promise<string | undefined> {
  if (!existsSync(PRISM_ENTRY)) {
    progress(`Prism missing: installing ${PRISM_PACKAGE}@${PRISM_VERSION} from npm into bench/.peers (once)`);
    const { code, output } = await npm([
      'install',
      '--prefix',
      PEERS_DIR,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `${PRISM_PACKAGE}@${PRISM_VERSION}`,
    ]);
    if (code !== 0 || !existsSync(PRISM_ENTRY)) {
      const tail = output.trim().split('\n').slice(-5).join('\n  ');
      progress(
        `could not install Prism (npm exited with ${code}; registry unreachable?): skipping the peer\n  ${tail}`,
      );
      return undefined;
    }
    progress('Prism installed');
  }
  // node_modules/.bin/prism is a symlink to the CLI's script; run that with this node.
  return realpathSync(PRISM_ENTRY);
}

export interface Peer {
  name: string;
  child: Child;
  port: number;
  /** Where its copy of the document lives; deleted by stop(). */
  dir: string;
}

/**
 * Prism mocking the document the running Open Numbers serves at /openapi.json. Static answers
 * (`--dynamic=false`, Prism's default: the document's examples or values built from the schemas),
 * as vendors' sandboxes recommend it.
 */
export async function startPrism(script: string, openNumbers: Target): Promise<Peer> {
  const res = await send(openNumbers, { method: 'GET', path: '/openapi.json' });
  if (res.status !== 200) throw new Error(`GET /openapi.json -> ${res.status}`);
  const dir = mkdtempSync(join(tmpdir(), 'open-numbers-bench-prism-'));
  const document = join(dir, 'openapi.json');
  writeFileSync(document, res.body);
  const port = await freePort();
  const child = spawnChild(
    'prism',
    [script, 'mock', document, '--host', HOST, '--port', String(port), '--dynamic=false'],
    process.env,
    join(dir, 'prism.log'), // a line per request: read from a file, not by the load generator
  );
  try {
    await waitForLine(child, /Prism is listening/, START_TIMEOUT_MS);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { name: 'prism', child, port, dir };
}

export async function stopPeer(peer: Peer): Promise<void> {
  await stopChild(peer.child);
  rmSync(peer.dir, { recursive: true, force: true });
}
