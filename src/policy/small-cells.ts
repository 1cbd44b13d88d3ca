/** A count as an aggregate shows it: null and flagged when its group is too small to show. */
export interface CellCount {
  count: number | null;
  suppressed: boolean;
}

/** A share or mean with the size of the group it is computed over. */
export interface CellMeasure {
  value: number | null;
  basis: number | null;
  suppressed: boolean;
}

/**
 * Statistical disclosure control for aggregates shown to partner departments (contract §6): a group of 1 to
 * minimum−1 cases could point at people, so its count, and any share or mean over it, is withheld. Zero
 * points at nobody and is shown. Without a minimum nothing is withheld.
 */
export class SmallCells {
  /** Set once anything was withheld, for the answer's `suppressed` flag. */
  withheldAny = false;

  constructor(private readonly minimum: number | null) {}

  isSmall(n: number): boolean {
    return this.minimum !== null && n > 0 && n < this.minimum;
  }

  count(n: number): CellCount {
    return this.isSmall(n) ? this.withhold({ count: null }) : { count: n, suppressed: false };
  }

  /**
   * Cells that add up to a shown total: a single withheld cell could be recomputed by subtraction, so
   * then the smallest other non-zero cell is withheld with it.
   */
  breakdown(counts: number[]): CellCount[] {
    const withheld = counts.map((n) => this.isSmall(n));
    if (withheld.filter(Boolean).length === 1) {
      const others = counts.map((n, i) => ({ n, i })).filter(({ n, i }) => n > 0 && !withheld[i]);
      others.sort((a, b) => a.n - b.n);
      if (others.length > 0) withheld[others[0].i] = true;
    }
    return counts.map((n, i) => (withheld[i] ? this.withhold({ count: null }) : { count: n, suppressed: false }));
  }

  /** part / basis; withheld if the part, the rest or the whole is a small group. */
  share(part: number, basis: number): CellMeasure {
    if (this.isSmall(basis) || this.isSmall(part) || this.isSmall(basis - part))
      return this.withhold({ value: null, basis: null });
    return { value: basis === 0 ? null : part / basis, basis, suppressed: false };
  }

  mean(value: number | null, basis: number): CellMeasure {
    if (this.isSmall(basis)) return this.withhold({ value: null, basis: null });
    return { value: basis === 0 ? null : value, basis, suppressed: false };
  }

  private withhold<T extends object>(shape: T): T & { suppressed: true } {
    this.withheldAny = true;
    return { ...shape, suppressed: true };
  }
}
