import fs from 'node:fs';
import type { Page } from 'playwright-core';
import {
  browserStorage,
  checkScreen,
  consoleSuite,
  describeWithChromium,
  eventually,
  signIn,
  textOf,
} from '../helpers/console-suite';

const CREATE_KEY = `mutation($i: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $i) { apiKey { id } } }`;
const RENAME_KEY = `mutation($id: ID!, $name: String!) { updateApiKey(id: $id, input: { name: $name }) { id } }`;

describeWithChromium('console: audit log', () => {
  const suite = consoleSuite({ admin: true });
  const keys: Record<string, string> = {};
  beforeAll(async () => {
    // two keys renamed through the API: two api_key.updated events with a name change each
    for (const [before, after] of [
      ['Billing sync', 'Billing sync v2'],
      ['Warehouse feed', 'Warehouse feed v2'],
    ]) {
      const created = await suite.kw.server.gql<{ createGraphQLApiKey: { apiKey: { id: string } } }>(
        CREATE_KEY,
        { i: { name: before, active: true, grants: [{ roleKey: 'API_KEY', level: 'VIEWER' }] } },
        { token: suite.admin },
      );
      if (!created.data) throw new Error(JSON.stringify(created.errors));
      keys[before] = created.data.createGraphQLApiKey.apiKey.id;
      const renamed = await suite.kw.server.gql(RENAME_KEY, { id: keys[before], name: after }, { token: suite.admin });
      if (!renamed.data) throw new Error(JSON.stringify(renamed.errors));
    }
  });

  const rows = (page: Page) =>
    page
      .locator('[data-testid=audit-table] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => ({ action: tr.getAttribute('data-action'), id: tr.getAttribute('data-event-id') })),
      );

  it('filters by action and target, shows before → after, verifies the chain and exports NDJSON', async () => {
    const { page, messages } = await suite.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await signIn(page, suite.kw.url);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.locator('[data-testid=audit-table] tbody tr').first().waitFor();
    const all = await rows(page);
    expect(all.map((r) => r.action)).toEqual(expect.arrayContaining(['api_key.created', 'api_key.updated']));
    await checkScreen(page, 'audit-log');

    // filter by action: exactly the two renames, newest first
    await page.getByLabel('Action').fill('api_key.updated');
    await eventually(async () =>
      expect((await rows(page)).map((r) => r.action)).toEqual(['api_key.updated', 'api_key.updated']),
    );
    expect(await textOf(page.getByTestId('audit-total'))).toBe('2 events');
    const filtered = await rows(page);
    const api = await suite.kw.server.gql<{
      auditEvents: { edges: Array<{ node: { id: string; targetId: string } }> };
    }>(
      '{ auditEvents(filter: { action: "api_key.updated" }) { edges { node { id targetId } } } }',
      {},
      { token: suite.admin },
    );
    expect(filtered.map((r) => r.id)).toEqual(api.data!.auditEvents.edges.map((e) => e.node.id));
    expect(api.data!.auditEvents.edges.map((e) => e.node.targetId)).toEqual([
      keys['Warehouse feed'],
      keys['Billing sync'],
    ]);

    // and by target: one event left
    await page.getByLabel('Target id').fill(keys['Billing sync']);
    await eventually(async () => expect((await rows(page)).map((r) => r.id)).toEqual([filtered[1].id]));

    // the event shows before → after
    await page.getByRole('button', { name: /Show event \d+: api_key.updated/ }).click();
    const drawer = page.getByRole('dialog');
    const nameChange = drawer.locator('[data-testid=audit-changes] tr[data-field=name]');
    expect(await textOf(nameChange.getByTestId('change-before'))).toBe('"Billing sync"');
    expect(await textOf(nameChange.getByTestId('change-after'))).toBe('"Billing sync v2"');
    await checkScreen(page, 'audit-event');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // Verify chain: the report says the chain is intact
    await page.getByRole('button', { name: 'Verify chain' }).click();
    const report = page.getByTestId('chain-report');
    expect(await textOf(report)).toContain('The chain is intact');
    const checked = Number(/(\d+) events checked/.exec(await textOf(report))![1]);
    expect(checked).toBeGreaterThanOrEqual(all.length);
    await checkScreen(page, 'audit-verified');

    // the export (with the action filter only) downloads NDJSON matching the table, oldest first
    await page.getByLabel('Target id').fill('');
    await eventually(async () => expect(await rows(page)).toEqual(filtered));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export NDJSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-events-.*\.ndjson$/);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.id)).toEqual(filtered.map((r) => r.id).reverse());
    expect(lines.map((l) => l.action)).toEqual(['api_key.updated', 'api_key.updated']);
    expect(lines[0].changes.name).toEqual({ before: 'Billing sync', after: 'Billing sync v2' });

    // the session token went in a header only: never in a URL
    const token = JSON.parse((await browserStorage(page)).session)['keyward.session'] as string;
    expect(token).toBeTruthy();
    expect(requested.some((url) => url.includes('/v1/audit-events?action=api_key.updated'))).toBe(true);
    expect(requested.filter((url) => url.includes(token))).toEqual([]);
    expect(messages.join('\n')).not.toContain(token);
    await page.context().close();
  });
});
