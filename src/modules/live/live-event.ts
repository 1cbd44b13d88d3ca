/**
 * What travels on the bus between instances: ids and routing facts only, never a personal value. Each
 * subscriber loads the row itself through its own row policy, so the bus never decides who may see what.
 */
export type LiveEvent =
  | {
      kind: 'case';
      caseId: number;
      gridPath: string;
      status: string;
      /** The command that changed the case ('report', 'dispatch', 'assignHandler', …). */
      change: string;
      handlerWorkerId: number | null;
      departmentId: number | null;
    }
  | { kind: 'sla'; caseId: number; gridPath: string; deadline: string; deadlineKind: string }
  | { kind: 'emergency'; emergencyAccessId: number };

/** Accepts only well-formed events from the bus: another instance's bug must not crash this one. */
export function parseLiveEvent(text: string): LiveEvent | null {
  try {
    const value = JSON.parse(text) as { kind?: unknown };
    return value && ['case', 'sla', 'emergency'].includes(String(value.kind)) ? (value as LiveEvent) : null;
  } catch {
    return null;
  }
}
