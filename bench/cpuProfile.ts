// Reads a V8 .cpuprofile (`node --cpu-prof`) and says where the CPU went within a time window:
// self time and inclusive time per function, and self time per source file or package. Frames of
// the bundle (dist/*.js) are mapped back to their TypeScript or node_modules source through its
// source map, so `src/http/…` and `fastify/lib/…` read as themselves rather than as one file.

import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../test/helpers/serverProcess.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A window of the profile in microseconds of the monotonic clock (`process.hrtime`), as V8 stamps samples. */
export interface Window {
  fromUs: number;
  toUs: number;
}

export interface Entry {
  name: string;
  ms: number;
  pct: number;
}

export interface ProfileSummary {
  /** Sampled time in the window, idle included. */
  totalMs: number;
  /** Sampled time not spent idle: what the process did. */
  busyMs: number;
  /**
   * Self time of `writev`, the socket write of each response. On a crowded machine it also holds
   * time the server spent descheduled: the write wakes the load client, which may take the CPU
   * there and then, and V8's sampler charges the wait to the frame the thread stopped in.
   */
  writevMs: number;
  self: Entry[];
  inclusive: Entry[];
  files: Entry[];
}

/** V8's pseudo-frames: not code of ours or of a library. */
const IDLE = '(idle)';

const maps = new Map<string, SourceMap | undefined>();

function sourceMapOf(url: string): SourceMap | undefined {
  if (!url.startsWith('file://') || !url.endsWith('.js')) return undefined;
  if (!maps.has(url)) {
    try {
      const payload = JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8'));
      maps.set(url, new SourceMap(payload));
    } catch {
      maps.set(url, undefined);
    }
  }
  return maps.get(url);
}

/** `src/http/foo.ts:12` or `fastify/lib/route.js:40` for a frame; node's own modules as `node:…`. */
function whereOf(frame: CallFrame): { file: string; line: number } {
  const map = sourceMapOf(frame.url);
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as
    | { originalSource?: string; originalLine?: number }
    | undefined;
  let file = entry?.originalSource ?? frame.url;
  const line = entry?.originalSource ? (entry.originalLine ?? 0) + 1 : frame.lineNumber + 1;
  if (file.startsWith('file://')) file = fileURLToPath(file);
  if (file.startsWith('/')) file = relative(REPO_ROOT, file);
  file = file.replace(/^(\.\.\/)*/, '').replace(/^.*node_modules\//, '');
  return { file: file || '(native)', line };
}

/** The package of a file (`fastify`, `@fastify/x`), or the file itself for our sources. */
function packageOf(file: string, url: string): string {
  if (!url.includes('/') && !url.startsWith('node:')) return file;
  if (file.startsWith('src/') || file.startsWith('node:') || file === '(native)') return file;
  const parts = file.split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

function top(map: Map<string, number>, totalMs: number, n: number): Entry[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: us / 1000, pct: (us / 1000 / totalMs) * 100 }));
}

/** Summarises the samples of `window` (all of them when it is not given). */
export function summarizeProfile(path: string, window?: Window, n = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const labels = new Map<number, { fn: string; file: string }>();
  const label = (id: number) => {
    let known = labels.get(id);
    if (!known) {
      const frame = byId.get(id)!.callFrame;
      const { file, line } = whereOf(frame);
      const name = frame.functionName || '(anonymous)';
      known = {
        fn: frame.url ? `${name} ${file}:${line}` : name,
        file: frame.url ? packageOf(file, frame.url) : name,
      };
      labels.set(id, known);
    }
    return known;
  };

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const files = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    // A sample stands for the time until the next one (V8's own convention in DevTools).
    const us = profile.timeDeltas[i + 1] ?? 0;
    const leaf = profile.samples[i]!;
    totalUs += us;
    const leafLabel = label(leaf);
    if (leafLabel.fn === IDLE) {
      idleUs += us;
      continue;
    }
    self.set(leafLabel.fn, (self.get(leafLabel.fn) ?? 0) + us);
    files.set(leafLabel.file, (files.get(leafLabel.file) ?? 0) + us);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parentOf.get(id)) {
      const { fn } = label(id);
      if (seen.has(fn)) continue; // recursion counts once
      seen.add(fn);
      inclusive.set(fn, (inclusive.get(fn) ?? 0) + us);
    }
  }
  const busyMs = (totalUs - idleUs) / 1000;
  for (const root of ['(root)', '(program)']) inclusive.delete(root);
  return {
    totalMs: totalUs / 1000,
    busyMs,
    writevMs: (self.get('writev') ?? 0) / 1000,
    self: top(self, busyMs, n),
    inclusive: top(inclusive, busyMs, n),
    files: top(files, busyMs, n),
  };
}

/** The summary as text: three ranked lists, shares of the busy time. */
export function formatProfile(summary: ProfileSummary): string {
  const lines = [
    `sampled ${summary.totalMs.toFixed(0)} ms, busy ${summary.busyMs.toFixed(0)} ms ` +
      `(${((summary.busyMs / summary.totalMs) * 100).toFixed(0)} %), of which writev ` +
      `${((summary.writevMs / summary.busyMs) * 100).toFixed(0)} % (the socket write, and waits for the CPU)`,
  ];
  const list = (title: string, entries: Entry[]) => {
    lines.push(title);
    for (const [i, e] of entries.entries()) {
      lines.push(`${String(i + 1).padStart(3)}. ${e.pct.toFixed(1).padStart(5)} %  ${e.name}`);
    }
  };
  list('self time by function:', summary.self);
  list('inclusive time by function:', summary.inclusive);
  list('self time by file or package:', summary.files);
  return lines.join('\n');
}

// `tsx bench/cpuProfile.ts file.cpuprofile [fromUs toUs]`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [path, from, to] = process.argv.slice(2);
  if (!path) throw new Error('usage: tsx bench/cpuProfile.ts <file.cpuprofile> [fromUs toUs]');
  const window = from && to ? { fromUs: Number(from), toUs: Number(to) } : undefined;
  process.stdout.write(`${formatProfile(summarizeProfile(path, window, 25))}\n`);
}
