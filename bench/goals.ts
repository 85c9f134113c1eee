// The goals of issue 13, set against what a run measured: printed after the tables and stored
// with the results. They live here, in the bench, and never in tests: timings depend on the
// machine and its other tenants, so a test asserting them would fail for reasons not in the code.

import type { Memory } from './processes.js';
import { fixed, type Row, table } from './report.js';

/** Row keys the goals refer to (Row.key); the labels may change, these do not. */
export const ROW = {
  baseline: 'baseline',
  search: 'search',
  get: 'get',
  listSmall: 'list-small',
  rentAny: 'rentAny',
  /** The same rentals in operator mode (synchronous=FULL): reported beside rentAny, no goal. */
  rentAnyFull: 'rentAny-full',
  listLarge: 'list-large',
} as const;

export interface GoalResult {
  goal: string;
  measured: string;
  /** null when the run did not measure it (e.g. no fresh store with a kept data dir). */
  met: boolean | null;
}

/** What the goals read from a run's report. */
export interface GoalInput {
  results: Row[];
  startup: { freshStoreMs: number | null };
  memory?: Memory & { servers?: { rssMb: number }[] };
  rentChecks: { duplicates: number };
}

/** A list of 5,300 held numbers may lose at most this share of the 100-held list's ratio. */
export const LIST_FLAT_TOLERANCE = 0.1;
export const RSS_GOAL_MB = 250;
export const FRESH_STORE_GOAL_MS = 3000;

const ratioAndP99 = (r: Row) => `ratio ${fixed(r.rpsRatio, 3)}, p99 ${fixed(r.p99Ms, 1)} ms`;
const notMeasured = (goal: string): GoalResult => ({ goal, measured: 'not measured', met: null });

function rowGoal(rows: Row[], key: string, minRatio: number, maxP99Ms: number, label: string): GoalResult {
  const goal = `${label}: ratio >= ${minRatio.toFixed(2)}, p99 < ${maxP99Ms} ms`;
  const r = rows.find((x) => x.key === key);
  if (!r) return notMeasured(goal);
  return { goal, measured: ratioAndP99(r), met: r.rpsRatio >= minRatio && r.p99Ms < maxP99Ms };
}

export function evaluateGoals(report: GoalInput): GoalResult[] {
  const rows = report.results.filter((r) => r.peer === undefined);
  const goals = [
    rowGoal(rows, ROW.search, 0.5, 10, 'search'),
    rowGoal(rows, ROW.get, 0.6, 5, 'get active number'),
    rowGoal(rows, ROW.listSmall, 0.4, 10, 'list active, 100 held'),
  ];

  const small = rows.find((r) => r.key === ROW.listSmall);
  const large = rows.find((r) => r.key === ROW.listLarge);
  const listGoal = `list active, 5,300 held: ratio >= ${(1 - LIST_FLAT_TOLERANCE) * 100} % of 100 held's, p99 < 10 ms`;
  goals.push(
    small && large
      ? {
          goal: listGoal,
          measured: `${ratioAndP99(large)} (${large.held ?? '?'} held; 100 held: ${fixed(small.rpsRatio, 3)})`,
          met: large.rpsRatio >= small.rpsRatio * (1 - LIST_FLAT_TOLERANCE) && large.p99Ms < 10,
        }
      : notMeasured(listGoal),
  );

  const rent = rows.find((r) => r.key === ROW.rentAny);
  const rentGoal = 'rentAny: >= 3,000/s, 0 duplicates, p99 < 20 ms';
  goals.push(
    rent
      ? {
          goal: rentGoal,
          measured: `${fixed(rent.reqPerSec, 0)}/s, ${report.rentChecks.duplicates} duplicates, p99 ${fixed(rent.p99Ms, 1)} ms`,
          met: rent.reqPerSec >= 3000 && report.rentChecks.duplicates === 0 && rent.p99Ms < 20,
        }
      : notMeasured(rentGoal),
  );

  const freshGoal = `fresh store ready < ${FRESH_STORE_GOAL_MS / 1000} s`;
  const fresh = report.startup.freshStoreMs;
  goals.push(
    fresh === null
      ? notMeasured(freshGoal)
      : { goal: freshGoal, measured: `${(fresh / 1000).toFixed(1)} s`, met: fresh < FRESH_STORE_GOAL_MS },
  );

  // Per API server (its process tree summed): two PostgreSQL API processes are two servers.
  const rssGoal = `RSS after the workloads < ${RSS_GOAL_MB} MB per API server`;
  const servers = report.memory ? (report.memory.servers ?? [report.memory]) : [];
  const largest = Math.max(...servers.map((s) => s.rssMb));
  goals.push(
    servers.length === 0
      ? notMeasured(rssGoal)
      : {
          goal: rssGoal,
          measured: servers.map((s) => `${s.rssMb.toFixed(0)} MB`).join(' + '),
          met: largest < RSS_GOAL_MB,
        },
  );
  return goals;
}

export function goalsTable(goals: GoalResult[]): string {
  return table(
    ['goal (issue 13)', 'met', 'measured'],
    goals.map((g) => [g.goal, g.met === null ? '-' : g.met ? 'met' : 'NOT MET', g.measured]),
    3,
  );
}
