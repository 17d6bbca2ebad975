import type { Page } from 'playwright-core';
import { createTenantUser } from '../helpers/fixtures';
import {
  browserStorage,
  checkScreen,
  consoleSuite,
  describeWithChromium,
  eventually,
  textOf,
} from '../helpers/console-suite';

interface ApiUser {
  id: string;
  email: string;
  active: boolean;
  grants: Array<{ roleKey: string; level: string }>;
  groups: Array<{ name: string }>;
}

describeWithChromium('console: settings — users', () => {
  const suite = consoleSuite({ admin: true });

  async function userByEmail(email: string): Promise<ApiUser | undefined> {
    const res = await suite.kw.server.gql<{ users: { edges: Array<{ node: ApiUser }> } }>(
      '{ users(first: 100) { edges { node { id email active grants { roleKey level } groups { name } } } } }',
      {},
      { token: suite.admin },
    );
    return res.data!.users.edges.map((e) => e.node).find((u) => u.email === email);
  }

  async function login(email: string, password: string): Promise<string> {
    const res = await suite.kw.server.gql<{ login: { token: string } }>(
      'mutation($e: EmailAddress!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: email, p: password },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.login.token;
  }

  /** Whether a session token is still accepted. */
  async function works(token: string): Promise<boolean> {
    const res = await suite.kw.server.gql('{ me { type } }', {}, { token });
    return !!res.data?.me && !res.errors;
  }

  async function pick(page: Page, label: string, option: string, scope = page.getByRole('dialog')): Promise<void> {
    await scope.getByRole('textbox', { name: label }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  async function rowAction(page: Page, email: string, action: string, confirm: string): Promise<void> {
    await page.getByRole('button', { name: `Actions for ${email}` }).click();
    await page.getByRole('menuitem', { name: action }).click();
    await page.getByRole('dialog').getByRole('button', { name: confirm }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  }

  it('creates a user with grants and a group; the API has them; a short password is refused beside its field', async () => {
    const group = await suite.kw.server.gql<{ createAuthorizationGroup: { id: string } }>(
      'mutation { createAuthorizationGroup(input: { name: "Support team", type: USER, grants: [{ roleKey: "AUDIT_LOG", level: VIEWER }] }) { id } }',
      {},
      { token: suite.admin },
    );
    expect(group.errors).toBeUndefined();
    const { page } = await suite.signedInPage();
    await page.goto(`${suite.kw.url}/console/settings/users`);
    await page.getByTestId('users-table').waitFor();
    await checkScreen(page, 'settings-users');
    await page.getByRole('button', { name: 'Create user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Email').fill('new.agent@example.test');
    await dialog.getByLabel('Name').fill('New Agent');
    await dialog.getByLabel('Password').fill('short');
    await dialog.getByRole('button', { name: 'Add role' }).click();
    await pick(page, 'Role 1', 'Order data');
    await pick(page, 'Access level 1', 'Editor');
    await dialog.getByRole('button', { name: 'Add role' }).click();
    await pick(page, 'Role 2', 'Pricing');
    await pick(page, 'Groups', 'Support team');
    await page.keyboard.press('Escape');
    await checkScreen(page, 'settings-user-create');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await eventually(async () => expect(await dialog.getByLabel('Password').getAttribute('aria-invalid')).toBe('true'));
    expect(await textOf(dialog.getByText(/8 characters/).last())).toBeTruthy();
    await dialog.getByLabel('Password').fill('a long enough password');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.waitFor({ state: 'detached' });

    const created = await userByEmail('new.agent@example.test');
    expect(created).toBeDefined();
    expect(created!.active).toBe(true);
    expect(created!.grants.map((g) => `${g.roleKey}:${g.level}`).sort()).toEqual([
      'ORDER_DATA:EDITOR',
      'PRICING:VIEWER',
    ]);
    expect(created!.groups.map((g) => g.name)).toEqual(['Support team']);
    const row = page.locator('[data-row-name="new.agent@example.test"]');
    expect(await textOf(row)).toContain('Order data · Editor');
    expect(await textOf(row)).toContain('Support team');
    await page.context().close();
  });

  it('changes a user’s grants, deactivates it (its session stops working), reactivates it, and signs it out everywhere', async () => {
    const email = 'temp.user@example.test';
    const password = 'temporary password 1';
    const res = await suite.kw.server.gql(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { email, name: 'Temp User', password, grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }] } },
      { token: suite.admin },
    );
    expect(res.errors).toBeUndefined();
    const token = await login(email, password);
    expect(await works(token)).toBe(true);

    const { page } = await suite.signedInPage();
    await page.goto(`${suite.kw.url}/console/settings/users`);
    await page.getByRole('button', { name: `Actions for ${email}` }).click();
    await page.getByRole('menuitem', { name: 'Change grants' }).click();
    const dialog = page.getByRole('dialog');
    await pick(page, 'Access level 1', 'Owner');
    await dialog.getByRole('button', { name: 'Save grants' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await userByEmail(email))!.grants).toEqual([{ roleKey: 'ORDER_DATA', level: 'OWNER' }]);

    await rowAction(page, email, 'Deactivate', 'Deactivate');
    await eventually(async () => expect((await userByEmail(email))!.active).toBe(false));
    expect(await works(token)).toBe(false);
    await eventually(async () =>
      expect(await textOf(page.locator(`[data-row-name="${email}"]`))).toContain('Inactive'),
    );
    await checkScreen(page, 'settings-users-inactive');

    await rowAction(page, email, 'Reactivate', 'Reactivate');
    await eventually(async () => expect((await userByEmail(email))!.active).toBe(true));
    expect(await works(token)).toBe(false); // reactivating revives no earlier session

    const second = await login(email, password);
    const third = await login(email, password);
    expect(await works(second)).toBe(true);
    await rowAction(page, email, 'Sign out everywhere', 'Sign out everywhere');
    await eventually(async () => expect(await works(second)).toBe(false));
    expect(await works(third)).toBe(false);
    expect(await works(await login(email, password))).toBe(true); // can sign in again
    await page.context().close();
  });

  it('changes the signed-in user’s own password: the old session is refused, the console stays signed in', async () => {
    const user = await createTenantUser(suite.kw.server, { grants: { USER: 'VIEWER' } });
    const { page } = await suite.signedInPage({ as: user });
    const before = (await browserStorage(page)).session;
    await page.goto(`${suite.kw.url}/console/settings/users`);
    await page.getByRole('button', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Current password').fill('not my password');
    await dialog.getByLabel('New password').fill('my brand new password');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await eventually(async () =>
      expect(await dialog.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true'),
    );
    await checkScreen(page, 'settings-change-password');
    expect(await works(user.token)).toBe(true);

    await dialog.getByLabel('Current password').fill(user.password);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(async () => expect(await works(user.token)).toBe(false));
    const after = (await browserStorage(page)).session;
    expect(after).not.toBe(before);
    const newToken = Object.values(JSON.parse(after) as Record<string, string>)[0];
    expect(await works(newToken)).toBe(true);
    // still signed in, also after a reload (the new token is in sessionStorage)
    await page.reload();
    await page.getByTestId('users-table').waitFor();
    expect(page.url()).toContain('/console/settings/users');
    expect(await works(await login(user.email, 'my brand new password'))).toBe(true);
    await page.context().close();
  });
});
