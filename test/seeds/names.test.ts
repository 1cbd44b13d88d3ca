import { mobilePhone } from '../../seeds/contacts';
import { chineseName, COMPOUND_SURNAMES, surname, surnameOf } from '../../seeds/names';
import { Rng } from '../../seeds/prng';

describe('Chinese names', () => {
  const rng = new Rng(2026);
  const names = Array.from({ length: 20_000 }, (_, i) => chineseName(rng, i % 2 ? 'MALE' : 'FEMALE', 1950 + (i % 70)));

  it('includes compound surnames at about one per cent', () => {
    const compound = names.filter((name) => COMPOUND_SURNAMES.some((s) => name.startsWith(s)));
    expect(compound.length).toBeGreaterThan(100);
    expect(compound.length).toBeLessThan(350);
    for (const s of ['欧阳', '司马', '上官', '诸葛', '东方'])
      expect(compound.some((name) => name.startsWith(s))).toBe(true);
  });

  it('follows the common surname ranking: 王, 李 and 张 lead', () => {
    const counts = new Map<string, number>();
    for (const name of names) counts.set(surnameOf(name), (counts.get(surnameOf(name)) ?? 0) + 1);
    const top = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([s]) => s);
    expect(new Set(top)).toEqual(new Set(['王', '李', '张']));
  });

  it('gives one- or two-character given names', () => {
    for (const name of names) {
      const given = name.length - surnameOf(name).length;
      expect(given === 1 || given === 2).toBe(true);
    }
  });

  it('is deterministic', () => {
    const again = new Rng(2026);
    expect(Array.from({ length: 50 }, () => surname(again))).toEqual(
      Array.from(
        { length: 50 },
        (
          (r) => () =>
            surname(r)
        )(new Rng(2026)),
      ),
    );
  });

  it('makes 11-digit mobile numbers with mainland prefixes', () => {
    const phone = mobilePhone(new Rng(5));
    expect(phone).toMatch(/^1[3-9]\d{9}$/);
  });
});
