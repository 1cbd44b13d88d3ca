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

/**
 * Collects a request's sensitive reads and refusals as they are resolved, one entry per entity and
 * outcome with the list of fields, to be written once when the response is ready. Reads answered from
 * a loader's cache pass through here like any other, so they are recorded alike.
 */
export class AccessRecorder {
  private readonly entries = new Map<string, AccessEntry & { fieldSet: Set<string> }>();
  private readonly rootActions = new Map<string, AccessAction>();
  private readonly events: AccessEntry[] = [];
  /** The grouped list, kept until the next read is noted (the count, the log line and the append ask). */
  private listed: AccessEntry[] | null = null;

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
    this.entryOf(action, type, id, outcome, explain).fieldSet.add(field);
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
    const { fieldSet } = this.entryOf(action, type, id, outcome, () => explanation);
    for (const field of fields) fieldSet.add(field);
  }

  private entryOf(
    action: AccessAction,
    type: string,
    id: number | null,
    outcome: AccessOutcome,
    explain: () => Explanation,
  ): AccessEntry & { fieldSet: Set<string> } {
    this.listed = null;
    const key = `${type}:${id}:${outcome}:${action}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const { basis, rule } = explain();
      entry = { action, entityType: type, entityId: id, fields: [], fieldSet: new Set(), outcome, basis, rule };
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
    const groups = new Map<string, AccessEntry & { ids: number[] }>();
    const single: AccessEntry[] = [];
    for (const { fieldSet, ...entry } of this.entries.values()) {
      const fields = [...fieldSet].sort();
      if (entry.entityId === null) {
        single.push({ ...entry, fields });
        continue;
      }
      const key = [entry.action, entry.entityType, entry.outcome, entry.basis, entry.rule, fields.join(',')].join('|');
      const group = groups.get(key) ?? { ...entry, fields, ids: [] };
      group.ids.push(entry.entityId);
      groups.set(key, group);
    }
    const grouped = [...groups.values()].map(({ ids, ...entry }) =>
      ids.length === 1 ? entry : { ...entry, entityId: null, subjectIds: ids.sort((a, b) => a - b) },
    );
    return [...this.events, ...single, ...grouped];
  }
}
