/** The streams and environment a command runs with: the process's, or a test's. */
export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** The folder relative file names are resolved against. */
  cwd: string;
}

/**
 * What a command prints. With `--json` the result is one JSON document on stdout (for scripts and
 * agents) and nothing else goes there; otherwise lines for a person. Progress and notes go to
 * stderr in both modes, so `--json > file` stays clean.
 */
export class Output {
  constructor(
    readonly io: Io,
    readonly json: boolean,
  ) {}

  /** The command's result: `data` as JSON, or the `human` lines. */
  result(data: unknown, human: () => string | string[]): void {
    if (this.json) {
      this.io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      return;
    }
    const lines = human();
    const text = Array.isArray(lines) ? lines.join('\n') : lines;
    if (text) this.io.stdout.write(`${text}\n`);
  }

  /** A note for the person (what was checked, what happens next), on stderr. */
  note(line: string): void {
    this.io.stderr.write(`${line}\n`);
  }
}

/** Rows as aligned columns, for human output of lists. */
export function table(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((row) =>
    columns.map((c) => (row[c] === undefined || row[c] === null ? '' : String(row[c]))),
  );
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}
