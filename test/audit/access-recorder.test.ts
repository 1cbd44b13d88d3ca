import { AccessRecorder } from '../../src/audit/access-recorder';
import { AccessAction, AccessOutcome } from '../../src/audit/access-log.enums';

const shown = { basis: 'GRID_SCOPE', rule: 'GRID_WORKER.Resident.grid' };
const { SEARCH, READ } = AccessAction;
const { FULL, MASKED } = AccessOutcome;

function pageOf(recorder: AccessRecorder, ids: number[], fields: readonly string[]): void {
  for (const id of ids) recorder.readFields(SEARCH, 'Resident', id, fields, FULL, shown);
}

describe('the access recorder groups a request’s reads', () => {
  it('makes one entry of the rows of a page read alike, whatever order their fields came in', () => {
    const recorder = new AccessRecorder();
    pageOf(recorder, [30, 10], ['phone', 'name']);
    recorder.read(SEARCH, 'Resident', 20, 'name', FULL, () => shown);
    recorder.read(SEARCH, 'Resident', 20, 'phone', FULL, () => shown);
    expect(recorder.list()).toEqual([
      {
        action: SEARCH,
        entityType: 'Resident',
        entityId: null,
        subjectIds: [10, 20, 30],
        fields: ['name', 'phone'],
        outcome: FULL,
        ...shown,
      },
    ]);
  });

  it('gives a row read with one more field, under another outcome or action an entry of its own', () => {
    const recorder = new AccessRecorder();
    pageOf(recorder, [1, 2, 3], ['name', 'phone']);
    recorder.read(SEARCH, 'Resident', 2, 'idNumber', FULL, () => shown);
    recorder.readFields(SEARCH, 'Resident', 3, ['idNumber'], MASKED, shown);
    recorder.read(READ, 'Resident', 1, 'name', FULL, () => shown);
    const entries = recorder.list().map(({ action, entityId, subjectIds, fields, outcome }) => ({
      action,
      subjects: subjectIds ?? [entityId],
      fields,
      outcome,
    }));
    expect(entries).toEqual(
      expect.arrayContaining([
        { action: SEARCH, subjects: [1, 3], fields: ['name', 'phone'], outcome: FULL },
        { action: SEARCH, subjects: [2], fields: ['idNumber', 'name', 'phone'], outcome: FULL },
        { action: SEARCH, subjects: [3], fields: ['idNumber'], outcome: MASKED },
        { action: READ, subjects: [1], fields: ['name'], outcome: FULL },
      ]),
    );
    expect(entries).toHaveLength(4);
  });

  it('keeps entries without a subject one by one, and sees reads noted after it listed them', () => {
    const recorder = new AccessRecorder();
    recorder.read(READ, 'Statistics', null, 'count', FULL, () => shown);
    expect(recorder.list()).toHaveLength(1);
    pageOf(recorder, [5], ['name']);
    pageOf(recorder, [5], ['name', 'address']);
    const [statistics, resident] = recorder.list();
    expect(statistics).toMatchObject({ entityType: 'Statistics', entityId: null, fields: ['count'] });
    expect(resident).toMatchObject({ entityId: 5, fields: ['address', 'name'] });
    expect(resident.subjectIds).toBeUndefined();
  });
});
