/**
 * A cache of at most `size` entries for values derived from a request's text (a document's verdict, a
 * token's check): when full it starts over, and keys longer than `maxKeyLength` are not kept, so a flood of
 * distinct or huge texts costs at most size × maxKeyLength of memory.
 */
export class BoundedCache<T> {
  private readonly entries = new Map<string, T>();
  constructor(
    private readonly size: number,
    private readonly maxKeyLength = 16_384,
  ) {}

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  /** The value kept for the key, or the one `compute` gives, kept for next time. */
  getOrCompute(key: string, compute: () => T): T {
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const value = compute();
    this.set(key, value);
    return value;
  }

  set(key: string, value: T): void {
    if (key.length > this.maxKeyLength) return;
    if (this.entries.size >= this.size) this.entries.clear();
    this.entries.set(key, value);
  }
}
