import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApi, TestApi } from '../support/api';

/** Debian's build of Chromium; the test drives it with playwright-core and no browser download. */
const CHROMIUM = '/usr/bin/chromium';
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

let api: TestApi;
let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The explorer test needs Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\``);
  }
  api = await startTestApi();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: 20_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** What the test reads inside the page (it compiles without the DOM's types). */
interface InPage {
  cspViolations: string[];
  document: { querySelector(selector: string): { CodeMirror?: { operationName?: string | null } } | null };
}

/** A page on which every request to another host is refused and noted, as on an intranet. */
async function intranetPage(): Promise<{ page: Page; leaks: string[]; errors: string[] }> {
  const context = await browser.newContext();
  const leaks: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (LOCAL_HOSTS.has(url.hostname)) return route.continue();
    leaks.push(url.href);
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket(/.*/, (socket) => {
    leaks.push(socket.url());
    return socket.close();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  // Runs before the page's own scripts: every content-security-policy refusal is kept for the assertions.
  await page.addInitScript({
    content: `window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
      });`,
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, leaks, errors };
}

/** Replaces the text of one of GraphiQL's editors as a user's paste would. */
async function paste(page: Page, editor: string, text: string): Promise<void> {
  await page.locator(`${editor} .CodeMirror`).filter({ visible: true }).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

/** GraphiQL parses the query editor shortly after a change; running before that would send the old name. */
async function pasteOperation(page: Page, name: string, text: string): Promise<void> {
  await paste(page, '.graphiql-query-editor', text);
  await page.waitForFunction((expected) => {
    const { document } = globalThis as unknown as InPage;
    return document.querySelector('.graphiql-query-editor .CodeMirror')?.CodeMirror?.operationName === expected;
  }, name);
}

async function runAndRead(page: Page, expected: string): Promise<string> {
  await page.locator('.graphiql-execute-button').click();
  const result = page.locator('.graphiql-response .CodeMirror-code');
  await result.filter({ hasText: expected }).waitFor();
  return result.innerText();
}

describe('the explorer', () => {
  it('runs a login and a query in Chromium with no request leaving the machine', async () => {
    const { page, leaks, errors } = await intranetPage();
    const response = await page.goto(api.url);
    expect(response?.status()).toBe(200);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toMatch(/style-src 'self'(;|$)/);
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();

    const login = 'mutation Login { login(username: "worker.demo", password: "demo-password") { token } }';
    await pasteOperation(page, 'Login', login);
    const token = /"token":\s*"([^"]+)"/.exec(await runAndRead(page, '"token"'))?.[1];
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    await page.getByRole('button', { name: 'Headers' }).click();
    await paste(page, '.graphiql-editor-tool', JSON.stringify({ authorization: `Bearer ${token}` }));
    await pasteOperation(page, 'Me', 'query Me { me { id username } }');
    const me = await runAndRead(page, 'worker.demo');
    expect(me).toContain('"username": "worker.demo"');

    expect(leaks).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as InPage).cspViolations)).toEqual([]);
  }, 55_000);
});
