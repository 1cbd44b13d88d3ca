import { AccessAction, AccessOutcome } from './access-log.enums';

/** What the log records of one entity read in one request: never values, only which fields. */
export interface AccessEntry {
  action: AccessAction;
  entityType: string;
  entityId: number | null;
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
    const key = `${type}:${id}:${outcome}:${action}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const { basis, rule } = explain();
      entry = { action, entityType: type, entityId: id, fields: [], fieldSet: new Set(), outcome, basis, rule };
      this.entries.set(key, entry);
    }
    entry.fieldSet.add(field);
  }

  denied(action: AccessAction, type: string, id: number | null, field: string | null, explanation: Explanation): void {
    this.read(action, type, id, field ?? '*', AccessOutcome.DENIED, () => explanation);
  }

  /**
   * A login's outcome (a security event): the credential checked, never its value, and the user only when
   * one is known. Events are kept one by one, not merged: a failure and the lockout it caused are two.
   */
  login(outcome: AccessOutcome, userId: number | null, rule: string): void {
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

  list(): AccessEntry[] {
    const reads = [...this.entries.values()].map(({ fieldSet, ...entry }) => ({
      ...entry,
      fields: [...fieldSet].sort(),
    }));
    return [...this.events, ...reads];
  }
}
