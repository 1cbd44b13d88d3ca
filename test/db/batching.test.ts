import {
  CasesPageDocument,
  ResidentContactPageDocument,
  ResidentsPageDocument,
  WorkersDocument,
} from '../generated/graphql';
import { startTestApi, TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/**
 * Every relation is batched per request: the number of SQL statements a page costs does not depend on
 * how many rows the page holds.
 */
describe('SQL statements per page', () => {
  it('are the same for 10 and 100 residents with grid, household and categories', async () => {
    const token = await api.login('admin.demo');
    const small = await api.request(ResidentsPageDocument, { first: 10 }, { token });
    const large = await api.request(ResidentsPageDocument, { first: 100 }, { token });
    expect(large.data?.residents.edges).toHaveLength(100);
    expect(small.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it("are at most five for a grid worker's page of 50, counting the caller's lookup and the log append", async () => {
    const token = await api.login('worker.demo');
    const response = await api.request(ResidentContactPageDocument, { first: 50 }, { token });
    expect(response.extensions?.accessLogEntries).toBeGreaterThan(0);
    expect(response.extensions?.sqlStatements).toBeGreaterThanOrEqual(3);
    expect(response.extensions?.sqlStatements).toBeLessThanOrEqual(5);
  });

  it('are the same for 10 and 100 cases with category, grid, handler, involved residents and timeline', async () => {
    const token = await api.login('center.demo');
    const small = await api.request(CasesPageDocument, { first: 10 }, { token });
    const large = await api.request(CasesPageDocument, { first: 100 }, { token });
    expect(large.errors).toBeUndefined();
    expect(large.data?.cases.nodes).toHaveLength(100);
    expect(large.data?.cases.nodes.some((node) => node.timeline && node.timeline.length > 0)).toBe(true);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('are the same for 10 and 100 workers with their assigned grids', async () => {
    const token = await api.login('admin.demo');
    const small = await api.request(WorkersDocument, { first: 10 }, { token });
    const large = await api.request(WorkersDocument, { first: 100 }, { token });
    expect(large.data?.workers.nodes.length).toBeGreaterThan(10);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });
});
