// `tsx bench/listPage.ts`: the store's cost of one page of the active-number list (pageSize 20,
// ordered by phone number, no filter) for a project holding 100 numbers and one holding 5,000,
// the first page and a page from the middle, without HTTP. The list's totalSize used to be a
// count(*) of the project's numbers on every page (issue 13, item 3); it is now the maintained
// count (docs/architecture.md, "Counting a project's numbers"), so both projects should cost
// the same. The filtered list (regionCode) still counts exactly and is printed beside it.
//
// SQLite by default (a temp data dir); with DATABASE_URL, a new database on that server (dropped
// at the end). LIST_PAGE_ITERATIONS [2000] pages timed per row.

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { generateInventory } from '../src/domain/inventory/generate.js';
import { productFor } from '../src/domain/inventory/products.js';
import { listRegionTypes } from '../src/domain/inventory/regions.js';
import { newActiveNumber } from '../src/domain/numbers/activeNumber.js';
import type { ActiveListQuery } from '../src/store/numbers/port.js';
import { openPostgresStore } from '../src/store/postgres/postgresStore.js';
import { openSqliteStore } from '../src/store/sqlite/sqliteStore.js';
import type { Store } from '../src/store/types.js';
import { freshDatabaseUrl } from '../test/helpers/postgres.js';

const ITERATIONS = Number(process.env.LIST_PAGE_ITERATIONS ?? 2000);
const HELD = { small: 100, large: 5000 };
const NOW = Date.UTC(2026, 0, 1);

async function open(): Promise<{ store: Store; name: string; drop(): Promise<void> }> {
  const baseUrl = process.env.DATABASE_URL;
  if (baseUrl) {
    const url = await freshDatabaseUrl(baseUrl);
    const store = openPostgresStore({ url });
    return {
      store,
      name: 'postgres',
      async drop() {
        await store.close();
        const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
        await admin.unsafe(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'open-numbers-listpage-'));
  const store = openSqliteStore({ dataDir, synchronous: 'NORMAL' });
  return {
    store,
    name: 'sqlite',
    async drop() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Wall time and this process's CPU time per page, in µs. On SQLite the CPU time is the query's
 * cost and grows little when other processes share the cores; the wall time grows with them.
 */
async function timePage(
  store: Store,
  query: ActiveListQuery,
): Promise<{ us: number; cpuUs: number; totalSize: number }> {
  let totalSize = 0;
  for (let i = 0; i < 200; i++) totalSize = (await store.numbers.listActive(query)).totalSize;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) await store.numbers.listActive(query);
  const us = Number(process.hrtime.bigint() - start) / 1000 / ITERATIONS;
  const used = process.cpuUsage(cpu);
  return { us, cpuUs: (used.user + used.system) / ITERATIONS, totalSize };
}

async function main(): Promise<void> {
  const { store, name, drop } = await open();
  try {
    await store.migrate();
    const inventory = [...generateInventory({ perType: 2, usLocal: HELD.small + HELD.large + 100 })];
    const products = listRegionTypes().map(({ regionCode, numberType }) =>
      productFor(regionCode, numberType),
    );
    await store.inventory.seed(products, inventory);
    const usLocal = inventory.filter((n) => n.regionCode === 'US' && n.numberType === 'LOCAL');
    let next = 0;
    const cpu = process.cpuUsage();
    for (const [projectId, held] of Object.entries(HELD)) {
      for (let i = 0; i < held; i++) {
        const e164 = usLocal[next++]!.e164;
        await store.numbers.rent(e164, (row) => ({
          record: newActiveNumber(projectId, row, productFor(row.regionCode, row.numberType), NOW),
          jobs: [],
        }));
      }
    }
    const rentCpu = process.cpuUsage(cpu);
    console.log(
      `${name}, ${ITERATIONS} pages per row, pageSize 20, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; ${next} rents took ${((rentCpu.user + rentCpu.system) / next).toFixed(1)} µs CPU each`,
    );
    // The first pass warms the JIT and the page cache for both projects; the second is printed.
    for (const pass of ['warm-up', 'measured']) await measure(store, pass === 'measured');
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await drop();
  }
}

async function measure(store: Store, print: boolean): Promise<void> {
  if (print) console.log('project held  page          filter        wall µs  CPU µs  totalSize');
  for (const [projectId, held] of Object.entries(HELD)) {
    const all = (await store.numbers.listActive({ projectId, orderBy: 'phoneNumber', limit: held, now: NOW }))
      .records;
    const middle = all[Math.floor(held / 2)]!.phoneNumber;
    for (const [page, after] of [
      ['first', undefined],
      ['middle', { displayName: '', phoneNumber: middle }],
    ] as const) {
      for (const regionCode of [undefined, 'US']) {
        const query: ActiveListQuery = { projectId, orderBy: 'phoneNumber', limit: 20, now: NOW, after };
        if (regionCode) query.regionCode = regionCode;
        const { us, cpuUs, totalSize } = await timePage(store, query);
        if (!print) continue;
        console.log(
          `${String(held).padStart(12)}  ${page.padEnd(12)}  ${(regionCode ? 'regionCode' : 'none').padEnd(12)}  ${us.toFixed(1).padStart(7)}  ${cpuUs.toFixed(1).padStart(6)}  ${totalSize}`,
        );
      }
    }
  }
}

await main();
