import type { Page } from 'playwright-core';
import { createTenantUser } from '../helpers/fixtures';
import { checkScreen, consoleSuite, describeWithChromium, eventually, textOf } from '../helpers/console-suite';

describeWithChromium('console: settings — channels, role definitions, groups, tenant', () => {
  const suite = consoleSuite({ admin: true });

  async function api<T>(query: string, token = suite.admin, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await suite.kw.server.gql<T>(query, variables, { token });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data;
  }

  async function confirmDelete(page: Page, label: string, confirm: string): Promise<void> {
    await page.getByRole('button', { name: label }).click();
    await page.getByRole('dialog').getByRole('button', { name: confirm }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  }

  it('creates, edits and deletes a channel; a duplicate code is refused beside the Code field', async () => {
    const { page } = await suite.signedInPage();
    await page.goto(`${suite.kw.url}/console/settings/channels`);
    await page.getByText('No channels yet.').waitFor();
    await checkScreen(page, 'settings-channels-empty');
    for (const attempt of ['first', 'duplicate']) {
      await page.getByRole('button', { name: 'Create channel' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Code').fill('web-de');
      await dialog.getByLabel('Name').fill('Web shop DE');
      await dialog.getByRole('button', { name: 'Create channel' }).click();
      if (attempt === 'first') await dialog.waitFor({ state: 'detached' });
      else {
        await eventually(async () => expect(await dialog.getByLabel('Code').getAttribute('aria-invalid')).toBe('true'));
        await checkScreen(page, 'settings-channel-duplicate');
        await dialog.getByRole('button', { name: 'Cancel' }).click();
      }
    }
    const listed = () =>
      api<{ channels: { edges: Array<{ node: { id: string; code: string; name: string } }> } }>(
        '{ channels { edges { node { id code name } } } }',
      );
    expect((await listed()).channels.edges.map((e) => e.node.code)).toEqual(['web-de']);

    await page.getByRole('button', { name: 'Edit web-de' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Code').fill('web-at');
    await dialog.getByLabel('Name').fill('Web shop AT');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await listed()).channels.edges.map((e) => [e.node.code, e.node.name])).toEqual([['web-at', 'Web shop AT']]);
    await eventually(async () => expect(await textOf(page.getByTestId('channels-table'))).toContain('Web shop AT'));
    await checkScreen(page, 'settings-channels');

    await confirmDelete(page, 'Delete web-at', 'Delete channel');
    await eventually(async () => expect((await listed()).channels.edges).toEqual([]));
    await page.getByText('No channels yet.').waitFor();
    await page.context().close();
  });

  it('creates, edits and deletes a role definition; built-ins have no edit or delete', async () => {
    const { page } = await suite.signedInPage();
    await page.goto(`${suite.kw.url}/console/settings/roles`);
    await page.getByTestId('roles-table').waitFor();
    expect(await page.getByRole('button', { name: 'Edit ORDER_DATA' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Create role definition' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Key').fill('bad key');
    await dialog.getByLabel('Name').fill('Loyalty points');
    await dialog.getByRole('button', { name: 'Create role definition' }).click();
    await eventually(async () => expect(await dialog.getByLabel('Key').getAttribute('aria-invalid')).toBe('true'));
    await dialog.getByLabel('Key').fill('LOYALTY');
    await dialog.getByRole('button', { name: 'Create role definition' }).click();
    await dialog.waitFor({ state: 'detached' });
    const roles = () =>
      api<{ roleDefinitions: Array<{ key: string; name: string; builtIn: boolean }> }>(
        '{ roleDefinitions { key name builtIn } }',
      );
    expect((await roles()).roleDefinitions.find((r) => r.key === 'LOYALTY')).toEqual({
      key: 'LOYALTY',
      name: 'Loyalty points',
      builtIn: false,
    });

    await page.getByRole('button', { name: 'Edit LOYALTY' }).click();
    await dialog.getByLabel('Name').fill('Loyalty programme');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await roles()).roleDefinitions.find((r) => r.key === 'LOYALTY')?.name).toBe('Loyalty programme');
    await checkScreen(page, 'settings-roles');

    await confirmDelete(page, 'Delete LOYALTY', 'Delete role definition');
    await eventually(async () => expect((await roles()).roleDefinitions.map((r) => r.key)).not.toContain('LOYALTY'));
    await page.context().close();
  });

  it('creates, edits and deletes an API_KEY authorization group with grants', async () => {
    const { page } = await suite.signedInPage();
    await page.goto(`${suite.kw.url}/console/settings/groups`);
    await page.getByText('No authorization groups yet.').waitFor();
    await page.getByRole('button', { name: 'Create group' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Storefront keys');
    await dialog.getByText('API keys', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Add role' }).click();
    await dialog.getByRole('textbox', { name: 'Role 1' }).click();
    await page.getByRole('option', { name: 'Product data', exact: true }).click();
    await checkScreen(page, 'settings-group-create');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await dialog.waitFor({ state: 'detached' });
    type G = {
      authorizationGroups: Array<{
        id: string;
        name: string;
        type: string;
        grants: Array<{ roleKey: string; level: string }>;
      }>;
    };
    const groups = () => api<G>('{ authorizationGroups { id name type grants { roleKey level } } }');
    expect((await groups()).authorizationGroups).toEqual([
      expect.objectContaining({
        name: 'Storefront keys',
        type: 'API_KEY',
        grants: [{ roleKey: 'PRODUCT_DATA', level: 'VIEWER' }],
      }),
    ]);

    await page.getByRole('button', { name: 'Edit Storefront keys' }).click();
    await dialog.getByLabel('Name').fill('Storefront');
    await dialog.getByRole('textbox', { name: 'Access level 1' }).click();
    await page.getByRole('option', { name: 'Editor', exact: true }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await groups()).authorizationGroups).toEqual([
      expect.objectContaining({ name: 'Storefront', grants: [{ roleKey: 'PRODUCT_DATA', level: 'EDITOR' }] }),
    ]);
    await eventually(async () =>
      expect(await textOf(page.getByTestId('groups-table'))).toContain('Product data · Editor'),
    );
    await checkScreen(page, 'settings-groups');

    await confirmDelete(page, 'Delete Storefront', 'Delete group');
    await eventually(async () => expect((await groups()).authorizationGroups).toEqual([]));
    await page.context().close();
  });

  it('the tenant tab shows "N/M keys"; an API_KEY owner changes leakedKeyAction but sees no limits editor', async () => {
    const owner = await createTenantUser(suite.kw.server, { grants: { API_KEY: 'OWNER' } });
    for (const name of ['one', 'two'])
      await api(
        `mutation { createGraphQLApiKey(input: { name: "${name}", grants: [{ roleKey: "API_KEY", level: VIEWER }] }) { secret } }`,
        owner.token,
      );
    const tenant = () =>
      api<{ tenant: { id: string; leakedKeyAction: string; apiKeyUsage: { used: number; limit: number } } }>(
        '{ tenant { id leakedKeyAction apiKeyUsage { used limit } } }',
        owner.token,
      );
    const before = (await tenant()).tenant;
    expect(before.apiKeyUsage.used).toBe(2);
    const { page } = await suite.signedInPage({ as: owner });
    await page.goto(`${suite.kw.url}/console/settings/tenant`);
    expect(await textOf(page.getByTestId('tenant-usage'))).toBe(`2/${before.apiKeyUsage.limit} keys`);
    expect(await page.getByRole('button', { name: 'Edit tenant' }).count()).toBe(0);
    expect(await page.getByRole('tab', { name: 'Tenants' }).count()).toBe(0);
    await checkScreen(page, 'settings-tenant');
    expect(before.leakedKeyAction).toBe('REVOKE');
    await page.getByRole('textbox', { name: /When a key’s secret is reported leaked/ }).click();
    await page.getByRole('option', { name: /Notify only/ }).click();
    await eventually(async () => expect((await tenant()).tenant.leakedKeyAction).toBe('NOTIFY'));
    await page.context().close();
  });

  it('a super user sees the Tenants tab, creates a tenant and edits its limits', async () => {
    const { page } = await suite.signedInPage();
    await page.goto(`${suite.kw.url}/console/settings/tenant`);
    await page.getByRole('tab', { name: 'Tenants' }).click();
    await page.waitForURL(/\/settings\/tenants$/);
    await page.getByTestId('tenants-table').waitFor();
    await page.getByRole('button', { name: 'Create tenant' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Second shop');
    await dialog.getByLabel('Slug').fill('Second Shop!');
    await dialog.getByRole('button', { name: 'Create tenant' }).click();
    await eventually(async () => expect(await dialog.getByLabel('Slug').getAttribute('aria-invalid')).toBe('true'));
    await dialog.getByLabel('Slug').fill('second-shop');
    await dialog.getByRole('button', { name: 'Create tenant' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Edit second-shop' }).click();
    await dialog.getByLabel('API key limit').fill('25');
    await dialog.getByLabel('Default rate limit per minute').fill('600');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const tenants = await api<{
      tenants: Array<{ slug: string; apiKeyLimit: number; defaultRateLimitPerMinute: number | null }>;
    }>('{ tenants { slug apiKeyLimit defaultRateLimitPerMinute } }');
    expect(tenants.tenants.find((t) => t.slug === 'second-shop')).toEqual({
      slug: 'second-shop',
      apiKeyLimit: 25,
      defaultRateLimitPerMinute: 600,
    });
    await eventually(async () =>
      expect(await textOf(page.locator('[data-row-name="second-shop"]'))).toContain('0/25 keys'),
    );
    await checkScreen(page, 'settings-tenants');
    await page.context().close();
  });
});
