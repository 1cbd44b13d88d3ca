import { EventEmitter, on } from 'node:events';
import { quietLogger } from '../../common/quiet-log';
import { type LiveEvent } from './live-event';

const log = quietLogger();

/** Carries events between the API's instances; each instance hands what arrives to its own subscribers. */
export interface EventBus {
  publish(event: LiveEvent): Promise<void>;
  close(): Promise<void>;
}

/** This instance's subscribers, fed by the bus: one listener per open subscription. */
export class EventHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open subscription is a listener; hundreds are expected on a command-centre instance.
    this.emitter.setMaxListeners(0);
  }

  deliver(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }

  /**
   * The events that pass `accept`, until the subscription ends. A plain iterator over node's `on`: its
   * return removes the listener at once, even while a next() is waiting.
   */
  listen(accept: (event: LiveEvent) => boolean): AsyncIterableIterator<LiveEvent> {
    const events = on(this.emitter, 'event') as AsyncIterableIterator<[LiveEvent]>;
    return {
      async next() {
        for (;;) {
          const next = await events.next();
          if (next.done) return { done: true, value: undefined };
          if (accept(next.value[0])) return { done: false, value: next.value[0] };
        }
      },
      async return() {
        await events.return?.();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}

let current: { bus: EventBus; hub: EventHub } | null = null;

/** Set by the server when it starts; commands publish through it after their commit. */
export function useEventBus(bus: EventBus, hub: EventHub): () => void {
  const mine = { bus, hub };
  current = mine;
  return () => {
    if (current === mine) current = null;
  };
}

export function eventHub(): EventHub {
  if (!current) throw new Error('the event bus is not started');
  return current.hub;
}

/**
 * Publishes after a commit: the change is stored whatever happens to the event, so a bus outage is logged
 * and does not fail the command. Without a started bus (a CLI, a seed) there is nobody to tell.
 */
export function publishLive(event: LiveEvent): void {
  if (!current) return;
  current.bus.publish(event).catch((error: unknown) => log('live event not published', String(error)));
}

/** What the follow-ups of a committed case change need of the case. */
export interface ChangedCase {
  id: number;
  gridPath: string;
  status: string;
  handler?: { id: number } | null;
  department?: { id: number } | null;
  acceptDueAt: Date;
  resolveDueAt: Date;
  dispatchDueAt?: Date | null;
}

type CaseFollowUp = (kase: ChangedCase, change: string) => Promise<void>;
const followUps = new Set<CaseFollowUp>();

/** Registers work that follows every committed case change on the instance that made it (inbox, SLA jobs). */
export function onCaseChange(followUp: CaseFollowUp): () => void {
  followUps.add(followUp);
  return () => followUps.delete(followUp);
}

/** After a case command's commit: the live event (ids and the grid path only), then the follow-ups. */
export function publishCaseChange(kase: ChangedCase, change: string): void {
  publishLive({
    kind: 'case',
    caseId: kase.id,
    gridPath: kase.gridPath,
    status: kase.status,
    change,
    handlerWorkerId: kase.handler?.id ?? null,
    departmentId: kase.department?.id ?? null,
  });
  for (const followUp of followUps)
    followUp(kase, change).catch((error: unknown) => log('case follow-up failed', String(error)));
}
