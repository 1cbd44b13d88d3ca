import type { Column, Link } from './compiled-plan';
import type { Scope } from './compiled-scope';
import { column, Fragment, intArray, joined, quoted, raw, sql, textArray } from './compiled-sql';

export type { Scope } from './compiled-scope';

/** What the SQL needs of a plan: the table, its columns and scope, and its relations, each built as JSON. */
export interface SqlNode {
  table: string;
  columns: Column[];
  scope: Scope;
  gridColumn: string | null;
  relations: { field: string; link: Link; node: SqlNode }[];
}

/** The page asked: its ordering (a column, then the id; or the id alone), where it starts, its size. */
export interface PageSpec {
  order: Column | null;
  descending: boolean;
  /** The last row of the previous page, as its cursor gives it. */
  after: { value: unknown; id: number } | null;
  limit: number;
  /** The list's own condition (its filter) on the rows aliased as given. */
  where: ((alias: string) => Fragment) | null;
  withCount: boolean;
  /** Count the rows the page is taken from in the same reading of them (see `matchedPageSql`). */
  countOnce?: boolean;
}

/** The key under which each row of the page carries its ordering value, for its cursor. */
export const ORDER_KEY = '@order';

/**
 * A timestamp as whole epoch milliseconds, cut (not rounded) as the driver cuts the microseconds PostgreSQL
 * keeps: the served Date, and a cursor made from it, are those of the usual path.
 */
const valueOf = (alias: string, c: Column): Fragment =>
  c.date ? raw(`floor(extract(epoch from ${alias}.${quoted(c.column)}) * 1000)::bigint`) : column(alias, c.column);

function scopeCondition(node: SqlNode, alias: string): Fragment | null {
  const { scope } = node;
  if (scope.kind === 'all') return null;
  const inGrids = sql`${column(alias, node.gridColumn!)} = any(${intArray(scope.gridIds)}::int[])`;
  if (scope.kind === 'grids') return inGrids;
  const codes = textArray(scope.categoryCodes);
  const member = sql`exists (select 1 from "resident_category" sm join "special_category" sc on sc."id" = sm."category_id" where sm."resident_id" = ${column(alias, 'id')} and sc."code" = any(${codes}::text[]))`;
  return sql`${inGrids} and ${member}`;
}

type Members = Extract<Scope, { kind: 'members' }>;

/**
 * A delegation's residents in id order, read from the memberships of its categories in resident order, each
 * resident looked up by id and kept when it lives in the delegated grids: a page costs the memberships up to
 * its last row, not every resident of the subtree nor every member of the categories.
 */
function membersRowsSql(node: SqlNode, scope: Members, page: PageSpec, columns: Fragment): Fragment {
  const dir = raw(page.descending ? 'desc' : 'asc');
  const codes = scope.categoryCodes;
  // One category is an equality, so the (category, resident) index gives its members in resident order.
  const category =
    codes.length === 1
      ? sql`m."category_id" = (select c."id" from "special_category" c where c."code" = ${codes[0]})`
      : sql`m."category_id" = any(array(select c."id" from "special_category" c where c."code" = any(${textArray(codes)}::text[])))`;
  const after = page.after ? sql` and m."resident_id" ${raw(page.descending ? '<' : '>')} ${page.after.id}` : raw('');
  const members = sql`select m."resident_id" from "resident_category" m where ${category}${after} group by m."resident_id" order by m."resident_id" ${dir}`;
  const inGrids = sql`${column('r', node.gridColumn!)} = any(${intArray(scope.gridIds)}::int[])`;
  // OFFSET 0 keeps each lookup a subquery of its own: as a join the planner may walk the residents instead.
  const resident = sql`select ${columns} from ${table(node)} r where r."id" = s."resident_id" and ${inGrids} offset 0`;
  return sql`select x.* from (${members}) s cross join lateral (${resident}) x order by s."resident_id" ${dir} limit ${page.limit}`;
}

type Aliases = () => string;

