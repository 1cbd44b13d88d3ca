/**
 * Lets at most `concurrency` tasks run at once and `queue` more wait for a turn; a task beyond both is
 * refused at once (null), so a flood is answered quickly instead of piling up CPU work and memory.
 */
export class WorkGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<{ value: T } | null> {
    if (this.running < this.concurrency) {
      this.running++;
    } else {
      if (this.waiting.length >= this.queue) return null;
      // A finishing task hands its turn over directly, so `running` stays at the bound meanwhile.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return { value: await task() };
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
