import type { Page } from 'playwright-core';
import {
  browserStorage,
  checkScreen,
  consoleSuite,
  describeWithChromium,
  eventually,
  expectKeyRows,
  keyRows,
  textOf,
} from '../helpers/console-suite';

const CREATE_KEY = `mutation($i: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $i) { secret apiKey { id } } }`;

describeWithChromium('console: API keys', () => {
  const suite = consoleSuite({ apiKeyLimit: 100 });

  async function createKey(name: string, extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
    const res = await suite.kw.server.gql<{ createGraphQLApiKey: { secret: string; apiKey: { id: string } } }>(
      CREATE_KEY,
      { i: { name, active: true, grants: [{ roleKey: 'API_KEY', level: 'VIEWER' }], ...extra } },
      { token: suite.admin },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return { id: res.data.createGraphQLApiKey.apiKey.id, secret: res.data.createGraphQLApiKey.secret };
  }

  async function graphqlWith(secret: string): Promise<number> {
    const res = await fetch(`${suite.kw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ apiKeys(first: 1) { totalCount } }' }),
    });
    return res.status;
  }

  /** The secret dialog's field value: masked (type=password) until the eye icon is pressed. */
  async function revealSecret(page: Page, label: string): Promise<string> {
    const dialog = page.getByRole('dialog');
    const input = dialog.getByLabel(label, { exact: true });
    expect(await input.getAttribute('type')).toBe('password');
    await dialog.getByRole('button', { name: `Show or hide ${label.toLowerCase()}` }).click();
    expect(await input.getAttribute('type')).toBe('text');
    return input.inputValue();
  }

  async function expectSecretGone(page: Page, messages: string[], secret: string): Promise<void> {
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    const storage = await browserStorage(page);
    expect(storage.url + storage.session + storage.local).not.toContain(secret);
    expect(JSON.stringify(await page.evaluate('[history.length, history.state]'))).not.toContain(secret);
    expect(messages.join('\n')).not.toContain(secret);
  }

  it('creates a GraphQL key; the secret copied from the one-time dialog works against /graphql and is forgotten on close', async () => {
    const { page, messages } = await suite.signedInPage({ clipboardOrigin: suite.kw.url });
    await page.getByRole('button', { name: 'Create GraphQL key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Console key');
    await dialog.getByRole('button', { name: 'Add role' }).click();
    // a bad IP allowlist entry: the server's error appears beside that field
    await dialog.getByLabel('IP allowlist').fill('not-an-address');
    await checkScreen(page, 'create-graphql-key');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await eventually(async () =>
      expect(await dialog.getByLabel('IP allowlist').getAttribute('aria-invalid')).toBe('true'),
    );
    expect(await textOf(dialog.getByText(/is not a valid IPv4\/IPv6 address/))).toContain('"not-an-address"');
    await dialog.getByLabel('IP allowlist').fill('');
    await dialog.getByRole('switch', { name: /^Active/ }).check();
    await dialog.getByRole('button', { name: 'Create key' }).click();

    await page.getByTestId('secret-warning').waitFor();
    expect(await textOf(page.getByTestId('secret-warning'))).toContain('This secret is shown once');
    await checkScreen(page, 'secret-dialog');
    const shown = await revealSecret(page, 'Secret');
    await page.getByRole('dialog').getByRole('button', { name: 'Copy secret' }).click();
    const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
    expect(copied).toBe(shown);
    expect(copied).toMatch(/^kwk_/);
    expect(await graphqlWith(copied)).toBe(200);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expectSecretGone(page, messages, copied);
    await expectKeyRows(page, ['Console key']);
    await page.context().close();
  });

  it('creates a REST credential with read/write permissions; its client id and secret obtain a token at /oauth/token', async () => {
    const { page, messages } = await suite.signedInPage();
    await page.getByRole('tab', { name: 'REST credentials' }).click();
    await page.getByRole('button', { name: 'Create REST credential' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Console REST');
    await dialog.getByLabel('Write Order data').check();
    expect(await dialog.getByLabel('Read Order data').isChecked()).toBe(true);
    await dialog.getByRole('switch', { name: /^Active/ }).check();
    await checkScreen(page, 'create-rest-credential');
    await dialog.getByRole('button', { name: 'Create credential' }).click();
    await page.getByTestId('secret-warning').waitFor();
    const clientId = await page.getByRole('dialog').getByLabel('Client id', { exact: true }).inputValue();
    const clientSecret = await revealSecret(page, 'Client secret');
    const token = await fetch(`${suite.kw.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
    });
    expect(token.status).toBe(200);
    expect(((await token.json()) as { scope: string }).scope).toContain('order_data:editor');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expectSecretGone(page, messages, clientSecret);
    await expectKeyRows(page, ['Console REST']);
    await page.context().close();
  });

  it('filters, searches, sorts and pages through keys; the header shows the tenant usage', async () => {
    for (const name of ['Filter Alpha', 'Filter Bravo', 'Filter Charlie', 'Filter Delta']) await createKey(name);
    const bravo = await suite.kw.server.gql<{ apiKeys: { edges: Array<{ node: { id: string; name: string } }> } }>(
      '{ apiKeys(filter: { search: "Filter" }) { edges { node { id name } } } }',
      {},
      { token: suite.admin },
    );
    const idOf = (name: string) => bravo.data!.apiKeys.edges.find((e) => e.node.name === name)!.node.id;
    await suite.kw.server.gql(
      'mutation($id: ID!) { updateApiKey(id: $id, input: { active: false }) { id } }',
      { id: idOf('Filter Bravo') },
      { token: suite.admin },
    );
    await suite.kw.server.gql(
      'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
      { id: idOf('Filter Charlie') },
      { token: suite.admin },
    );
    await suite.kw.server.gql(
      'mutation($id: ID!, $e: DateTime) { rotateApiKey(id: $id, expiresAt: $e) { secret } }',
      { id: idOf('Filter Delta'), e: new Date(Date.now() + 3 * 86400_000).toISOString() },
      { token: suite.admin },
    );
    const usage = await suite.kw.server.gql<{ tenant: { apiKeyUsage: { used: number; limit: number } } }>(
      '{ tenant { apiKeyUsage { used limit } } }',
      {},
      { token: suite.admin },
    );

    const { page } = await suite.signedInPage();
    const { used, limit } = usage.data!.tenant.apiKeyUsage;
    expect(await textOf(page.getByTestId('key-usage'))).toBe(`${used}/${limit} keys`);
    await page.getByLabel('Search').fill('filter');
    await expectKeyRows(page, ['Filter Delta', 'Filter Charlie', 'Filter Bravo', 'Filter Alpha']);
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    await expectKeyRows(page, ['Filter Alpha', 'Filter Bravo', 'Filter Charlie', 'Filter Delta']);
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    await expectKeyRows(page, ['Filter Delta', 'Filter Charlie', 'Filter Bravo', 'Filter Alpha']);
    await page.getByLabel('Search').fill('bravo');
    await expectKeyRows(page, ['Filter Bravo']);
    await page.getByLabel('Search').fill('filter');
    await page.getByRole('radio', { name: 'Inactive' }).check();
    await eventually(async () => expect(await keyRows(page)).toContain('Filter Bravo'));
    expect(await keyRows(page)).not.toContain('Filter Alpha');
    await page.getByRole('radio', { name: 'All' }).check();
    await page.getByRole('textbox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Revoked' }).click();
    await page.keyboard.press('Escape');
    await expectKeyRows(page, ['Filter Charlie']);
    await page.getByRole('textbox', { name: 'Status' }).focus();
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');
    await page.getByRole('textbox', { name: 'Expiration' }).click();
    await page.getByRole('option', { name: 'Expiring soon' }).click();
    await page.keyboard.press('Escape');
    await expectKeyRows(page, ['Filter Delta']);
    await checkScreen(page, 'keys-filtered');

    // cursor pagination over more keys than a page holds
    for (let i = 0; i < 11; i++) await createKey(`Paged ${String(i).padStart(2, '0')}`);
    await page.reload();
    await page.getByLabel('Search').fill('Paged');
    await page.getByRole('textbox', { name: 'Rows per page' }).click();
    await page.getByRole('option', { name: '10', exact: true }).click();
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    await eventually(async () => expect(await textOf(page.getByTestId('total-count'))).toBe('11 keys match'));
    await expectKeyRows(
      page,
      Array.from({ length: 10 }, (_, i) => `Paged ${String(i).padStart(2, '0')}`),
    );
    await page.getByRole('button', { name: 'Next' }).click();
    await expectKeyRows(page, ['Paged 10']);
    await page.getByRole('button', { name: 'Previous' }).click();
    await expectKeyRows(
      page,
      Array.from({ length: 10 }, (_, i) => `Paged ${String(i).padStart(2, '0')}`),
    );
    await checkScreen(page, 'keys');
    await page.context().close();
  });

  it('rotates with a grace period: both secrets work, and the details show the old secret’s use', async () => {
    const key = await createKey('Rotating key');
    const { page, messages } = await suite.signedInPage();
    await page.goto(`${suite.kw.url}/console/keys/${key.id}`);
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const dialog = page.getByRole('dialog');
    expect(await textOf(dialog)).toContain('The current secret will stop working');
    await dialog.getByLabel('Grace period (optional)').fill('10');
    await checkScreen(page, 'rotate-dialog');
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByTestId('secret-warning').waitFor();
    const fresh = await revealSecret(page, 'Secret');
    expect(fresh).not.toBe(key.secret);
    expect(await graphqlWith(fresh)).toBe(200);
    expect(await graphqlWith(key.secret)).toBe(200); // still in grace
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expectSecretGone(page, messages, fresh);
    await eventually(async () => {
      await page.reload();
      expect(await textOf(page.getByTestId('grace-info'))).toMatch(/used 1 time since the rotation/);
    }, 15_000);
    await checkScreen(page, 'key-details');
    await page.context().close();
  });

  it('revokes after a confirmation that names the key and says it cannot be undone', async () => {
    const key = await createKey('Doomed key');
    const { page } = await suite.signedInPage();
    await page.getByLabel('Search').fill('Doomed');
    await expectKeyRows(page, ['Doomed key']);
    await page.getByRole('button', { name: 'Actions for Doomed key' }).click();
    await page.getByRole('menuitem', { name: 'Revoke' }).click();
    const dialog = page.getByRole('dialog');
    const text = await textOf(dialog);
    expect(text).toContain('Doomed key');
    expect(text).toContain('cannot be undone');
    await checkScreen(page, 'revoke-dialog');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await eventually(async () =>
      expect(await textOf(page.locator('[data-key-name="Doomed key"]'))).toContain('Revoked'),
    );
    expect(await graphqlWith(key.secret)).toBe(401);
    await page.context().close();
  });

  it('bulk deletes the selected keys after a confirmation', async () => {
    const a = await createKey('Bulk one');
    const b = await createKey('Bulk two');
    await createKey('Bulk keeper');
    const { page } = await suite.signedInPage();
    await page.getByLabel('Search').fill('Bulk');
    await expectKeyRows(page, ['Bulk keeper', 'Bulk two', 'Bulk one']);
    await page.getByLabel('Select Bulk one').check();
    await page.getByLabel('Select Bulk two').check();
    await page.getByRole('button', { name: 'Delete selected (2)' }).click();
    const dialog = page.getByRole('dialog');
    expect(await textOf(dialog)).toMatch(/Bulk one, Bulk two|Bulk two, Bulk one/);
    await checkScreen(page, 'bulk-delete-dialog');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expectKeyRows(page, ['Bulk keeper']);
    for (const id of [a.id, b.id])
      expect(
        (await suite.kw.server.gql('query($id: ID!) { apiKey(id: $id) { id } }', { id }, { token: suite.admin })).data,
      ).toEqual({ apiKey: null });
    await page.context().close();
  });
});
