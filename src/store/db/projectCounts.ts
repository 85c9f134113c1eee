/**
 * The lists whose rows are counted per project as they are written (project_number_counts,
 * kept by the triggers of migration 0010): a list's totalSize without counting its rows.
 */
export type CountedList = 'active' | 'imported';

/**
 * An SQL expression: how many rows of `list` the project has. `projectId` is SQL too (a
 * placeholder or a column), so the expression also serves correlated subqueries.
 */
export function countedRows(list: CountedList, projectId: string): string {
  return `(SELECT coalesce(sum(c.n), 0) FROM project_number_counts c WHERE c.project_id = ${projectId} AND c.list = '${list}')`;
}

/**
 * An SQL expression: how many active numbers the project lists at `now` (SQL), what
 * `count(*) … WHERE project_id = … AND (expire_at IS NULL OR expire_at > now)` counts: every
 * row, less the released ones past their expireAt whose release has not completed yet (along
 * ix_active_released, which holds released rows only).
 */
export function listedActiveNumbers(projectId: string, now: string): string {
  return `(${countedRows('active', projectId)} - (SELECT count(*) FROM active_numbers x
    WHERE x.project_id = ${projectId} AND x.expire_at IS NOT NULL AND x.expire_at <= ${now}::bigint))`;
}
