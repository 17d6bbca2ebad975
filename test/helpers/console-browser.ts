import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestServer, type StartOptions, type TestServer } from './harness';
import { ROOT } from './keyward-process';

export { describeWithChromium, launchChromium } from './browser';

export const SCREENSHOTS = path.join(ROOT, 'test-results', 'console');

export interface ConsoleServer {
  server: TestServer;
  url: string;
  close(): Promise<void>;
}

/** A Keyward instance listening on 127.0.0.1, serving the built console (see console-global-setup.ts). */
export async function startConsoleServer(options: StartOptions = {}): Promise<ConsoleServer> {
  const server = await startTestServer(options);
  const address = await server.kw.app.listen({ host: '127.0.0.1', port: 0 });
  server.kw.startBackgroundWork();
  return { server, url: address, close: () => server.close() };
}

/** A fresh page (own cookies and storage) that collects everything the console logs. */
export async function newConsolePage(
  browser: Browser,
  options: { clipboardOrigin?: string } = {},
): Promise<{ page: Page; messages: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  if (options.clipboardOrigin)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: options.clipboardOrigin });
  const page = await context.newPage();
  const messages: string[] = [];
  page.on('console', (message) => messages.push(message.text()));
  page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`));
  return { page, messages };
}

export async function signIn(
  page: Page,
  url: string,
  email = ADMIN_EMAIL,
  password = ADMIN_PASSWORD,
  tenant?: string,
): Promise<void> {
  await page.goto(`${url}/console/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  if (tenant) await page.getByLabel('Tenant').fill(tenant);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console\/keys/);
}

/** In the page: no transition or animation is running, endless ones (a loader's) aside. */
const SETTLED = `document.getAnimations().every(
  (a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity
)`;

/** axe-core on the current screen: no serious or critical violations. Also writes a screenshot. */
export async function checkScreen(page: Page, name: string, options: { exclude?: string[] } = {}): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // the screen as it settles, for the shot and for axe: no drawer, dialog or notification mid-transition
  // (endless animations, such as a loader's, are not waited for)
  // polled with evaluate: waitForFunction evaluates a string in the page, which the console's CSP forbids
  await eventually(async () => expect(await page.evaluate(SETTLED)).toBe(true), 5000);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  // `exclude`: selectors of third-party markup the console cannot change (named where it is used)
  const results = await (options.exclude ?? [])
    .reduce((axe, selector) => axe.exclude(selector), new AxeBuilder({ page }))
    .analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    ),
  ).toEqual([]);
}

/**
 * Retries `check` (assertions on the page) until it passes or `timeoutMs` runs out: the page updates asynchronously.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Waits for the locator to be visible, then returns its text. */
export async function textOf(locator: Locator): Promise<string> {
  await locator.first().waitFor({ state: 'visible' });
  return (await locator.first().innerText()).trim();
}

/** The page's sessionStorage and localStorage (as JSON) and its URL. */
export async function browserStorage(page: Page): Promise<{ session: string; local: string; url: string }> {
  return page.evaluate(
    '({ session: JSON.stringify({ ...sessionStorage }), local: JSON.stringify({ ...localStorage }), url: location.href })',
  );
}

/** The `data-key-name` of every row of the keys table, in order. */
export async function keyRows(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid=keys-table] tbody tr')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key-name') ?? ''));
}

/** Waits until the keys table shows exactly these rows (in this order). */
export async function expectKeyRows(page: Page, names: string[]): Promise<void> {
  await eventually(async () => expect(await keyRows(page)).toEqual(names));
}
