import { GraphQLObjectType, GraphQLSchema } from 'graphql';
import type { TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import type { Caller } from './caller';
import { expectedOutcome, rowCondition, ruleOf } from './decide';
import type { Outcome, Post } from './oracle';
import { relationTarget } from './selection';
import { ELEVATED_ROWS, TABLES } from './sql-terms';

export interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { masked?: string[] };
}

interface Seen {
  type: GraphQLObjectType;
  id: number;
  path: string;
  fields: { name: string; path: string; value: unknown }[];
}

/** One probe's context: who asks, through which entry point, on which schema. */
export interface Probe {
  api: TestApi;
  schema: GraphQLSchema;
  post: Post;
  caller: Caller;
  entry: string;
}

export const decodeId = (id: string) => Number(Buffer.from(id, 'base64url').toString('utf8').split(':')[1]);

/** Every object in an answer (by its __typename) with the fields that came back on it. */
const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

export function collect(schema: GraphQLSchema, value: unknown, path: string, out: Seen[] = []): Seen[] {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    value.forEach((item, index) => collect(schema, item, join(path, index), out));
    return out;
  }
  if (typeof value !== 'object') return out;
  const object = value as Record<string, unknown>;
  // Wrappers without a __typename (the data itself, a connection) are walked through to the objects inside.
  if (!('__typename' in object)) {
    for (const [name, inner] of Object.entries(object)) collect(schema, inner, join(path, name), out);
    return out;
  }
  const type = schema.getType(String(object.__typename)) as GraphQLObjectType;
  const seen: Seen = { type, id: decodeId(String(object.id)), path, fields: [] };
  out.push(seen);
  for (const [name, fieldValue] of Object.entries(object)) {
    if (name === '__typename' || name === 'id') continue;
    seen.fields.push({ name, path: join(path, name), value: fieldValue });
    const field = type.getFields()[name];
    if (field && relationTarget(field)) collect(schema, fieldValue, join(path, name), out);
  }
  return out;
}

async function idsWhere(probe: Probe, type: string, ids: number[], condition: (t: string) => string) {
  const rows = await sql<{ id: string }>(
    probe.api,
    `select t.id from ${TABLES[type]} t where t.id = any($1::bigint[]) and ${condition('t')}`,
    [ids],
  );
  return new Set(rows.map((row) => Number(row.id)));
}

function observed(body: Body, type: string, field: string, path: string, value: unknown, elevated: boolean): Outcome {
  if ((body.extensions?.masked ?? []).includes(path)) return 'MASKED';
  const hidden = new Set((body.errors ?? []).map((e) => e.extensions?.field));
  const coordinates = elevated ? [`${type}.${field}`, `${type}.${field}#elevated`] : [`${type}.${field}`];
  if (value === null && coordinates.some((c) => hidden.has(c))) return 'HIDDEN';
  return 'FULL';
}

const RANK: Record<Outcome, number> = { HIDDEN: 0, MASKED: 1, FULL: 2 };

function compare(probe: Probe, body: Body, s: Seen, f: Seen['fields'][number], up: boolean, where: string): string[] {
  const type = s.type.name;
  const expected = expectedOutcome(probe.post, probe.caller, s.type, f.name, up);
  const got = observed(body, type, f.name, f.path, f.value, up);
  if (expected === got) return [];
  const kind = RANK[got] > RANK[expected] ? 'LEAK' : 'DENIES';
  const detail = got === 'FULL' && f.value === null ? ' (null, without FORBIDDEN)' : '';
  return [`${kind} ${where} ${type}.${f.name}${up ? ' (risen row)' : ''}: expected ${expected}, got ${got}${detail}`];
}

/**
 * Checks an answer against the oracle: every object must be one the post may see, and every field must come
 * back clear, masked or withheld as the oracle says. Returns the failures and the number of field checks.
 */
export async function checkAnswer(probe: Probe, body: Body): Promise<{ failures: string[]; fieldChecks: number }> {
  const seen = collect(probe.schema, body.data ?? null, '');
  const failures: string[] = [];
  let fieldChecks = 0;
  const byType = new Map<string, Seen[]>();
  for (const s of seen) byType.set(s.type.name, [...(byType.get(s.type.name) ?? []), s]);
  for (const [type, objects] of byType) {
    const ids = objects.map((s) => s.id);
    const schemaType = (name: string) => probe.schema.getType(name) as GraphQLObjectType;
    const visible = await idsWhere(probe, type, ids, (t) =>
      rowCondition(probe.post, probe.caller, schemaType, type, t),
    );
    const rises = ELEVATED_ROWS[type];
    const elevated = rises ? await idsWhere(probe, type, ids, rises.where) : new Set<number>();
    const refused = ruleOf(probe.post, type).refused;
    for (const s of objects) {
      const where = `${probe.post.name} ${probe.entry} ${s.path}`;
      fieldChecks += s.fields.length;
      // A row that should not exist is one failure, not one more per field on it.
      if (refused || !visible.has(s.id)) {
        failures.push(`LEAK ${where}: ${type}:${s.id} came back; the post may not see it`);
        continue;
      }
      for (const f of s.fields) failures.push(...compare(probe, body, s, f, elevated.has(s.id), where));
    }
  }
  return { failures, fieldChecks };
}
