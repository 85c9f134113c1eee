// Turning load results into the printed table and bench/results/latest.json.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoadResult, Summary } from './load.js';
import { summarize } from './load.js';

export interface Row extends Summary, CpuUse, LoadAverage {
  name: string;
  /** Stable id of the workload (goals.ts ROW), whatever its label says. */
  key: string;
  /** Set on a peer's rows (e.g. 'prism'): same requests, another server; no goal applies. */
  peer?: string;
  /** Active numbers of the project, for the list rows. */
  held?: number;
  /** HTTP statuses of the measured run's responses, e.g. {"200": 51234}. */
  statuses: Record<string, number>;
  /** req/s of this row divided by the baseline's (1.0 = as fast as bare node:http). */
  rpsRatio: number;
  /** p99 of this row divided by the baseline's (how many times slower the tail is). */
  p99Ratio: number;
}

/** CPU used during the measured run, in % of one core: which side was the limit. */
export interface CpuUse {
  clientCpuPct: number;
  /** The server's process tree(s): every process of every API server of the row. */
  serverCpuPct: number;
  /** PostgreSQL's processes (all of its server's), on the PostgreSQL rows. */
  databaseCpuPct?: number;
}

/**
 * The machine's 1-minute load average when the workload began (before its warm-up) and when its
 * measured run ended: the machine is shared, and a high value explains a noisy row.
 */
export interface LoadAverage {
  loadBefore: number;
  loadAfter: number;
}

export function row(
  name: string,
  key: string,
  result: LoadResult,
  baseline: Summary | undefined,
  measured: CpuUse & LoadAverage,
): Row {
  const s = summarize(result.latencies, result.requests, result.errors, result.elapsedMs);
  const base = baseline ?? s;
  return {
    name,
    key,
    ...s,
    rpsRatio: s.reqPerSec / base.reqPerSec,
    p99Ratio: s.p99Ms / base.p99Ms,
    ...measured,
    statuses: Object.fromEntries([...result.statuses].map(([status, n]) => [String(status), n])),
  };
}

export const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** A plain-text table; numbers right-aligned, the first `leftColumns` columns left-aligned. */
export function table(headers: string[], rows: string[][], leftColumns = 1): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function resultsTable(rows: Row[]): string {
  const database = rows.some((r) => r.databaseCpuPct !== undefined);
  const databaseCpu = (r: Row) => (r.databaseCpuPct === undefined ? '' : `${fixed(r.databaseCpuPct, 0)} %`);
  return table(
    [
      'workload',
      'requests',
      'req/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'errors',
      'req/s ratio',
      'p99 ratio',
      'client CPU',
      'server CPU',
      ...(database ? ['db CPU'] : []),
      'load 1m',
    ],
    rows.map((r) => [
      r.name,
      String(r.requests),
      fixed(r.reqPerSec, 0),
      fixed(r.p50Ms, 2),
      fixed(r.p99Ms, 2),
      fixed(r.maxMs, 1),
      String(r.errors),
      fixed(r.rpsRatio, 3),
      fixed(r.p99Ratio, 1),
      `${fixed(r.clientCpuPct, 0)} %`,
      `${fixed(r.serverCpuPct, 0)} %`,
      ...(database ? [databaseCpu(r)] : []),
      `${fixed(r.loadBefore, 2)}->${fixed(r.loadAfter, 2)}`,
    ]),
  );
}

export interface TagRow {
  tag: string;
  /** In the mixed run: every kind waits behind the others, so these are mostly queueing. */
  mixed: { requests: number; share: number; p50Ms: number; p99Ms: number };
  /** Fraction of the mixed run's queries that returned at least one number. */
  hitRate: number;
  /** The same queries alone on one connection: the service time of each kind, without queueing. */
  alone: Summary;
}

export function tagRows(mixed: LoadResult, hits: Map<string, number>, alone: Map<string, Summary>): TagRow[] {
  return [...mixed.byTag.entries()].map(([tag, latencies]) => {
    const s = summarize(latencies, latencies.length, 0, mixed.elapsedMs);
    return {
      tag,
      mixed: {
        requests: latencies.length,
        share: latencies.length / mixed.latencies.length,
        p50Ms: s.p50Ms,
        p99Ms: s.p99Ms,
      },
      hitRate: (hits.get(tag) ?? 0) / latencies.length,
      alone: alone.get(tag)!,
    };
  });
}

export function tagTable(rows: TagRow[]): string {
  return table(
    [
      'search kind',
      'share',
      'with hits',
      'mixed p50 ms',
      'mixed p99 ms',
      'alone req/s',
      'alone p50 ms',
      'alone p99 ms',
      'alone max ms',
    ],
    rows.map((r) => [
      r.tag,
      `${fixed(r.mixed.share * 100, 0)} %`,
      `${fixed(r.hitRate * 100, 1)} %`,
      fixed(r.mixed.p50Ms, 2),
      fixed(r.mixed.p99Ms, 2),
      fixed(r.alone.reqPerSec, 0),
      fixed(r.alone.p50Ms, 2),
      fixed(r.alone.p99Ms, 2),
      fixed(r.alone.maxMs, 1),
    ]),
  );
}

export const RESULTS_FILE = fileURLToPath(new URL('./results/latest.json', import.meta.url));

/** The results file: the SQLite run's report at the top level, the PostgreSQL run's under this key. */
export const POSTGRESQL_KEY = 'postgresql';

/**
 * The results file after a run of one store: the other store's part, written by an earlier run,
 * is kept. A SQLite run replaces every top-level field but `postgresql`; a PostgreSQL run
 * replaces only `postgresql`.
 */
export function mergeResults(
  existing: Record<string, unknown> | undefined,
  store: 'sqlite' | 'postgresql',
  report: Record<string, unknown>,
): Record<string, unknown> {
  if (store === 'postgresql') return { ...existing, [POSTGRESQL_KEY]: report };
  const kept = existing?.[POSTGRESQL_KEY];
  return kept === undefined ? { ...report } : { ...report, [POSTGRESQL_KEY]: kept };
}

/** Read-modify-write of {@link RESULTS_FILE}; an unreadable file is replaced (and said so). */
export function writeResults(
  store: 'sqlite' | 'postgresql',
  report: Record<string, unknown>,
  warn: (message: string) => void,
): void {
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  let existing: Record<string, unknown> | undefined;
  if (existsSync(RESULTS_FILE)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        existing = parsed as Record<string, unknown>;
      else warn(`${RESULTS_FILE} holds no JSON object; replacing it`);
    } catch (error) {
      warn(`${RESULTS_FILE} is not JSON (${(error as Error).message}); replacing it`);
    }
  }
  // Written aside then renamed: an interrupted write never leaves half a file (and loses no part).
  const temp = `${RESULTS_FILE}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(mergeResults(existing, store, report), null, 2)}\n`);
  renameSync(temp, RESULTS_FILE);
}
