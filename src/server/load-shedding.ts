import type { RequestHandler, Response } from 'express';
import type { Config } from '../config/config';
import { apiError } from '../common/errors';

export interface SheddingLimits {
  /** Slots of work executing at once; an operation takes one slot per `slotCost` of its cost. */
  slots: number;
  slotCost: number;
  /** Operations allowed to wait for slots, and for how long, before they are answered SERVICE_UNAVAILABLE. */
  queued: number;
  queueTimeoutMs: number;
  /** Extra slots only light operations (cost up to LIGHT_COST) may take when the others are all taken. */
  reserved: number;
}

/**
 * A light operation: one object and a handful of fields (`{ me { id username role } }` costs 9, a page of
 * five residents 26). It holds little memory and one connection briefly, so it need not queue behind work
 * that is heavy or stuck on a lock.
 */
export const LIGHT_COST = 10;

export function sheddingOf(config: Config): SheddingLimits {
  return {
    slots: config.MAX_CONCURRENT_OPERATIONS,
    slotCost: config.OPERATION_SLOT_COST,
    queued: config.MAX_QUEUED_OPERATIONS,
    queueTimeoutMs: config.QUEUE_TIMEOUT_MS,
    // The pool has room for them: DB_POOL_MAX defaults above MAX_CONCURRENT_OPERATIONS by at least this.
    reserved: Math.max(2, Math.ceil(config.MAX_CONCURRENT_OPERATIONS / 5)),
  };
}

/** How long a shed client should wait: the work ahead of it finishes in about that time. */
const RETRY_AFTER_SECONDS = 1;

export interface LoadShedding {
  /** Mounted first: with the queue full, a request is refused before its body is read or its cost computed. */
  whenFull: RequestHandler;
  /** Wraps the GraphQL endpoint: it runs only while the operation fits in the slots. */
  admit(handler: RequestHandler): RequestHandler;
}

/**
 * Bounds the work executing at once, so the memory and connections it holds stay bounded. Over the bound, a
 * request waits in a bounded queue for at most `queueTimeoutMs`; a full queue or a wait too long answers
 * SERVICE_UNAVAILABLE (503, Retry-After) before any SQL. The overload is the server's, not the caller's rate,
 * hence not RATE_LIMITED. Slots are released when the handler finishes, not when the client disconnects:
 * abandoned work still executes, and must still count. A light operation finding every slot taken runs in
 * a small reserve instead of queueing: `me` answers while heavy or lock-blocked work holds the slots. Health
 * is answered before express (health.ts) and never waits.
 */
export function loadShedding(limits: SheddingLimits): LoadShedding {
  const gate = new Gate(limits.slots);
  const reserve = new Gate(limits.reserved);
  // Requests past whenFull whose body is still being read: in a burst they all arrive before any is queued.
  let arriving = 0;
  const full = () => gate.waiting >= limits.queued;
  return {
    whenFull: (_req, res, next) => {
      // The reserve's free slots count too: the cost, hence whether the operation is light, is not known yet.
      if (gate.waiting + arriving >= limits.queued + gate.free + reserve.free)
        return shed(res, 'The server is at capacity');
      arriving++;
      let counted = true;
      res.locals.arrived = () => {
        if (counted) arriving--;
        counted = false;
      };
      res.once('close', res.locals.arrived);
      next();
    },
    admit: (handler) => async (req, res, next) => {
      res.locals.arrived?.();
      const weight = weightOf(res, limits);
      let lane = gate;
      if (!gate.tryEnter(weight)) {
        if (isLight(res) && reserve.tryEnter(1)) lane = reserve;
        else if (full()) return shed(res, 'The server is at capacity');
        else {
          const admitted = await gate.wait(weight, limits.queueTimeoutMs, res);
          if (admitted === 'gone') return;
          if (admitted === 'late') return shed(res, `No capacity within ${limits.queueTimeoutMs} ms`);
        }
      }
      try {
        await handler(req, res, next);
      } finally {
        lane.leave(lane === gate ? weight : 1);
      }
    },
  };
}

function isLight(res: Response): boolean {
  const cost = res.locals.queryCost;
  return typeof cost === 'number' && cost <= LIGHT_COST;
}

/** The cost query-limits computed (null for documents it could not cost) in slots, at most all of them. */
function weightOf(res: Response, limits: SheddingLimits): number {
  const cost = res.locals.queryCost;
  if (typeof cost !== 'number' || !Number.isFinite(cost)) return 1;
  return Math.min(limits.slots, Math.max(1, Math.ceil(cost / limits.slotCost)));
}

function shed(res: Response, reason: string): void {
  const error = apiError('SERVICE_UNAVAILABLE', `${reason}; retry in ${RETRY_AFTER_SECONDS} s`, {
    retryAfter: RETRY_AFTER_SECONDS,
  });
  res
    .status(503)
    .set('retry-after', String(RETRY_AFTER_SECONDS))
    .json({ errors: [error.toJSON()] });
}

interface Waiter {
  weight: number;
  admit(): void;
}

/**
 * A weighted semaphore admitting in arrival order: a heavy operation at the head is not overtaken by light
 * ones behind it (it would starve), and a newcomer does not pass anyone already waiting.
 */
class Gate {
  private used = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly capacity: number) {}

  get waiting(): number {
    return this.queue.length;
  }

  /** Slots not taken, for requests of unknown weight: one each at least. */
  get free(): number {
    return this.capacity - this.used;
  }

  tryEnter(weight: number): boolean {
    if (this.queue.length > 0 || this.used + weight > this.capacity) return false;
    this.used += weight;
    return true;
  }

  /** Resolves 'admitted' with the slots taken, 'late' after the timeout, 'gone' if the client left first. */
  wait(weight: number, timeoutMs: number, res: Response): Promise<'admitted' | 'late' | 'gone'> {
    return new Promise((resolve) => {
      const settle = (outcome: 'admitted' | 'late' | 'gone') => {
        clearTimeout(timer);
        res.off('close', gone);
        if (outcome !== 'admitted') this.remove(waiter);
        resolve(outcome);
      };
      const waiter: Waiter = { weight, admit: () => settle('admitted') };
      const timer = setTimeout(() => settle('late'), timeoutMs);
      const gone = () => settle('gone');
      res.once('close', gone);
      this.queue.push(waiter);
    });
  }

  leave(weight: number): void {
    this.used -= weight;
    this.admitWaiting();
  }

  private remove(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    if (index >= 0) this.queue.splice(index, 1);
    // The head leaving may let the ones behind it in.
    if (index === 0) this.admitWaiting();
  }

  private admitWaiting(): void {
    while (this.queue.length > 0 && this.used + this.queue[0].weight <= this.capacity) {
      const next = this.queue.shift()!;
      this.used += next.weight;
      next.admit();
    }
  }
}
