/** Where the rows of a compiled page come from: every row of the table, or the rows of the caller's grids. */
export type Scope = { kind: 'all' } | { kind: 'grids'; gridIds: number[] };

/** A page's columns (field → column) and its to-one joins, each built as a nested JSON object. */
export interface PageQuery {
  table: string;
  columns: Record<string, string>;
  joins: { key: string; table: string; foreignKey: string; columns: Record<string, string> }[];
}

/** An int[] parameter as PostgreSQL's array literal (the query builder would spread a JavaScript array). */
const intArray = (ids: number[]) => `{${ids.map((id) => Math.trunc(Number(id))).join(',')}}`;

const quoted = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

function jsonObject(alias: string, columns: Record<string, string>, extra: string[] = []): string {
  const pairs = [`'id', ${alias}."id"`, ...Object.entries(columns).map(([f, c]) => `'${f}', ${alias}.${quoted(c)}`)];
  return `json_build_object(${[...pairs, ...extra].join(', ')})`;
}

/**
 * One statement: the page in id order as a JSON array (with its joined relations), and the count when asked.
 * Inside the caller's grids each grid's rows are read from the (grid_id, id) index up to the page size and
 * merged, so the plan never depends on how the planner guesses the grids' rows spread over the ids.
 */
export function pageSql(
  query: PageQuery,
  scope: Scope,
  page: { afterId: number | null; limit: number; descending: boolean; withCount?: boolean },
): { sql: string; params: unknown[] } {
  const dir = page.descending ? 'desc' : 'asc';
  const table = quoted(query.table);
  const needed = new Set([
    '"id"',
    ...Object.values(query.columns).map(quoted),
    ...query.joins.map((j) => quoted(j.foreignKey)),
  ]);
  const columns = [...needed].map((c) => `r.${c}`).join(', ');
  const params: unknown[] = [];
  const afterCondition = (prefix: string) => {
    if (page.afterId === null) return '';
    params.push(page.afterId);
    return `${prefix} r."id" ${page.descending ? '<' : '>'} ?`;
  };
  let rows: string;
  if (scope.kind === 'all') {
    const where = afterCondition('where');
    params.push(page.limit);
    rows = `select ${columns} from ${table} r ${where} order by r."id" ${dir} limit ?`;
  } else {
    params.push(intArray(scope.gridIds));
    const lateralWhere = afterCondition('and');
    params.push(page.limit, page.limit);
    rows =
      `select x.* from unnest(?::int[]) as s(grid_id) cross join lateral ` +
      `(select ${columns} from ${table} r where r."grid_id" = s.grid_id ${lateralWhere} order by r."id" ${dir} limit ?) x ` +
      `order by x."id" ${dir} limit ?`;
  }
  const joins = query.joins.map((j, i) => `join ${quoted(j.table)} j${i} on j${i}."id" = p.${quoted(j.foreignKey)}`);
  const nested = query.joins.map((j, i) => `'${j.key}', ${jsonObject(`j${i}`, j.columns)}`);
  const countParams: unknown[] = [];
  let count = 'null';
  if (page.withCount && scope.kind === 'all') count = `(select count(*) from ${table})`;
  else if (page.withCount && scope.kind === 'grids') {
    countParams.push(intArray(scope.gridIds));
    count = `(select count(*) from ${table} r where r."grid_id" = any(?::int[]))`;
  }
  // The count comes first in the text, so its parameter does too.
  const sql =
    `select coalesce(json_agg(${jsonObject('p', query.columns, nested)} order by p."id" ${dir}), '[]') as rows, ` +
    `${count} as total from (${rows}) p ${joins.join(' ')}`;
  return { sql, params: [...countParams, ...params] };
}
