import { transitionFor } from '../../src/modules/case/case-workflow';
import { CaseStatus } from '../../src/modules/case/case.enums';
import { CASE_CATEGORIES } from '../../seeds/catalogue';
import { drawOutcome, planSteps, Step } from '../../seeds/case-flow';
import { Rng } from '../../seeds/prng';

/** Replays seeded timelines through the service's own workflow table, so seeded cases are ones the API could have made. */
describe('seeded case timelines', () => {
  const rng = new Rng(11);
  const timelines: Array<{ code: string; level: number | null; steps: Step[] }> = [];
  for (let i = 0; i < 4000; i++) {
    const category = CASE_CATEGORIES[i % CASE_CATEGORIES.length];
    timelines.push({
      code: category.code,
      level: category.handlingLevel,
      steps: planSteps(rng, category, drawOutcome(rng, category), 'GRID_WORKER'),
    });
  }

  it('start with a report and take only moves the workflow allows', () => {
    for (const { steps } of timelines) {
      expect(steps[0]).toMatchObject({ action: 'report', from: null, to: 'REPORTED', holding: 3 });
      for (const step of steps.slice(1)) {
        const transition = transitionFor(step.action, step.from as CaseStatus);
        expect(transition && { action: step.action, from: step.from, to: transition.to }).toEqual({
          action: step.action,
          from: step.from,
          to: step.to,
        });
      }
    }
  });

  it('escalate one level at a time, dispatch only from the command centre, resolve within the holder’s reach', () => {
    for (const { level, steps } of timelines) {
      steps.forEach((step, i) => {
        const before = i > 0 ? steps[i - 1].holding : 3;
        if (step.action === 'escalate') expect(step.holding).toBe(before - 1);
        else expect(step.holding).toBe(before);
        if (step.action === 'dispatch') expect(step.holding).toBe(0);
        if (step.action === 'resolve' && step.from === 'IN_PROGRESS') {
          expect(level).not.toBeNull();
          expect(step.holding).toBeLessThanOrEqual(level as number);
        }
        if (step.action === 'resolve' && step.from === 'DISPATCHED') expect(step.department).not.toBeNull();
      });
    }
  });

  it('reaches every status', () => {
    const reached = new Set(timelines.map(({ steps }) => steps[steps.length - 1].to));
    expect([...reached].sort()).toEqual(Object.values(CaseStatus).sort());
  });
});
