import { hashSecret } from '../../src/credentials/tokens';
import {
  checkScreen,
  consoleSuite,
  describeWithChromium,
  eventually,
  expectKeyRows,
  keyRows,
  textOf,
} from '../helpers/console-suite';

const CREATE_KEY = `mutation($i: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $i) { secret apiKey { id } } }`;

describeWithChromium('console: leaked keys (docs/design.md §15)', () => {
  const suite = consoleSuite({ apiKeyLimit: 100 });

  async function createKey(name: string): Promise<{ id: string; secret: string }> {
    const res = await suite.kw.server.gql<{ createGraphQLApiKey: { secret: string; apiKey: { id: string } } }>(
      CREATE_KEY,
      { i: { name, active: true, grants: [{ roleKey: 'API_KEY', level: 'VIEWER' }] } },
      { token: suite.admin },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return { id: res.data.createGraphQLApiKey.apiKey.id, secret: res.data.createGraphQLApiKey.secret };
  }
  const setAction = (action: 'REVOKE' | 'NOTIFY') =>
    suite.kw.server.gql(
      'mutation($id: ID!, $a: LeakedKeyAction) { updateTenant(id: $id, input: { leakedKeyAction: $a }) { id } }',
      { id: suite.tenantId, a: action },
      { token: suite.admin },
    );
  // what the GitHub secret-scanning endpoint does for a reported secret (signature checks are the integration tests')
  const reportLeaked = (secret: string, url: string) =>
    suite.kw.server.kw.services.apiKeys.reportLeaked(hashSecret(secret), url);
  const status = async (secret: string) =>
    (await fetch(`${suite.kw.url}/v1/auth`, { headers: { 'x-api-key': secret } })).status;

  it('REVOKE (default): the leaked key is badged in the table, and its page says it was revoked automatically', async () => {
    const leaked = await createKey('Leak Auto');
    await createKey('Leak Bystander');
    const { page } = await suite.signedInPage();
    await eventually(async () => expect(await keyRows(page)).toEqual(['Leak Bystander', 'Leak Auto']));
    expect(await page.getByTestId('leaked-badge').count()).toBe(0);

    expect(await reportLeaked(leaked.secret, 'https://github.com/acme/app/blob/abc123/config.js')).toBe(true);
    expect(await status(leaked.secret)).toBe(401);
    await page.reload();
    await eventually(async () => expect(await keyRows(page)).toEqual(['Leak Bystander', 'Leak Auto']));
    const row = page.locator('[data-testid=keys-table] tbody tr[data-key-name="Leak Auto"]');
    expect(await textOf(row.getByTestId('leaked-badge'))).toBe('Leaked');
    expect(await page.getByTestId('leaked-badge').count()).toBe(1);
    // revoked already: nothing to act on, so no alert
    expect(await page.getByTestId('leaked-alert').count()).toBe(0);

    await row.getByRole('link', { name: 'Leak Auto' }).click();
    const banner = page.getByTestId('leaked-banner');
    expect(await textOf(banner)).toContain("This key's secret was reported leaked");
    expect(await textOf(banner)).toContain('https://github.com/acme/app/blob/abc123/config.js');
    expect(await textOf(banner)).toContain('It was revoked automatically');
    expect(
      await banner
        .getByRole('link', { name: 'https://github.com/acme/app/blob/abc123/config.js' })
        .getAttribute('href'),
    ).toBe('https://github.com/acme/app/blob/abc123/config.js');
    await checkScreen(page, 'key-leaked-revoked');
    await page.context().close();
  });

  it('NOTIFY: an alert on the keys screen for leaked keys still working, the banner asks to rotate or revoke, and the Leaked filter lists them', async () => {
    await setAction('NOTIFY');
    const leaked = await createKey('Leak Notified');
    expect(await reportLeaked(leaked.secret, 'https://github.com/other/repo/commit/def456')).toBe(true);
    expect(await status(leaked.secret)).toBe(200); // still works
    const { page } = await suite.signedInPage();
    const alert = page.getByTestId('leaked-alert');
    expect(await textOf(alert)).toContain('1 key of this tenant was reported leaked and is not revoked');
    await checkScreen(page, 'keys-leaked-alert');

    // the Leaked filter: both reported keys; "Not reported": the others
    await page.getByRole('textbox', { name: 'Leaked' }).click();
    await page.getByRole('option', { name: 'Reported leaked' }).click();
    await expectKeyRows(page, ['Leak Notified', 'Leak Auto']);
    await page.getByRole('textbox', { name: 'Leaked' }).click();
    await page.getByRole('option', { name: 'Not reported' }).click();
    await expectKeyRows(page, ['Leak Bystander']);
    // the alert's button: the leaked keys not revoked
    await alert.getByRole('button', { name: 'Show leaked keys' }).click();
    await expectKeyRows(page, ['Leak Notified']);
    expect(await page.getByRole('textbox', { name: 'Leaked' }).inputValue()).toBe('Reported leaked');
    await checkScreen(page, 'keys-leaked-filter');

    await page.getByRole('link', { name: 'Leak Notified' }).click();
    const banner = page.getByTestId('leaked-banner');
    expect(await textOf(banner)).toContain('https://github.com/other/repo/commit/def456');
    expect(await textOf(banner)).toContain(
      'It still works (the tenant is only notified of leaks): rotate or revoke it now.',
    );
    await checkScreen(page, 'key-leaked-notify');

    // revoking it from the page: the banner says so and the alert goes away
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await eventually(async () => expect(await textOf(banner)).toContain('It is revoked'));
    await page.getByRole('link', { name: 'All keys' }).click();
    await eventually(async () => expect(await keyRows(page)).toContain('Leak Notified'));
    expect(await page.getByTestId('leaked-alert').count()).toBe(0);
    await page.context().close();
  });
});
