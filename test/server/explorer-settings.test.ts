import { startTestApi, TestApi } from '../support/api';

const production = { NODE_ENV: 'production', JWT_SECRET: 'explorer-test-secret-0123456789abcdefgh' };
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const asBrowser = (url: string) => fetch(url, { headers: { accept: BROWSER_ACCEPT } });
const assetsOf = (url: string) => new URL('/explorer/', url).href;

describe('explorer settings', () => {
  let api: TestApi;
  afterEach(() => api.close());

  it('is off in production by default, with no landing page of Apollo either', async () => {
    api = await startTestApi(production);
    const page = await asBrowser(api.url);
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toContain('application/json');
    expect(await page.text()).not.toMatch(/<html|apollographql|cdn\./i);
    expect((await fetch(`${assetsOf(api.url)}start.js`)).status).toBe(404);
  });

  it('is served in production with GRAPHQL_EXPLORER=on, from this server only', async () => {
    api = await startTestApi({ ...production, GRAPHQL_EXPLORER: 'on' });
    const page = await asBrowser(api.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('vary')).toMatch(/accept/i);
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources.length).toBe(5);
    for (const source of sources) {
      expect(source).toMatch(/^\/explorer\//);
      const asset = await fetch(new URL(source, api.url));
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript|text\/css/);
      expect((await asset.text()).length).toBeGreaterThan(300);
    }
  });

  it('leaves /graphql to API clients: a GET query and a POST still answer JSON', async () => {
    api = await startTestApi({ ...production, GRAPHQL_EXPLORER: 'on' });
    const get = await fetch(`${api.url}?query=${encodeURIComponent('{ health }')}`, {
      headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true' },
    });
    expect(get.headers.get('content-type')).toContain('application/json');
    expect(await get.json()).toMatchObject({ data: { health: expect.any(String) } });
    expect(await api.raw({ query: '{ __typename }' })).toMatchObject({
      status: 200,
      body: { data: { __typename: 'Query' } },
    });
  });
});
