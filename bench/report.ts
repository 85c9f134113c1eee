// Turning load results into the printed table and bench/results/latest.json.

import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoadResult, Summary } from './load.js';
import { summarize } from './load.js';

export interface Row extends Summary {
  name: string;
  /** req/s of this row divided by the baseline's (1.0 = as fast as bare node:http). */
  rpsRatio: number;
  /** p99 of this row divided by the baseline's (how many times slower the tail is). */
  p99Ratio: number;
  /** CPU used during the measured run, in % of one core: which side was the limit. */
  clientCpuPct: number;
  serverCpuPct: number;
}

export interface CpuUse {
  clientCpuPct: number;
  serverCpuPct: number;
}

export function row(name: string, result: LoadResult, baseline: Summary | undefined, cpu: CpuUse): Row {
  const s = summarize(result.latencies, result.requests, result.errors, result.elapsedMs);
  const base = baseline ?? s;
  return { name, ...s, rpsRatio: s.reqPerSec / base.reqPerSec, p99Ratio: s.p99Ms / base.p99Ms, ...cpu };
}

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** A plain-text table; numbers right-aligned, first column left-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function resultsTable(rows: Row[]): string {
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

export function writeResults(report: unknown): void {
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
}
