import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * How tests and benches start the real server in a process of its own: as `npm start` does, from
 * the bundle in dist/ (scripts/build.mjs), not from the TypeScript sources.
 */

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The node arguments of `npm start`, relative to REPO_ROOT (the child's working directory). */
export const COMPILED_SERVER_ARGS = ['--enable-source-maps', 'dist/server.js'];

/** The same server from its sources, through tsx (`npm run dev` without the watch). */
export const SOURCE_SERVER_ARGS = ['--import', 'tsx', 'src/server.ts'];

/**
 * Builds dist/ from the current sources, once per process: a stale bundle would test old code.
 * scripts/run-tests.sh builds before it runs the tests and sets OPEN_NUMBERS_BUILT=1, so a test
 * run builds once in all; a test file run on its own builds here (a few seconds).
 */
export function ensureBuilt(): void {
  if (process.env.OPEN_NUMBERS_BUILT === '1') return;
  execFileSync(process.execPath, ['scripts/build.mjs'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  process.env.OPEN_NUMBERS_BUILT = '1';
}

/** {@link COMPILED_SERVER_ARGS}, after {@link ensureBuilt}. */
export function compiledServerArgs(): string[] {
  ensureBuilt();
  return COMPILED_SERVER_ARGS;
}
