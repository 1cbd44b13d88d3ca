import { ageBandOf } from '../../../src/modules/resident/resident.service';

describe('age bands', () => {
  const today = new Date('2026-11-28T08:00:00Z');

  it('count a birthday not yet reached this year', () => {
    expect(ageBandOf('1956-11-29', today)).toBe('60-69');
    expect(ageBandOf('1956-11-28', today)).toBe('70-79');
  });

  it('cover the whole range from children to the very old', () => {
    expect(ageBandOf('2020-01-01', today)).toBe('0-17');
    expect(ageBandOf('2008-11-28', today)).toBe('18-34');
    expect(ageBandOf('1980-05-01', today)).toBe('35-59');
    expect(ageBandOf('1930-05-01', today)).toBe('80+');
  });
});
