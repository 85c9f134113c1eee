// The bench's bookkeeping (bench/): which goals a run met, how the results file keeps the other
// store's part, and the process-tree readings. No timing is asserted: goals belong to the bench.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { evaluateGoals, type GoalInput, ROW } from '../../bench/goals.js';
import { processTree, treeCpuMs, treeMemory } from '../../bench/processes.js';
import { mergeResults, type Row } from '../../bench/report.js';

function fakeRow(key: string, fields: Partial<Row> = {}): Row {
  return {
    name: key,
    key,
    requests: 1000,
    reqPerSec: 1000,
    p50Ms: 1,
    p99Ms: 2,
    maxMs: 3,
    errors: 0,
    rpsRatio: 1,
    p99Ratio: 1,
    clientCpuPct: 50,
    serverCpuPct: 50,
    loadBefore: 1,
    loadAfter: 1,
    statuses: { '200': 1000 },
    ...fields,
  };
}

/** A run that meets every goal; each test spoils one figure. */
function goodRun(): GoalInput {
  return {
    results: [
      fakeRow(ROW.baseline),
      fakeRow(ROW.search, { rpsRatio: 0.5, p99Ms: 9.9 }),
      fakeRow(ROW.get, { rpsRatio: 0.6, p99Ms: 4.9 }),
      fakeRow(ROW.listSmall, { rpsRatio: 0.5, p99Ms: 9, held: 100 }),
      fakeRow(ROW.rentAny, { reqPerSec: 3000, p99Ms: 19 }),
      fakeRow(ROW.listLarge, { rpsRatio: 0.45, p99Ms: 9, held: 5300 }),
    ],
    startup: { freshStoreMs: 2999 },
    memory: { rssMb: 249, peakRssMb: 300, processes: [{ pid: 1, rssMb: 249, peakRssMb: 300 }] },
    rentChecks: { duplicates: 0 },
  };
}

const metOf = (input: GoalInput) => evaluateGoals(input).map((g) => g.met);

test('a run at every goal meets all seven', () => {
  assert.deepEqual(metOf(goodRun()), [true, true, true, true, true, true, true]);
});

test('each goal fails on its own figure', () => {
  const spoil = (index: number, change: (run: GoalInput) => void) => {
    const run = goodRun();
    change(run);
    const met = metOf(run);
    assert.equal(met[index], false, `goal ${index}`);
    assert.equal(met.filter((m) => m === false).length, 1, `only goal ${index}: ${met}`);
  };
  const rowOf = (run: GoalInput, key: string) => run.results.find((r) => r.key === key)!;
  spoil(0, (run) => {
    rowOf(run, ROW.search).rpsRatio = 0.49;
  });
  spoil(0, (run) => {
    rowOf(run, ROW.search).p99Ms = 10;
  });
  spoil(1, (run) => {
    rowOf(run, ROW.get).p99Ms = 5;
  });
  spoil(2, (run) => {
    rowOf(run, ROW.listSmall).p99Ms = 10;
  });
  // Listing 5,300 numbers must keep 90 % of the 100-number ratio: 0.5 × 0.9 = 0.45.
  spoil(3, (run) => {
    rowOf(run, ROW.listLarge).rpsRatio = 0.44;
  });
  spoil(4, (run) => {
    run.rentChecks.duplicates = 1;
  });
  spoil(4, (run) => {
    rowOf(run, ROW.rentAny).reqPerSec = 2999;
  });
  spoil(5, (run) => {
    run.startup.freshStoreMs = 3000;
  });
  spoil(6, (run) => {
    run.memory!.rssMb = 250;
  });
});

test('several API servers: the RSS goal is per server', () => {
  const run = goodRun();
  run.memory = {
    rssMb: 400,
    peakRssMb: 420,
    processes: [],
    servers: [{ rssMb: 200 }, { rssMb: 200 }],
  };
  const rss = evaluateGoals(run)[6];
  assert.equal(rss.met, true);
  assert.equal(rss.measured, '200 MB + 200 MB');
  run.memory.servers = [{ rssMb: 200 }, { rssMb: 260 }];
  assert.equal(evaluateGoals(run)[6].met, false);
});

test('what a run did not measure is neither met nor missed; peer rows count for no goal', () => {
  const run = goodRun();
  run.startup.freshStoreMs = null;
  run.memory = undefined;
  run.results = run.results
    .filter((r) => r.key !== ROW.search)
    .concat(fakeRow(ROW.search, { peer: 'prism', rpsRatio: 9, p99Ms: 1 }));
  const goals = evaluateGoals(run);
  assert.deepEqual(
    goals.map((g) => g.met),
    [null, true, true, true, true, null, null],
  );
  assert.equal(goals[0].measured, 'not measured');
});

test('each store replaces its own part of the results file and keeps the other', () => {
  const sqlite = { store: 'sqlite', results: [1] };
  const pg = { store: 'postgresql', results: [2] };
  assert.deepEqual(mergeResults(undefined, 'sqlite', sqlite), sqlite);
  assert.deepEqual(mergeResults(undefined, 'postgresql', pg), { postgresql: pg });
  const both = mergeResults(mergeResults(undefined, 'sqlite', sqlite), 'postgresql', pg);
  assert.deepEqual(both, { ...sqlite, postgresql: pg });
  // A new SQLite run drops the old SQLite fields (even one it no longer writes), not PostgreSQL's.
  const again = mergeResults({ ...both, oldField: true }, 'sqlite', { store: 'sqlite', results: [3] });
  assert.deepEqual(again, { store: 'sqlite', results: [3], postgresql: pg });
  const pgAgain = mergeResults(both, 'postgresql', { store: 'postgresql', results: [4] });
  assert.deepEqual(pgAgain, { ...sqlite, postgresql: { store: 'postgresql', results: [4] } });
});

test('a process tree counts the children, each once, and leaves out exited processes', async (t) => {
  if (process.platform !== 'linux') return t.skip('reads /proc');
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)'], { stdio: 'ignore' });
  t.after(() => child.kill('SIGKILL'));
  await new Promise((resolve) => child.once('spawn', resolve));
  const pid = child.pid!;

  const tree = processTree([process.pid, process.pid]);
  assert.equal(tree[0], process.pid);
  assert.ok(tree.includes(pid), 'the child is in the tree');
  assert.equal(new Set(tree).size, tree.length);
  assert.deepEqual(processTree([pid]), [pid], 'a leaf is its own tree');

  const memory = treeMemory([process.pid])!;
  assert.deepEqual(
    memory.processes.map((p) => p.pid),
    tree,
  );
  const sum = memory.processes.reduce((total, p) => total + p.rssMb, 0);
  assert.equal(memory.rssMb, sum);
  const own = memory.processes[0];
  assert.ok(own.rssMb > 10 && own.peakRssMb >= own.rssMb, `this process: ${JSON.stringify(own)}`);
  assert.ok(treeCpuMs([process.pid])! >= treeCpuMs([pid])!);

  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  assert.deepEqual(processTree([pid]), []);
  assert.equal(treeMemory([pid]), undefined);
  assert.equal(treeCpuMs([pid]), undefined);
});
