import { makeIdNumber } from '../../seeds/id-number';
import type { Cast } from './cast';
import { headersFor, requestBody } from './graphql';
import type { Step, Workload } from './workloads';

const REGISTER = `mutation RegisterResident($input: RegisterResidentInput!) { registerResident(input: $input) { id version } }`;
const UPDATE = `mutation UpdateResident($input: UpdateResidentInput!) { updateResident(input: $input) { id version phone } }`;
const VISIT = `mutation RecordVisit($input: RecordVisitInput!) { recordVisit(input: $input) { id visitedAt } }`;

export const RESIDENT_MUTATIONS = ['registerResident', 'updateResident', 'recordVisit'];

/**
 * New people nobody in the demo district has (a Beijing region code the demo never uses): one birth date
 * per 499 registrations, odd sequence codes, so no run of the workload meets a duplicate.
 */
function newIdNumbers(): () => { idNumber: string; birthDate: string } {
  let n = 0;
  return () => {
    const day = new Date(Date.UTC(1970, 0, 1) + Math.floor(n / 499) * 86_400_000).toISOString().slice(0, 10);
    const idNumber = makeIdNumber('110105', day, (n % 499) * 2 + 1);
    n += 1;
    return { idNumber, birthDate: day };
  };
}

/** W6: a grid worker registers a person in their grid, corrects the phone, and records a visit. */
export function residentWrites(cast: Cast): Workload {
  let turn = 0;
  const nextPerson = newIdNumbers();
  const register: Step = {
    name: 'registerResident',
    next: (state) => {
      const worker = cast.workers[turn++ % cast.workers.length];
      Object.assign(state, { token: worker.token, residentId: undefined });
      const input = {
        grid: worker.gridId,
        name: '压测居民',
        gender: 'MALE',
        ...nextPerson(),
        phone: '13800001111',
        address: '蓬莱区登州街道钟楼社区9号楼',
        residenceType: 'REGISTERED',
      };
      return { headers: headersFor(worker.token), body: requestBody(REGISTER, { input }) };
    },
    after: (data, state) =>
      Object.assign(state, { residentId: data.registerResident.id, version: data.registerResident.version }),
  };
  const update: Step = {
    name: 'updateResident',
    next: (state) =>
      state.residentId
        ? {
            headers: headersFor(state.token as string),
            body: requestBody(UPDATE, {
              input: { id: state.residentId, expectedVersion: state.version, phone: '13900002222' },
            }),
          }
        : null,
  };
  const visit: Step = {
    name: 'recordVisit',
    next: (state) =>
      state.residentId
        ? {
            headers: headersFor(state.token as string),
            body: requestBody(VISIT, {
              input: { resident: state.residentId, visitedAt: new Date().toISOString(), notes: '入户走访，情况正常' },
            }),
          }
        : null,
  };
  return {
    id: 'W6',
    title: 'grid workers: registerResident → updateResident → recordVisit',
    steps: [register, update, visit],
  };
}