const and = (condition: Fragment | null): Fragment => (condition ? sql` and ${condition}` : raw(''));
const table = (node: { table: string }): Fragment => raw(quoted(node.table));

/**
 * A row as a JSON object under `alias`, with the joins its relations need: a to-one relation as a nested
 * object (null where its row is outside the caller's scope), a to-many one as an array built in a lateral
 * subquery, in the order the usual path gives.
 */
function objectSql(node: SqlNode, alias: string, next: Aliases, extra: Fragment[] = []) {
  const pairs: Fragment[] = [raw(`'id', ${alias}."id"`)];
  for (const c of node.columns) pairs.push(sql`${raw(`'${c.field}', `)}${valueOf(alias, c)}`);
  const joins: Fragment[] = [];
  for (const { field, link, node: related } of node.relations) {
    const at = next();
    const inner = objectSql(related, at, next);
    const key = raw(`'${field}', `);
    if (link.kind === 'one') {
      const on = sql`${column(at, 'id')} = ${column(alias, link.foreignKey)}${and(scopeCondition(related, at))}`;
      joins.push(sql`left join ${table(related)} ${raw(at)} on ${on}`, ...inner.joins);
      pairs.push(sql`${key}case when ${column(at, 'id')} is null then null else ${inner.json} end`);
    } else {
      const list = next();
      joins.push(sql`left join lateral (${listSql(link, { alias, at, related, inner })}) ${raw(list)} on true`);
      pairs.push(sql`${key}${raw(`${list}.v`)}`);
    }
  }
  return { json: sql`json_build_object(${joined([...pairs, ...extra], ', ')})`, joins };
}

/** The related rows of one row as a JSON array: through the pivot in id order, or the owned rows in theirs. */
function listSql(
  link: Exclude<Link, { kind: 'one' }>,
  { alias, at, related, inner }: { alias: string; at: string; related: SqlNode; inner: ReturnType<typeof objectSql> },
): Fragment {
  const scope = and(scopeCondition(related, at));
  const within = joined(inner.joins, ' ');
  if (link.kind === 'pivot') {
    const pivot = `${at}_pivot`;
    const on = sql`${column(at, 'id')} = ${column(pivot, link.otherColumn)}${scope}`;
    return sql`select coalesce(json_agg(${inner.json} order by ${column(at, 'id')}), '[]') as v from ${raw(quoted(link.table))} ${raw(pivot)} join ${table(related)} ${raw(at)} on ${on} ${within} where ${column(pivot, link.ownColumn)} = ${column(alias, 'id')}`;
  }
  const order = raw(link.orderBy.map((c) => `${at}.${quoted(c)}`).join(', '));
  return sql`select coalesce(json_agg(${inner.json} order by ${order}), '[]') as v from ${table(related)} ${raw(at)} ${within} where ${column(at, link.foreignKey)} = ${column(alias, 'id')}${scope}`;
}

/** The columns a page's rows carry: the id, the fields shown, the ordering and the to-one relations' keys. */
function rowColumns(node: SqlNode, page: PageSpec): Fragment {
  const needed = new Set(['id', ...node.columns.map((c) => c.column), ...(page.order ? [page.order.column] : [])]);
  for (const { link } of node.relations) if (link.kind === 'one') needed.add(link.foreignKey);
  return raw([...needed].map((c) => `r.${quoted(c)}`).join(', '));
}

