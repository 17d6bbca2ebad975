import type { Page } from 'playwright-core';
import { allAreas, createTenantUser, type TenantUser } from '../helpers/fixtures';
import { checkScreen, consoleSuite, describeWithChromium } from '../helpers/console-suite';

/**
 * VIEWER vs OWNER: two users of one tenant, one with every area at VIEWER, one at OWNER. The viewer
 * gets no create, edit or delete control on the keys, webhooks and settings screens; the owner does.
 */
describeWithChromium('console: VIEWER vs OWNER controls', () => {
  const suite = consoleSuite();
  let owner: TenantUser;
  let viewer: TenantUser;
  let keyId: string;
  beforeAll(async () => {
    owner = await createTenantUser(suite.kw.server, { grants: allAreas('OWNER') });
    viewer = await createTenantUser(suite.kw.server, { grants: allAreas('VIEWER'), tenantId: owner.tenantId });
    const api = async <T>(query: string): Promise<T> => {
      const res = await suite.kw.server.gql<T>(query, {}, { token: owner.token });
      if (!res.data) throw new Error(JSON.stringify(res.errors));
      return res.data;
    };
    const key = await api<{ createGraphQLApiKey: { apiKey: { id: string } } }>(
      'mutation { createGraphQLApiKey(input: { name: "Shared key", active: true, grants: [{ roleKey: "ORDER_DATA", level: VIEWER }] }) { apiKey { id } } }',
    );
    keyId = key.createGraphQLApiKey.apiKey.id;
    await api('mutation { createChannel(input: { code: "web", name: "Web" }) { id } }');
    await api('mutation { createRoleDefinition(input: { key: "LOYALTY", name: "Loyalty" }) { id } }');
    await api(
      'mutation { createAuthorizationGroup(input: { name: "Ops", type: USER, grants: [{ roleKey: "ORDER_DATA", level: VIEWER }] }) { id } }',
    );
  });

  /** How many controls of each kind the current screen offers (buttons by accessible name). */
  async function count(page: Page, name: RegExp): Promise<number> {
    return page.getByRole('button', { name }).count();
  }

  async function screens(user: TenantUser, label: string): Promise<Record<string, number | boolean>> {
    const { page } = await suite.signedInPage({ as: user });
    const seen: Record<string, number | boolean> = {};
    await page.getByRole('link', { name: 'Shared key' }).waitFor();
    seen.createKey = await count(page, /^Create (GraphQL key|REST credential)/);
    seen.selectKey = await page.getByRole('checkbox', { name: 'Select Shared key' }).count();
    await page.getByRole('button', { name: 'Actions for Shared key' }).click();
    seen.revokeKey = await page.getByRole('menuitem', { name: /Revoke|Rotate/ }).count();
    await page.keyboard.press('Escape');
    await checkScreen(page, `access-${label}-keys`);

    await page.goto(`${suite.kw.url}/console/keys/${keyId}`);
    await page.getByRole('heading', { name: 'Shared key' }).waitFor();
    seen.rotateKey = await count(page, /^(Rotate secret|Revoke)$/);
    seen.keyNameEditable = await page.getByRole('textbox', { name: /^Name/ }).first().isEnabled();

    await page.goto(`${suite.kw.url}/console/webhooks`);
    await page.getByText('No webhooks yet.').waitFor();
    seen.createWebhook = await count(page, /^Create webhook$/);

    await page.goto(`${suite.kw.url}/console/settings/channels`);
    await page.getByTestId('channels-table').waitFor();
    seen.createChannel = await count(page, /^Create channel$/);
    seen.editChannel = await count(page, /^(Edit|Delete) web$/);
    await checkScreen(page, `access-${label}-channels`);

    await page.goto(`${suite.kw.url}/console/settings/users`);
    await page.getByTestId('users-table').waitFor();
    seen.createUser = await count(page, /^Create user$/);
    seen.userActions = await count(page, /^Actions for /);
    seen.changeOwnPassword = await count(page, /^Change password$/);
    await checkScreen(page, `access-${label}-users`);

    await page.goto(`${suite.kw.url}/console/settings/roles`);
    await page.getByTestId('roles-table').waitFor();
    seen.createRole = await count(page, /^Create role definition$/);
    seen.editRole = await count(page, /^(Edit|Delete) LOYALTY$/);

    await page.goto(`${suite.kw.url}/console/settings/groups`);
    await page.getByTestId('groups-table').waitFor();
    seen.createGroup = await count(page, /^Create group$/);
    seen.editGroup = await count(page, /^(Edit|Delete) Ops$/);

    await page.goto(`${suite.kw.url}/console/settings/tenant`);
    await page.getByTestId('tenant-usage').waitFor();
    seen.leakedKeyActionEnabled = await page.getByRole('textbox', { name: /reported leaked/ }).isEnabled();
    seen.editTenant = await count(page, /^Edit tenant$/);
    seen.tenantsTab = await page.getByRole('tab', { name: 'Tenants' }).count();
    await checkScreen(page, `access-${label}-tenant`);
    await page.context().close();
    return seen;
  }

  it('a VIEWER gets no create, edit or delete controls', async () => {
    expect(await screens(viewer, 'viewer')).toEqual({
      createKey: 0,
      selectKey: 0,
      revokeKey: 0,
      rotateKey: 0,
      keyNameEditable: false,
      createWebhook: 0,
      createChannel: 0,
      editChannel: 0,
      createUser: 0,
      userActions: 0,
      changeOwnPassword: 1,
      createRole: 0,
      editRole: 0,
      createGroup: 0,
      editGroup: 0,
      leakedKeyActionEnabled: false,
      editTenant: 0,
      tenantsTab: 0,
    });
  });

  it('an OWNER gets them (but no super-user controls: no tenant editing, no Tenants tab)', async () => {
    expect(await screens(owner, 'owner')).toEqual({
      createKey: 1,
      selectKey: 1,
      revokeKey: 2,
      rotateKey: 2,
      keyNameEditable: true,
      createWebhook: 1,
      createChannel: 1,
      editChannel: 2,
      createUser: 1,
      userActions: 2,
      changeOwnPassword: 1,
      createRole: 1,
      editRole: 2,
      createGroup: 1,
      editGroup: 2,
      leakedKeyActionEnabled: true,
      editTenant: 0,
      tenantsTab: 0,
    });
  });
});
