/**
 * A piece of SQL with its parameters in the order their placeholders appear. Pieces are put together by
 * text, so a statement's parameters always follow its text, however its parts were built.
 */
export interface Fragment {
  text: string;
  params: unknown[];
}

const isFragment = (value: unknown): value is Fragment =>
  typeof value === 'object' && value !== null && 'text' in value && 'params' in value;

/** SQL text with `${value}` as a parameter, or as a fragment inlined with its own parameters. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  let text = strings[0];
  const params: unknown[] = [];
  values.forEach((value, index) => {
    if (isFragment(value)) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[index + 1];
  });
  return { text, params };
}

/** Text written by the code itself (identifiers, keywords), never a value from a request. */
export function raw(text: string): Fragment {
  return { text, params: [] };
}

export function joined(parts: Fragment[], separator: string): Fragment {
  return { text: parts.map((part) => part.text).join(separator), params: parts.flatMap((part) => part.params) };
}

export const quoted = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/** A column of an aliased table, quoted. */
export const column = (alias: string, name: string): Fragment => raw(`${alias}.${quoted(name)}`);

/** An int[] parameter as PostgreSQL's array literal (the query builder would spread a JavaScript array). */
export const intArray = (ids: number[]): string => `{${ids.map((id) => Math.trunc(Number(id))).join(',')}}`;

/** A text[] parameter as PostgreSQL's array literal, each element quoted. */
export const textArray = (values: readonly string[]): string =>
  `{${values.map((value) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;

/** A list of constants of the code (an enum's values) as SQL literals, so the planner sees them as such. */
export const literals = (values: readonly string[]): Fragment =>
  raw(values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', '));
