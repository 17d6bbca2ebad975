import type { Request } from 'playwright-core';
import { cspViolations, watchCspViolations } from '../helpers/browser';
import {
  browserStorage,
  checkScreen,
  consoleSuite,
  describeWithChromium,
  eventually,
  signIn,
} from '../helpers/console-suite';

describeWithChromium('console: API explorer (bundled GraphiQL)', () => {
  const suite = consoleSuite();

  it('runs a query as the session, loads nothing from another origin, breaks no CSP rule and keeps the token out of localStorage and the URL', async () => {
    const { page, messages } = await suite.newPage();
    await watchCspViolations(page);
    const requests: Request[] = [];
    // context-wide, so that requests of GraphiQL's web workers are seen too
    page.context().on('request', (request) => requests.push(request));
    await signIn(page, suite.kw.url);
    const token = JSON.parse((await browserStorage(page)).session)['keyward.session'] as string;
    expect(token).toBeTruthy();

    await page.getByRole('link', { name: 'API explorer' }).click();
    await page.waitForURL(/\/console\/explorer$/);
    await expect(page.getByTestId('rest-docs-link').getAttribute('href')).resolves.toBe('/docs');
    await expect(page.getByTestId('sandbox-link').getAttribute('href')).resolves.toBe('/graphql');
    // the operation editor (Monaco) is ready once it shows the default query
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await eventually(
      async () => expect((await editor.innerText()).replace(/\s+/g, ' ')).toContain('query Me {'),
      30_000,
    );

    await editor.click();
    await page.keyboard.press('Control+A');
    // named like the default query: GraphiQL re-parses the operation name on a debounce, and a run
    // right after the edit may still send the old name
    await page.keyboard.insertText('query Me { me { tenant { name } } }');
    // Monaco auto-closes the braces: drop what it added after the cursor
    await page.keyboard.press('Control+Shift+End');
    await page.keyboard.press('Delete');
    const sent = page.waitForRequest(
      (r) =>
        r.url() === `${suite.kw.url}/graphql` &&
        r.method() === 'POST' &&
        (r.postData() ?? '').includes('me { tenant { name } }'),
    );
    await page.getByRole('button', { name: /Execute query/ }).click();
    const request = await sent;
    expect(request.headers().authorization).toBe(`Bearer ${token}`);

    // the answer is the API's own: the tenant the session belongs to
    const expected = await suite.kw.server.gql<{ me: { tenant: { name: string } } }>(
      '{ me { tenant { name } } }',
      {},
      { token },
    );
    const tenantName = expected.data!.me.tenant.name;
    const response = page.locator('.graphiql-response .monaco-editor').first();
    await eventually(async () => {
      const text = (await response.innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(`"name": "${tenantName}"`);
    }, 20_000);

    const storage = await browserStorage(page);
    expect(storage.local).not.toContain(token);
    expect(storage.url).not.toContain(token);
    expect(requests.map((r) => r.url()).filter((url) => url.includes(token))).toEqual([]);
    expect(messages.join('\n')).not.toContain(token);

    // everything (scripts, workers, styles, fonts) came from this server
    const origin = new URL(suite.kw.url).origin;
    const elsewhere = requests
      .map((r) => r.url())
      .filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
    expect(elsewhere).toEqual([]);
    expect(requests.some((r) => /\/console\/assets\/.*worker.*\.js$/.test(r.url()))).toBe(true);
    expect(await cspViolations(page)).toEqual([]);
    expect(messages.filter((m) => /Content Security Policy|Refused to/i.test(m))).toEqual([]);
    // GraphiQL's tab list nests a close button inside each role="tab" (axe: nested-interactive): upstream markup
    await checkScreen(page, 'explorer', { exclude: ['.graphiql-tabs'] });
    await page.context().close();
  });

  it('serves the build precompressed (brotli or gzip, as the client accepts)', async () => {
    const html = await (await fetch(`${suite.kw.url}/console/`)).text();
    const script = html.match(/\/console\/assets\/index-[^"]+\.js/)![0];
    const br = await fetch(`${suite.kw.url}${script}`, { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const gzip = await fetch(`${suite.kw.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    const text = await gzip.text();
    expect(await br.text()).toBe(text);
    const plain = await fetch(`${suite.kw.url}${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(text);
  });
});
