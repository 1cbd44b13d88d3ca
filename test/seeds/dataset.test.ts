import { DigestSink } from '../../seeds/copy';
import { writeDataset } from '../../seeds/dataset';
import { planFor } from '../../seeds/scale';

const now = new Date('2026-11-28T05:00:00Z');

async function generate(seed: number, at = now) {
  const sink = new DigestSink();
  const facts = await writeDataset(sink, planFor('demo'), {
    now: at,
    seed,
    passwordHash: 'hash',
    log: () => undefined,
  });
  return { sink, facts };
}

describe('demo data set', () => {
  it('is byte-identical for the same seed and clock', async () => {
    expect((await generate(370614)).sink.digests()).toEqual((await generate(370614)).sink.digests());
  });

  it('keeps everything but the delegation window the same later on the same day', async () => {
    const { delegation: a, ...first } = (await generate(370614)).sink.digests();
    const { delegation: b, ...later } = (await generate(370614, new Date('2026-11-28T15:30:00Z'))).sink.digests();
    expect(later).toEqual(first);
    expect(b).not.toBe(a);
  });

  it('differs for another seed', async () => {
    expect((await generate(1)).sink.digests().resident).not.toBe((await generate(2)).sink.digests().resident);
  });

  it('has the sizes of contract §11 and the facts the demo logins rely on', async () => {
    const { sink, facts } = await generate(370614);
    expect(sink.counts.resident).toBe(5_000);
    expect(sink.counts.cases).toBe(2_000);
    expect(sink.counts.app_user).toBe(8);
    expect(sink.counts.delegation).toBe(1);
    expect(sink.counts.department).toBe(8);
    expect(sink.counts.special_category).toBe(9);
    for (const table of [
      'worker',
      'visit',
      'patrol_track',
      'training_record',
      'assessment',
      'case_event',
      'resident_category',
      'household',
    ]) {
      expect(sink.counts[table]).toBeGreaterThan(0);
    }
    expect(sink.counts.access_log).toBeUndefined();
    expect(facts.demoGridName).toBe('钟楼社区第1网格');
    expect(facts.elderlyAloneInDelegatedStreet).toBeGreaterThanOrEqual(20);
    expect(facts.demoResidentId).toBeGreaterThan(0);
  });
});
