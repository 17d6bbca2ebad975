import {
  browserStorage,
  checkScreen,
  consoleSuite,
  describeWithChromium,
  eventually,
  signIn,
  textOf,
} from '../helpers/console-suite';
import { CONSOLE_CSP } from '../../src/http/security-headers';

/** The header helmet writes for CONSOLE_CSP. */
const consoleCsp = Object.entries(CONSOLE_CSP)
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join(';');

describeWithChromium('console: sign in and the app shell', () => {
  const suite = consoleSuite();

  it('redirects / to the console and serves it with a strict CSP, hashed assets cached for good', async () => {
    const root = await fetch(`${suite.kw.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    const deepLink = await fetch(`${suite.kw.url}/console/keys/some-id`);
    expect(deepLink.status).toBe(200);
    expect(deepLink.headers.get('content-security-policy')).toBe(consoleCsp);
    expect(deepLink.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await deepLink.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    const asset = html.match(/\/console\/assets\/[^"]+\.js/)![0];
    const js = await fetch(`${suite.kw.url}${asset}`);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${suite.kw.url}/console/assets/missing-0000.js`)).status).toBe(404);
  });

  it('signs in, keeps the token in sessionStorage only, shows the tenant and signs out', async () => {
    const { page, messages } = await suite.newPage();
    await page.goto(`${suite.kw.url}/console/`);
    await page.waitForURL(/\/console\/sign-in/);
    await checkScreen(page, 'sign-in');
    await signIn(page, suite.kw.url);
    expect(await textOf(page.getByTestId('tenant-name'))).toMatch(/default/i);
    const storage = await browserStorage(page);
    expect(storage.session).toMatch(/keyward\.session/);
    expect(storage.local).toBe('{}');
    const token = JSON.parse(storage.session)['keyward.session'] as string;
    expect(storage.url).not.toContain(token);
    expect(messages.join('\n')).not.toContain(token);
    const headers = (await page.request.get(`${suite.kw.url}/console/keys`)).headers();
    expect(headers['content-security-policy']).toBe(consoleCsp);
    await checkScreen(page, 'app-shell');
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/sign-in/);
    expect((await browserStorage(page)).session).toBe('{}');
    await page.context().close();
  });

  it('says so when the password is wrong, and when sign-ins are throttled (RATE_LIMITED)', async () => {
    const { page } = await suite.newPage();
    await page.goto(`${suite.kw.url}/console/sign-in`);
    await page.getByLabel('Email').fill('throttled@example.test');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await textOf(page.getByTestId('sign-in-error'))).toContain('Wrong email or password');
    // the sign-in throttle allows 10 failures per email
    for (let i = 0; i < 10; i++)
      await suite.kw.server.gql('mutation { login(email: "throttled@example.test", password: "nope") { token } }');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(async () => {
      const text = await textOf(page.getByTestId('sign-in-error'));
      expect(text).toContain('Rate limited');
      expect(text).toMatch(/Too many sign-in attempts\. Try again in \d+ seconds/);
    });
    await page.context().close();
  });

  it('returns to sign-in with a message when the session is revoked', async () => {
    const admin = await suite.kw.server.adminToken();
    const created = await suite.kw.server.gql<{ createUser: { id: string } }>(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      {
        i: {
          email: 'leaving@example.test',
          name: 'Leaving User',
          password: 'a long password 1',
          grants: [{ roleKey: 'API_KEY', level: 'VIEWER' }],
        },
      },
      { token: admin },
    );
    const { page } = await suite.newPage();
    await signIn(page, suite.kw.url, 'leaving@example.test', 'a long password 1');
    // deactivating a user ends every session of it
    await suite.kw.server.gql(
      'mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { id } }',
      { id: created.data!.createUser.id },
      { token: admin },
    );
    await page.reload();
    await page.waitForURL(/\/console\/sign-in/);
    expect(await textOf(page.getByTestId('sign-in-notice'))).toContain('Your session has expired or was revoked');
    await page.context().close();
  });

  it('returns to sign-in with a message when the session has expired', async () => {
    const { page } = await suite.signedInPage();
    // the same session's claims, signed by the server with an expiry in the past
    const token = JSON.parse((await browserStorage(page)).session)['keyward.session'] as string;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      sub: string;
      tid: string;
      sep?: number;
    };
    const { token: expired } = await suite.kw.server.kw.signingKeys.sign(
      { tid: claims.tid, sep: claims.sep },
      { audience: 'keyward:session', subject: claims.sub, expiresInSeconds: -60 },
    );
    await page.evaluate(`sessionStorage.setItem('keyward.session', ${JSON.stringify(expired)})`);
    await page.reload();
    await page.waitForURL(/\/console\/sign-in/);
    expect(await textOf(page.getByTestId('sign-in-notice'))).toContain('Your session has expired or was revoked');
    // the token is gone; only the notice stays (until the next sign-in), so a reload still shows it
    expect(Object.keys(JSON.parse((await browserStorage(page)).session))).toEqual(['keyward.notice']);
    await page.reload();
    expect(await textOf(page.getByTestId('sign-in-notice'))).toContain('Your session has expired or was revoked');
    await page.context().close();
  });
});
