import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { ApiKey } from '../../src/db/entities/api-key.entity';
import { ROOT } from '../helpers/keyward-process';
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
const DAY = 86_400_000;

type Counts = { valid: number; rateLimited: number; denied: number; total: number };

describeWithChromium('console: usage analytics (docs/design.md §14)', () => {
  const suite = consoleSuite({ apiKeyLimit: 100 });
  const keys: Record<string, { id: string; secret: string }> = {};
  const counts: Record<string, Counts> = {};

  async function createKey(name: string, extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
    const res = await suite.kw.server.gql<{ createGraphQLApiKey: { secret: string; apiKey: { id: string } } }>(
      CREATE_KEY,
      { i: { name, active: true, grants: [{ roleKey: 'API_KEY', level: 'VIEWER' }], ...extra } },
      { token: suite.admin },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return { id: res.data.createGraphQLApiKey.apiKey.id, secret: res.data.createGraphQLApiKey.secret };
  }

  /** `times` real calls of /v1/auth with the key's secret; each answer counted by the outcome it means. */
  async function use(name: string, times: number): Promise<void> {
    const c = (counts[name] ??= { valid: 0, rateLimited: 0, denied: 0, total: 0 });
    for (let i = 0; i < times; i++) {
      const res = await fetch(`${suite.kw.url}/v1/auth`, { headers: { 'x-api-key': keys[name].secret } });
      await res.arrayBuffer();
      if (res.status === 200) c.valid++;
      else if (res.status === 429) c.rateLimited++;
      else if (res.status === 401) c.denied++;
      else throw new Error(`unexpected ${res.status}`);
      c.total++;
    }
  }
  const sum = (names: string[]): Counts =>
    names.reduce(
      (t, n) => ({
        valid: t.valid + (counts[n]?.valid ?? 0),
        rateLimited: t.rateLimited + (counts[n]?.rateLimited ?? 0),
        denied: t.denied + (counts[n]?.denied ?? 0),
        total: t.total + (counts[n]?.total ?? 0),
      }),
      { valid: 0, rateLimited: 0, denied: 0, total: 0 },
    );

  async function shownTotals(page: Page): Promise<Counts> {
    const read = async (k: string) => Number((await textOf(page.getByTestId(`total-${k}`))).replace(/,/g, ''));
    return {
      valid: await read('valid'),
      rateLimited: await read('rateLimited'),
      denied: await read('denied'),
      total: await read('total'),
    };
  }

  beforeAll(async () => {
    keys.Busy = await createKey('Usage Busy', { rateLimitPerMinute: 3 });
    keys.Steady = await createKey('Usage Steady');
    keys.Inactive = await createKey('Usage Inactive');
    keys.Revoked = await createKey('Usage Revoked');
    keys.Never = await createKey('Usage Never');
    keys.Stale = await createKey('Usage Stale');
    keys.Recent = await createKey('Usage Recent');
    await suite.kw.server.gql(
      'mutation($id: ID!) { updateApiKey(id: $id, input: { active: false }) { id } }',
      { id: keys.Inactive.id },
      { token: suite.admin },
    );
    await suite.kw.server.gql(
      'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
      { id: keys.Revoked.id },
      { token: suite.admin },
    );
    await use('Busy', 6); // beyond its 3/min limit
    await use('Steady', 4);
    await use('Inactive', 2);
    await use('Revoked', 1);
    await suite.kw.server.kw.services.keyVerifier.flush();
    await suite.kw.server.kw.services.usage.recorder!.flush();
    // last used long ago / lately, without uses in the counters (lastUsedAt is what unusedSince looks at)
    const repo = suite.kw.server.kw.dataSource.getRepository(ApiKey);
    await repo.update(keys.Stale.id, { lastUsedAt: new Date(Date.now() - 40 * DAY) });
    await repo.update(keys.Recent.id, { lastUsedAt: new Date(Date.now() - 10 * DAY) });
    // the outcomes the test relies on really happened
    expect(counts.Busy.rateLimited).toBeGreaterThan(0);
    expect(counts.Steady).toEqual({ valid: 4, rateLimited: 0, denied: 0, total: 4 });
    expect(counts.Inactive).toEqual({ valid: 0, rateLimited: 0, denied: 2, total: 2 });
    expect(counts.Revoked).toEqual({ valid: 0, rateLimited: 0, denied: 1, total: 1 });
  });

  it("the key page charts the key's uses stacked by outcome, with exact totals for every range", async () => {
    const { page, messages } = await suite.signedInPage();
    await page.goto(`${suite.kw.url}/console/keys/${keys.Busy.id}`);
    await eventually(async () => expect(await shownTotals(page)).toEqual(counts.Busy));
    await page.getByTestId('usage-chart').locator('svg').first().waitFor();
    // the legend names the three outcomes
    for (const label of ['Valid', 'Rate limited', 'Denied'])
      expect(await page.getByTestId('usage-chart').getByText(label, { exact: true }).count()).toBeGreaterThan(0);
    await checkScreen(page, 'key-usage');
    for (const range of ['1 h', '7 d', '30 d', '90 d', '24 h']) {
      await page.getByTestId('key-usage-card').getByText(range, { exact: true }).click();
      await eventually(async () => expect(await shownTotals(page)).toEqual(counts.Busy));
    }
    // the 1-hour range has one bar slot per minute
    await page.getByTestId('key-usage-card').getByText('1 h', { exact: true }).click();
    await eventually(async () =>
      expect(
        await page.getByTestId('usage-chart').locator('.recharts-xAxis .recharts-cartesian-axis-tick').count(),
      ).toBeGreaterThan(3),
    );
    // a key without uses: zeros, not an error
    await page.goto(`${suite.kw.url}/console/keys/${keys.Never.id}`);
    await eventually(async () =>
      expect(await shownTotals(page)).toEqual({ valid: 0, rateLimited: 0, denied: 0, total: 0 }),
    );
    expect(messages.filter((m) => /error|warning/i.test(m))).toEqual([]);
    await page.context().close();
  });

  it('the keys table shows the 24-hour uses and a sparkline per row, and sorts by them', async () => {
    const { page } = await suite.signedInPage();
    await page.getByLabel('Search').fill('Usage');
    await eventually(async () => expect((await keyRows(page)).length).toBe(7));
    // a sparkline in every row, each labelled with its key
    await eventually(async () =>
      expect(await page.locator('[data-testid=keys-table] tbody tr [data-testid=sparkline] svg').count()).toBe(7),
    );
    for (const [short, key] of Object.entries(keys)) {
      const row = page.locator(`[data-testid=keys-table] tbody tr[data-key-name="Usage ${short}"]`);
      expect(await textOf(row.getByTestId('usage-24h-count'))).toBe(String(counts[short]?.total ?? 0));
      expect(await row.getByRole('img', { name: `Usage ${short}: uses per hour over the last 24 hours` }).count()).toBe(
        1,
      );
      expect(key.id).toBeTruthy();
    }
    await page.getByRole('button', { name: 'Sort by Uses (24 h)' }).click();
    const byUse = ['Busy', 'Steady', 'Inactive', 'Revoked'].map((n) => `Usage ${n}`);
    await eventually(async () => expect((await keyRows(page)).slice(0, 4)).toEqual(byUse));
    await page.getByRole('button', { name: 'Sort by Uses (24 h)' }).click();
    await eventually(async () => expect((await keyRows(page)).slice(3)).toEqual([...byUse].reverse()));
    await checkScreen(page, 'keys-usage');
    await page.context().close();
  });

  it('"Unused for 30 days" lists exactly the keys never used or not used validly for 30 days', async () => {
    const { page } = await suite.signedInPage();
    await page.getByLabel('Search').fill('Usage');
    await eventually(async () => expect((await keyRows(page)).length).toBe(7));
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    await page.getByText('Unused for 30 days', { exact: true }).click();
    expect(await page.getByRole('checkbox', { name: 'Unused for 30 days' }).isChecked()).toBe(true);
    await expectKeyRows(page, ['Usage Inactive', 'Usage Never', 'Usage Revoked', 'Usage Stale']);
    await checkScreen(page, 'keys-unused');
    await page.getByText('Unused for 30 days', { exact: true }).click();
    await eventually(async () => expect((await keyRows(page)).length).toBe(7));
    await page.context().close();
  });

  it('the usage dashboard shows the tenant totals, uses over time, top keys (linking to them) and denied requests', async () => {
    const { page, messages } = await suite.signedInPage();
    await page.getByRole('link', { name: 'Usage', exact: true }).click();
    await page.waitForURL(/\/console\/usage/);
    const all = sum(Object.keys(keys));
    await eventually(async () => expect(await shownTotals(page)).toEqual(all));
    expect(all).toEqual({ valid: counts.Busy.valid + 4, rateLimited: counts.Busy.rateLimited, denied: 3, total: 13 });
    await page.getByTestId('usage-chart').locator('svg').first().waitFor();
    const rows = (id: string) =>
      page.locator(`[data-testid=${id}] tbody tr`).evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-key-name'),
          ...Array.from(tr.querySelectorAll('td') as ArrayLike<{ textContent: string | null }>)
            .slice(1)
            .map((td) => Number(td.textContent)),
        ]),
      );
    const line = (n: string) => [
      `Usage ${n}`,
      counts[n].total,
      counts[n].valid,
      counts[n].rateLimited,
      counts[n].denied,
    ];
    expect(await rows('top-keys')).toEqual(['Busy', 'Steady', 'Inactive', 'Revoked'].map(line));
    expect(await rows('denied-keys')).toEqual(['Inactive', 'Revoked'].map(line));
    await checkScreen(page, 'usage-dashboard');
    for (const range of ['1 h', '7 d', '30 d', '90 d']) {
      await page.getByText(range, { exact: true }).click();
      await eventually(async () => expect(await shownTotals(page)).toEqual(all));
    }
    await page.getByTestId('top-keys').getByRole('link', { name: 'Usage Steady' }).click();
    await page.waitForURL(new RegExp(`/console/keys/${keys.Steady.id}$`));
    await eventually(async () => expect(await shownTotals(page)).toEqual(counts.Steady));
    expect(messages.filter((m) => /error|warning/i.test(m))).toEqual([]);
    await page.context().close();
  });

  it("keeps recharts out of the first screen's JS (≤ 300 KB gzip): the charts load on demand", async () => {
    const dist = path.join(ROOT, 'dist', 'console');
    const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    const entry = [...html.matchAll(/<script[^>]+src="\/console\/([^"]+\.js)"/g)].map((m) => m[1]);
    expect(entry).toHaveLength(1);
    // the entry and whatever it imports statically
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = fs.readFileSync(path.join(dist, file), 'utf8');
      for (const m of code.matchAll(/(?:^|[;\n}])import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g))
        visit(path.posix.join(path.posix.dirname(file), m[1]));
    };
    visit(entry[0]);
    const gz = [...seen].reduce((n, f) => n + gzipSync(fs.readFileSync(path.join(dist, f))).length, 0);
    expect(gz).toBeLessThanOrEqual(300 * 1024);
    const first = [...seen].map((f) => fs.readFileSync(path.join(dist, f), 'utf8')).join('\n');
    expect(first).not.toContain('recharts-');
    expect(fs.readdirSync(path.join(dist, 'assets')).some((f) => /^charts-.*\.js$/.test(f))).toBe(true);
  });
});