/** The rows of the page: the scope, the list's condition and the cursor, in the page's order, one more than asked. */
function rowsSql(node: SqlNode, page: PageSpec, orderBy: (alias: string) => Fragment): Fragment {
  const columns = rowColumns(node, page);
  const from = table(node);
  const conditions = [page.where?.('r'), afterCondition(page)].filter((c): c is Fragment => !!c);
  if (node.scope.kind === 'members' && !page.order && !page.where)
    return membersRowsSql(node, node.scope, page, columns);
  const scope = scopeCondition(node, 'r');
  if (scope && node.scope.kind === 'grids' && !page.order && !page.where) {
    // Inside the caller's grids, in id order, each grid's rows are read from the (grid, id) index up to the
    // page size and merged, so the plan never depends on how the planner guesses the grids' rows spread.
    const where = conditions.length ? sql` and ${joined(conditions, ' and ')}` : raw('');
    const grid = raw(quoted(node.gridColumn!));
    return sql`select x.* from unnest(${intArray((node.scope as { gridIds: number[] }).gridIds)}::int[]) as s(grid_id) cross join lateral (select ${columns} from ${from} r where r.${grid} = s.grid_id${where} order by ${orderBy('r')} limit ${page.limit}) x order by ${orderBy('x')} limit ${page.limit}`;
  }
  const all = [...(scope ? [scope] : []), ...conditions];
  const where = all.length ? sql` where ${joined(all, ' and ')}` : raw('');
  return sql`select ${columns} from ${from} r${where} order by ${orderBy('r')} limit ${page.limit}`;
}

/** After the cursor's row in the page's order: a later value, or the same value and a later id. */
function afterCondition(page: PageSpec): Fragment | null {
  if (!page.after) return null;
  const op = raw(page.descending ? '<' : '>');
  if (!page.order) return sql`r."id" ${op} ${page.after.id}`;
  const { order, after } = { order: page.order, after: page.after };
  const value = () => (order.date ? sql`${after.value}::timestamptz` : sql`${after.value}`);
  const c = column('r', order.column);
  return sql`(${c} ${op} ${value()} or (${c} = ${value()} and r."id" ${op} ${after.id}))`;
}

/**
 * One statement: the page as a JSON array of rows with their relations, and the count of every row of the
 * list (scope and condition, no cursor) when asked.
 */
export function pageSql(node: SqlNode, page: PageSpec): Fragment {
  const dir = page.descending ? 'desc' : 'asc';
  const keys = page.order ? [page.order.column, 'id'] : ['id'];
  const orderBy = (alias: string) => raw(keys.map((c) => `${alias}.${quoted(c)} ${dir}`).join(', '));
  let alias = 0;
  const extra = page.order ? [sql`${raw(`'${ORDER_KEY}', `)}${valueOf('p', page.order)}`] : [];
  const { json, joins } = objectSql(node, 'p', () => `a${alias++}`, extra);
  if (page.withCount && page.countOnce) return matchedPageSql(node, page, orderBy, { json, joins });
  let count = raw('null');
  if (page.withCount) {
    const conditions = [scopeCondition(node, 'r'), page.where?.('r')].filter((c): c is Fragment => !!c);
    const where = conditions.length ? sql` where ${joined(conditions, ' and ')}` : raw('');
    count = sql`(select count(*) from ${table(node)} r${where})`;
  }
  return sql`select coalesce(json_agg(${json} order by ${orderBy('p')}), '[]') as rows, ${count} as total from (${rowsSql(node, page, orderBy)}) p ${joined(joins, ' ')}`;
}

/**
 * The page and the count from one reading of the list's rows, for a list whose condition finds its rows by
 * index lookups (the log's entries about one subject) rather than by walking its order: those rows are all
 * read and sorted for the page anyway, and a separate count would find every one of them a second time.
 */
function matchedPageSql(
  node: SqlNode,
  page: PageSpec,
  orderBy: (alias: string) => Fragment,
  { json, joins }: { json: Fragment; joins: Fragment[] },
): Fragment {
  const conditions = [scopeCondition(node, 'r'), page.where?.('r')].filter((c): c is Fragment => !!c);
  const where = conditions.length ? sql` where ${joined(conditions, ' and ')}` : raw('');
  const after = afterCondition(page);
  const onward = after ? sql` where ${after}` : raw('');
  const matched = sql`select ${rowColumns(node, page)} from ${table(node)} r${where}`;
  const rows = sql`select * from matched r${onward} order by ${orderBy('r')} limit ${page.limit}`;
  return sql`with matched as materialized (${matched}) select coalesce(json_agg(${json} order by ${orderBy('p')}), '[]') as rows, (select count(*) from matched) as total from (${rows}) p ${joined(joins, ' ')}`;
}
