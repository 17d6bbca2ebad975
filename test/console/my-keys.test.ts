import { checkScreen, consoleSuite, describeWithChromium, eventually, keyRows, textOf } from '../helpers/console-suite';

describeWithChromium('console: my secret keys', () => {
  const suite = consoleSuite();

  const myKeyRows = (page: import('playwright-core').Page) =>
    page
      .locator('[data-testid=my-keys-table] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key-name')));

  it('creates one personal key at a time, renames, revokes, and deletes only once revoked', async () => {
    const { page, messages } = await suite.signedInPage();
    await page.getByRole('link', { name: 'My secret keys' }).click();
    await page.getByText('You have no personal keys.').waitFor();
    await checkScreen(page, 'my-keys-empty');
    await page.getByRole('button', { name: 'Create secret key' }).click();
    await page.getByRole('dialog').getByLabel('Title').fill('Laptop');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('secret-warning').waitFor();
    const input = page.getByRole('dialog').getByLabel('Secret', { exact: true });
    const secret = await input.inputValue();
    const me = await fetch(`${suite.kw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ me { type user { email } } }' }),
    });
    expect(((await me.json()) as any).data.me.user.email).toBe('admin@example.test');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.content()).not.toContain(secret);
    expect(messages.join('\n')).not.toContain(secret);
    await eventually(async () => expect(await myKeyRows(page)).toEqual(['Laptop']));

    // a second active key is refused with a clear message
    await page.getByRole('button', { name: 'Create secret key' }).click();
    await page.getByRole('dialog').getByLabel('Title').fill('Second');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    expect(await textOf(page.getByTestId('create-secret-problem'))).toContain('You already have an active secret key');
    await checkScreen(page, 'my-keys-create-refused');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await checkScreen(page, 'my-keys');

    await page.getByRole('link', { name: 'Laptop' }).click();
    expect(await textOf(page.getByTestId('personal-key-state'))).toBe('Active');
    expect(await page.getByRole('button', { name: 'Delete' }).isDisabled()).toBe(true);
    await page.getByLabel('Title').fill('Work laptop');
    await page.getByRole('button', { name: 'Save title' }).click();
    await eventually(async () => expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Work laptop'));
    await checkScreen(page, 'my-key-details');
    await page.getByRole('button', { name: 'Revoke' }).click();
    expect(await textOf(page.getByRole('dialog'))).toContain('cannot be undone');
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await eventually(async () => expect(await textOf(page.getByTestId('personal-key-state'))).toBe('Revoked'));
    const after = await fetch(`${suite.kw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ me { type } }' }),
    });
    expect(after.status).toBe(401);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/console\/my-keys$/);
    await page.getByText('You have no personal keys.').waitFor();
    expect(await keyRows(page)).toEqual([]);
    await page.context().close();
  });
});
