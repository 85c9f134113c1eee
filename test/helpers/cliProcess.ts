import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * A long-running `open-numbers` process (a listener, a --follow), its output collected as it
 * comes: tests wait for lines, then stop it with Ctrl-C's signal and read the exit code.
 */
export interface CliProcess {
  stdout(): string;
  stderr(): string;
  /** Waits until `stream` shows `pattern`; fails with both streams after `timeoutMs`. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends SIGINT (what Ctrl-C sends) and resolves with the exit code. */
  interrupt(): Promise<number>;
  exited: Promise<number>;
  child: ChildProcessWithoutNullStreams;
}

export function startCli(args: readonly string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/openNumbers/bin.ts', ...args], {
    cwd: join(import.meta.dirname, '../..'),
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return {
    child,
    exited,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    async waitFor(stream, pattern, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = out[stream].match(pattern);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(
            `${pattern} not on ${stream} (exit ${child.exitCode});\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    interrupt() {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
