import { ResidentsCompiledPageDocument, ResidentsUsualPageDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { answerAndLog } from '../../support/compiled-answers';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('the compiled residents list', () => {
  it.each(['worker.demo', 'leader.demo', 'street.demo', 'center.demo', 'privacy.demo'])(
    'answers %s exactly as the usual path does, with the same access-log entries, on the first and the next page',
    async (username) => {
      const token = await api.tokenFor(username);
      const first = await api.request(ResidentsCompiledPageDocument, { first: 3 }, { token });
      const after = first.data?.residents.pageInfo.endCursor ?? null;
      for (const page of [{ first: 4 }, { first: 4, after }]) {
        const compiled = await answerAndLog(api, () => api.request(ResidentsCompiledPageDocument, page, { token }));
        const usual = await answerAndLog(api, () => api.request(ResidentsUsualPageDocument, page, { token }));
        expect(compiled.response).toEqual(usual.response);
        expect(compiled.log).toEqual(usual.log);
        // The compiled page is answered whole, without graphql-js resolving each of its fields.
        expect([compiled.answeredWhole, usual.answeredWhole]).toEqual([['residents'], undefined]);
        // The caller, the page with its grids and count, the access log: fewer statements than the usual path.
        expect(compiled.sqlStatements).toBeLessThan(usual.sqlStatements!);
      }
      expect(first.data?.residents.edges.length).toBe(3);
    },
  );

  it('reads and logs the fields it serves, masked where the post reads them masked', async () => {
    const token = await api.tokenFor('center.demo');
    const { response, log } = await answerAndLog(api, () =>
      api.request(ResidentsCompiledPageDocument, { first: 2 }, { token }),
    );
    const node = response.data!.residents.edges[0].node;
    expect(node.idNumber).toBeNull();
    expect(response.errors?.map((e) => e.extensions?.field)).toEqual(['Resident.idNumber']);
    expect(response.extensions.masked).toContain('residents.nodes.0.shownName');
    expect(log.filter((row) => row.outcome === 'MASKED').map((row) => row.fields)).toContainEqual([
      'address',
      'birthDate',
      'name',
      'phone',
    ]);
    expect(log.filter((row) => row.outcome === 'DENIED').length).toBe(2);
  });

  it('sends as many statements for a page of 50 as for a page of 5', async () => {
    const token = await api.tokenFor('leader.demo');
    const small = await api.request(ResidentsCompiledPageDocument, { first: 5 }, { token });
    const large = await api.request(ResidentsCompiledPageDocument, { first: 50 }, { token });
    expect(large.data?.residents.edges.length).toBe(50);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('refuses a cursor of another ordering as bad input naming after', async () => {
    const token = await api.tokenFor('worker.demo');
    const response = await api.request(ResidentsCompiledPageDocument, { first: 2, after: 'WzEsMV0.forged' }, { token });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });
});
