import type { Db, Params } from './port.js';

/**
 * One page of a keyset-paged list of `record` documents (or of the `select` columns), and how many
 * rows `where` matches in all: `total` when given (an SQL expression of that number and its
 * values, e.g. a maintained count, see projectCounts.ts), else a `count(*)` of `where`. `after`
 * adds the cursor's condition (its values go after the count's).
 */
export async function keysetPage<R>(
  db: Db,
  query: {
    table: string;
    where: string;
    params: Params;
    after?: (params: Params) => string;
    order: string;
    limit: number;
    total?: { sql: string; values: unknown[] };
    select?: string;
  },
): Promise<{ rows: R[]; totalSize: number }> {
  const { table, where, params, total } = query;
  const count = total
    ? await db.get<{ n: number | string }>(`SELECT ${total.sql} AS n`, total.values)
    : await db.get<{ n: number | string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, [
        ...params.values,
      ]);
  const page = query.after ? `${where} AND ${query.after(params)}` : where;
  const rows = await db.all<R>(
    `SELECT ${query.select ?? 'record'} FROM ${table} WHERE ${page} ORDER BY ${query.order} LIMIT ${params.add(query.limit)}`,
    params.values,
  );
  return { rows, totalSize: Number(count!.n) };
}

/** The columns of a number list's orders (`phoneNumber` alone when none). */
const NUMBER_ORDER_COLUMNS = {
  phoneNumber: undefined,
  createdTime: 'created_at',
  updatedTime: 'updated_at',
} as const;

/**
 * The keyset parts of a list of numbers ordered by phone number or a time column, then phone
 * number (tables with `phone_number`, `created_at`, `updated_at`).
 */
export function numberKeyset(
  orderBy: keyof typeof NUMBER_ORDER_COLUMNS,
  after: { at: number; phoneNumber: string } | undefined,
): { after?: (params: Params) => string; order: string } {
  const column = NUMBER_ORDER_COLUMNS[orderBy];
  return {
    after:
      after &&
      ((p) =>
        column
          ? `(${column}, phone_number) > (${p.add(after.at)}::bigint, ${p.add(after.phoneNumber)})`
          : `phone_number > ${p.add(after.phoneNumber)}`),
    order: column ? `${column}, phone_number` : 'phone_number',
  };
}
