import type { FailureKind } from './checks.js';
import type { HealthzStats } from './healthz.js';
import type { FuzzCase } from './mutations.js';
import type { Exchange } from './rawHttp.js';

export interface Failure {
  store: string;
  index: number;
  kind: FailureKind;
  why: string;
  fuzzCase: FuzzCase;
  exchange: Exchange;
  /** A slow answer that overlapped a slower one started earlier: probably waiting behind it. */
  collateralOf?: number;
}

export interface StoreResult {
  store: string;
  sent: number;
  passed: number;
  failedRequests: number;
  statuses: Record<string, number>;
  fiveHundreds: number;
  nonEnvelope: number;
  slowest: { ms: number; label: string };
  healthz: HealthzStats;
  rss: { start: number; peak: number; end: number };
  seconds: number;
  failures: Failure[];
  serverExit?: string;
  serverErrorLogs: string[];
  warnings: string[];
}

/** Printable, escaped, short: enough to rebuild the request by hand. */
export function preview(bytes: Buffer | undefined, max = 160): string {
  if (!bytes?.length) return '(none)';
  const text = bytes.subarray(0, max).toString('latin1');
  return `${JSON.stringify(text)}${bytes.length > max ? ` … (${bytes.length} bytes)` : ''}`;
}

export function describeCase(fuzzCase: FuzzCase): string[] {
  const r = fuzzCase.request;
  const lines: string[] = [];
  if (r.rawBytes) {
    lines.push(`raw bytes: ${preview(r.rawBytes, 240)}`);
  } else {
    lines.push(
      `${JSON.stringify(r.method).slice(1, -1)} ${preview(Buffer.from(r.target, 'latin1'), 200).slice(1, -1)}`,
    );
    for (const [name, value] of r.headers) {
      lines.push(`  ${name}: ${preview(Buffer.from(value, 'latin1'), 100).slice(1, -1)}`);
    }
    if (r.noContentLength) lines.push('  (no Content-Length added)');
    if (r.endAfterWrite) lines.push('  (half-closed after the body)');
    lines.push(`  body: ${preview(r.body)}`);
  }
  if (fuzzCase.mutations.length)
    lines.push(`  mutations: ${fuzzCase.mutations.map((m, i) => `${m} — ${fuzzCase.notes[i]}`).join('; ')}`);
  else lines.push('  (a valid request)');
  return lines;
}

function answerOf(exchange: Exchange): string {
  if (!exchange.response) return `no answer (${exchange.error}) after ${Math.round(exchange.ms)} ms`;
  const { status, headers, body } = exchange.response;
  return `${status} in ${Math.round(exchange.ms)} ms, content-type ${JSON.stringify(headers['content-type'] ?? '')}: ${preview(body, 200)}`;
}

/**
 * The class of a failure: what went wrong, and the mutation that decides it. Protocol abuse,
 * credentials and unknown routes fail the same way on every route, so their route is left out.
 */
function classOf(failure: Failure): string {
  const status = failure.exchange.response?.status ?? 'none';
  const mutations = failure.fuzzCase.mutations;
  // Protocol abuse decides the answer whatever else was changed; of several credential changes
  // the last one is the one sent.
  const global =
    mutations.find((m) => m.startsWith('protocol.')) ??
    [...mutations].reverse().find((m) => /^(auth\.|path\.unknownRoute)/.test(m));
  const scope = global ? 'any route' : failure.fuzzCase.routeKey;
  const what = global ?? (mutations.join('+') || 'valid request');
  const problem = failure.kind === 'non-envelope' ? ` · ${failure.why}` : '';
  return `${failure.store} · ${failure.kind} · status ${status} · ${scope} · ${what}${problem}`;
}

const SEVERITY = ['5xx', 'no-answer', 'slow', 'non-envelope'];
const MAX_DETAILED = 40;

/** Failures grouped by class, one reproduction each (the slowest of the class). */
export function printFailures(failures: Failure[], log: (line: string) => void) {
  const classes = new Map<string, Failure[]>();
  for (const failure of failures) {
    const key = classOf(failure);
    classes.set(key, [...(classes.get(key) ?? []), failure]);
  }
  const ordered = [...classes.entries()].sort(
    ([, a], [, b]) => SEVERITY.indexOf(a[0]!.kind) - SEVERITY.indexOf(b[0]!.kind) || b.length - a.length,
  );
  log('');
  log(`failures: ${failures.length} in ${classes.size} classes (store · kind · status · route · mutation)`);
  for (const [key, group] of ordered) log(`  ${String(group.length).padStart(4)}× ${key}`);
  for (const [key, group] of ordered.slice(0, MAX_DETAILED)) {
    const primary = group.filter((f) => f.collateralOf === undefined);
    const example = [...(primary.length ? primary : group)].sort((a, b) => b.exchange.ms - a.exchange.ms)[0]!;
    const collateral = group.length - primary.length;
    log('');
    log(
      `✗ ${key} — ${group.length}×${collateral ? ` (${collateral} only waited behind a slower request)` : ''}`,
    );
    log(`  why: ${example.why}`);
    for (const line of describeCase(example.fuzzCase)) log(`  ${line}`);
    log(`  answer: ${answerOf(example.exchange)}`);
  }
  if (ordered.length > MAX_DETAILED)
    log(`\n(${ordered.length - MAX_DETAILED} more classes listed above without a reproduction)`);
}

export function printStore(result: StoreResult, log: (line: string) => void) {
  const statuses = Object.entries(result.statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status}:${n}`)
    .join(' ');
  log('');
  log(`== ${result.store}: ${result.sent} requests in ${result.seconds.toFixed(1)} s`);
  log(`   statuses ${statuses}`);
  log(
    `   5xx ${result.fiveHundreds}, non-envelope errors ${result.nonEnvelope}, failed requests ${result.failedRequests}`,
  );
  log(`   slowest answer ${Math.round(result.slowest.ms)} ms (${result.slowest.label})`);
  log(
    `   /healthz: ${result.healthz.pings} pings, slowest ${Math.round(result.healthz.slowest)} ms, ${result.healthz.slow.length} over 1 s`,
  );
  log(`   server RSS start ${result.rss.start} MB, peak ${result.rss.peak} MB, end ${result.rss.end} MB`);
  if (result.serverExit) log(`   SERVER DIED: ${result.serverExit}`);
  for (const warning of result.warnings) log(`   setup warning: ${warning}`);
  if (result.serverErrorLogs.length) {
    log(`   server logged ${result.serverErrorLogs.length} error-level lines; first:`);
    for (const line of result.serverErrorLogs.slice(0, 3)) log(`     ${line.slice(0, 600)}`);
  }
}
