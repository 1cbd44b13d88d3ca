import { AccessAction, AccessOutcome } from './access-log.enums';

/** What the log records of one entity read in one request: never values, only which fields. */
export interface AccessEntry {
  action: AccessAction;
  entityType: string;
  /** The one subject of the entry; null when there is none, or several (then in `subjectIds`). */
  entityId: number | null;
  /** The subjects of an entry covering two or more entities read alike, in id order. */
  subjectIds?: number[];
  fields: string[];
  outcome: AccessOutcome;
  basis: string;
  rule: string | null;
}

export interface Explanation {
  basis: string;
  rule: string;
}

type OpenEntry = Omit<AccessEntry, 'fields'> & {
  /** The fields read so far, sorted: one shared list for every entity read with the same fields. */
  fields: readonly string[];
  /** Everything but the subject and the fields that an entry is grouped by. */
  head: string;
};

/**
 * Collects a request's sensitive reads and refusals as they are resolved, one entry per entity and
 * outcome with the list of fields, to be written once when the response is ready. Reads answered from
 * a loader's cache pass through here like any other, so they are recorded alike.
 */
export class AccessRecorder {
  private readonly entries = new Map<string, OpenEntry>();
  private readonly rootActions = new Map<string, AccessAction>();
  private readonly events: AccessEntry[] = [];
  /** The grouped list, kept until the next read is noted (the count, the log line and the append ask). */
  private listed: AccessEntry[] | null = null;
  /** Each distinct sorted field list once: entities read alike share it, and are grouped by it. */
  private readonly fieldLists = new Map<string, readonly string[]>();
  /** A caller's field list (a compiled page passes the same one for every row) as its shared sorted form. */
  private readonly sharedForms = new WeakMap<readonly string[], readonly string[]>();
  /** A shared list with one more field, by list and field: each row's fields added one at a time sort once. */
  private readonly extensions = new Map<readonly string[], Map<string, readonly string[]>>();

  /** Notes whether a top-level field is a lookup (READ) or a list (SEARCH); nested reads inherit it. */
  rootField(responseKey: string, action: AccessAction): void {
    this.rootActions.set(responseKey, action);
  }

  actionOf(rootKey: string): AccessAction {
    return this.rootActions.get(rootKey) ?? AccessAction.READ;
  }

  read(
    action: AccessAction,
    type: string,
    id: number | null,
    field: string,
    outcome: AccessOutcome,
    explain: () => Explanation,
  ): void {
    const entry = this.entryOf(action, type, id, outcome, explain);
    if (entry.fields.includes(field)) return;
    let byField = this.extensions.get(entry.fields);
    if (!byField) this.extensions.set(entry.fields, (byField = new Map()));
    let extended = byField.get(field);
    if (!extended) byField.set(field, (extended = this.sharedList([...entry.fields, field])));
    entry.fields = extended;
  }

  /** Several fields of one row read alike (a compiled page's row): one lookup for all of them. */
  readFields(
    action: AccessAction,
    type: string,
    id: number,
    fields: readonly string[],
    outcome: AccessOutcome,
    explanation: Explanation,
  ): void {
    const entry = this.entryOf(action, type, id, outcome, () => explanation);
    let shared = this.sharedForms.get(fields);
    if (!shared) this.sharedForms.set(fields, (shared = this.sharedList(fields)));
    if (entry.fields.length === 0) entry.fields = shared;
    else if (entry.fields !== shared) entry.fields = this.sharedList([...entry.fields, ...fields]);
  }

  private sharedList(fields: readonly string[]): readonly string[] {
    const sorted = [...new Set(fields)].sort();
    const key = sorted.join(',');
    let shared = this.fieldLists.get(key);
    if (!shared) this.fieldLists.set(key, (shared = sorted));
    return shared;
  }

  private entryOf(
    action: AccessAction,
    type: string,
    id: number | null,
    outcome: AccessOutcome,
    explain: () => Explanation,
  ): OpenEntry {
    this.listed = null;
    const key = `${type}:${id}:${outcome}:${action}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const { basis, rule } = explain();
      const head = `${action}|${type}|${outcome}|${basis}|${rule}`;
      entry = { action, entityType: type, entityId: id, fields: [], outcome, basis, rule, head };
      this.entries.set(key, entry);
    }
    return entry;
  }

  denied(action: AccessAction, type: string, id: number | null, field: string | null, explanation: Explanation): void {
    this.read(action, type, id, field ?? '*', AccessOutcome.DENIED, () => explanation);
  }

  /**
   * A login's outcome (a security event): the credential checked, never its value, and the user only when
   * one is known. Events are kept one by one, not merged: a failure and the lockout it caused are two.
   */
  login(outcome: AccessOutcome, userId: number | null, rule: string): void {
    this.listed = null;
    this.events.push({
      action: AccessAction.READ,
      entityType: 'Login',
      entityId: userId,
      fields: ['password'],
      outcome,
      basis: 'AUTHENTICATION',
      rule,
    });
  }

  get isEmpty(): boolean {
    return this.entries.size === 0 && this.events.length === 0;
  }

  /**
   * The request's entries: events one by one, then the reads grouped, one entry per type, action, outcome,
   * basis, rule and set of fields, naming every subject it covers. A page of 50 residents read alike is one
   * entry; a resident whose fields differ from the others' (one masked, say) is an entry of its own.
   */
  list(): AccessEntry[] {
    this.listed ??= this.grouped();
    return this.listed;
  }

  private grouped(): AccessEntry[] {
    // By field list first (shared lists compare by identity), then by what else an entry says.
    const groups = new Map<readonly string[], Map<string, { first: OpenEntry; ids: number[] }>>();
    const single: AccessEntry[] = [];
    for (const entry of this.entries.values()) {
      if (entry.entityId === null) {
        single.push(closed(entry));
        continue;
      }
      let byHead = groups.get(entry.fields);
      if (!byHead) groups.set(entry.fields, (byHead = new Map()));
      const group = byHead.get(entry.head);
      if (group) group.ids.push(entry.entityId);
      else byHead.set(entry.head, { first: entry, ids: [entry.entityId] });
    }
    const grouped: AccessEntry[] = [];
    for (const byHead of groups.values()) {
      for (const { first, ids } of byHead.values()) {
        const entry = closed(first);
        grouped.push(ids.length === 1 ? entry : { ...entry, entityId: null, subjectIds: ids.sort((a, b) => a - b) });
      }
    }
    return [...this.events, ...single, ...grouped];
  }
}

function closed({ action, entityType, entityId, fields, outcome, basis, rule }: OpenEntry): AccessEntry {
  return { action, entityType, entityId, fields: [...fields], outcome, basis, rule };
}
