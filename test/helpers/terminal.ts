import { join } from 'node:path';
import { type IPty, spawn } from '@lydell/node-pty';
import xterm from '@xterm/headless';

/** Keys a wizard is driven with, as a terminal sends them. */
export const KEY = {
  enter: '\r',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  space: ' ',
  tab: '\t',
  backspace: '\x7f',
  ctrlC: '\x03',
} as const;

/**
 * `open-numbers` in a real pseudo-terminal, its output rendered by a headless xterm: tests assert
 * on what a person would see on the screen (after cursor moves and redraws), and type into it.
 */
export interface TerminalSession {
  /** The visible screen, one string per row, trailing blanks trimmed. */
  screen(): string;
  /** Sends text or keys as typed. */
  type(text: string): void;
  /** Waits until the screen shows `pattern`; fails with the screen after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code when the program ends. */
  exited: Promise<number>;
  /** Everything the program wrote, raw (escape sequences included), for failure messages. */
  raw(): string;
  kill(): void;
}

export function startTerminal(
  args: readonly string[],
  env: Record<string, string>,
  { cols = 110, rows = 45, cwd }: { cols?: number; rows?: number; cwd?: string } = {},
): TerminalSession {
  const root = join(import.meta.dirname, '../..');
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  let raw = '';
  const pty: IPty = spawn(
    process.execPath,
    [
      '--import',
      join(root, 'node_modules/tsx/dist/esm/index.mjs'),
      join(root, 'src/cli/openNumbers/bin.ts'),
      ...args,
    ],
    {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: cwd ?? root,
      env: { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', ...env },
    },
  );
  pty.onData((data) => {
    raw += data;
    term.write(data);
  });
  const exited = new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)));

  const screen = () => {
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n').replace(/\n+$/, '');
  };
  // xterm parses asynchronously: an empty write's callback runs after everything before it.
  const flushed = () => new Promise<void>((resolve) => term.write('', resolve));

  return {
    screen,
    type: (text) => pty.write(text),
    async waitFor(pattern, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await flushed();
        const shown = screen();
        if (pattern.test(shown)) return shown;
        if (Date.now() > deadline)
          throw new Error(`the screen never showed ${pattern} within ${timeoutMs} ms; it shows:\n${shown}`);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    },
    exited,
    raw: () => raw,
    kill: () => pty.kill(),
  };
}
