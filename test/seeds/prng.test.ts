import { apportion, Rng, WeightedTable } from '../../seeds/prng';

describe('seeded random numbers', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 5 },
        (
          (rng) => () =>
            rng.next()
        )(new Rng(seed)),
      );
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('derives independent named streams', () => {
    const root = new Rng(7);
    expect(root.derive('cases', 1).next()).toBe(new Rng(7).derive('cases', 1).next());
    expect(root.derive('cases', 1).next()).not.toBe(root.derive('cases', 2).next());
  });

  it('keeps integers within bounds', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
    }
  });

  it('apportions a total exactly by weight', () => {
    const shares = apportion(100, [1, 1, 1]);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    expect(apportion(450_000, [0.7, 1.3, 2.1, 0.05]).reduce((a, b) => a + b, 0)).toBe(450_000);
  });

  it('draws weighted items roughly in proportion', () => {
    const table = new WeightedTable([
      ['a', 9],
      ['b', 1],
    ] as const);
    const rng = new Rng(3);
    let a = 0;
    for (let i = 0; i < 10_000; i++) if (table.draw(rng) === 'a') a++;
    expect(a).toBeGreaterThan(8_700);
    expect(a).toBeLessThan(9_300);
  });
});
