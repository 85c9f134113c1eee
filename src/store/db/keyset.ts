import type { Db, Params } from './port.js';

/**
 * One page of a keyset-paged list of `record` documents, and how many rows `where` matches in
 * all. `after` adds the cursor's condition (its values go after the count's).
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
  },
): Promise<{ rows: R[]; totalSize: number }> {
  const { table, where, params } = query;
  const count = await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, [
    ...params.values,
  ]);
  const page = query.after ? `${where} AND ${query.after(params)}` : where;
  const rows = await db.all<R>(
    `SELECT record FROM ${table} WHERE ${page} ORDER BY ${query.order} LIMIT ${params.add(query.limit)}`,
    params.values,
  );
  return { rows, totalSize: Number(count!.n) };
}
