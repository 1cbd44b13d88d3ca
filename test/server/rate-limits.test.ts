import { print } from 'graphql';
import { MeDocument, ResidentsPageDocument } from '../generated/graphql';
import { startTestApi, TestApi } from '../support/api';
import { codeOf, expectRateLimited, post } from '../support/rate-limits';

/** 20,000 points a minute per user (one 500-row page costs about 15,000; a small query 100). */
let api: TestApi;
/** 1,000 points a minute per address: ten small requests. */
let perAddress: TestApi;
beforeAll(async () => {
  [api, perAddress] = await Promise.all([
    startTestApi({ RATE_LIMIT_USER_POINTS: '20000', RATE_LIMIT_IP_POINTS: '1000000' }),
    startTestApi({ RATE_LIMIT_IP_POINTS: '1000' }),
  ]);
});
afterAll(() => Promise.all([api.close(), perAddress.close()]));

const bigPage = { query: print(ResidentsPageDocument), variables: { first: 500 } };
const me = { query: print(MeDocument) };

describe('operation rate limits', () => {
  it('spends the query cost: a second large page is refused while a small query of another user passes', async () => {
    const [admin, worker] = [await api.login('admin.demo'), await api.login('worker.demo')];
    const first = await post(api, bigPage, admin);
    expect(first.errors).toBeUndefined();
    const second = await post(api, bigPage, admin);
    expectRateLimited(second, 60);
    expect(second.data).toBeUndefined();
    // Per user: the other user's 50 small queries (100 points each) all pass in the same minute.
    for (let i = 0; i < 50; i++) expect(codeOf(await post(api, me, worker))).toBeNull();
    // The refused user stays refused for small queries too, until the window ends.
    expectRateLimited(await post(api, me, admin), 60);
  });

  it('limits an address whoever asks, with or without a token, before any SQL', async () => {
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await post(perAddress, { query: '{ health }' }));
    expect(answers.slice(0, 10).map(codeOf)).toEqual(Array(10).fill(null));
    for (const answer of answers.slice(10)) expectRateLimited(answer, 60);
    // A refused request runs no statement: not even the context's authentication of a token.
    const refused = await post(perAddress, me, 'not.a.token');
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
  });
});
