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

/** The routing facts of a case after a committed change: ids and the grid path only. */
export function publishCaseChange(
  kase: {
    id: number;
    gridPath: string;
    status: string;
    handler?: { id: number } | null;
    department?: { id: number } | null;
  },
  change: string,
): void {
  publishLive({
    kind: 'case',
    caseId: kase.id,
    gridPath: kase.gridPath,
    status: kase.status,
    change,
    handlerWorkerId: kase.handler?.id ?? null,
    departmentId: kase.department?.id ?? null,
  });
}
