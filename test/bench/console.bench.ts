/**
 * First load of the console on localhost in Chromium (playwright-core, /usr/bin/chromium):
 *  - JavaScript transferred for the first screen (sign-in, then the keys table), in compressed bytes
 *    as sent over the wire (the server sends the build's precompressed .br/.gz), against the goal of
 *    300 KB gzip;
 *  - time from navigation to the keys table being interactive (a row's checkbox enabled), as a
 *    ratio against loading /docs (swagger-ui, a static page of the same server) in the same run.
 * Each load is in a fresh browser context (empty cache); the median of BENCH_ROUNDS (default 5).
 *
 *   npm run build && npx tsx test/bench/console.bench.ts
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Browser, Page, Request } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../helpers/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../helpers/harness';
import { startConsoleServer, type ConsoleServer } from '../helpers/console-browser';
import { runAsScript, median } from './shared';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const GOAL_BYTES = 300 * 1024;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  return context.newPage();
}

/** Compressed JS bytes of the first screen: the sign-in page, signing in, the keys table. */
async function firstScreenJs(
  browser: Browser,
  kw: ConsoleServer,
): Promise<{ bytes: number; gzipBytes: number; files: number; encodings: Set<string> }> {
  const page = await freshPage(browser);
  const scripts: Request[] = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() === 'script') scripts.push(request);
  });
  await page.goto(`${kw.url}/console/sign-in`);
  await page.getByLabel('Email').fill(ADMIN_EMAIL);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid=keys-table] tbody tr input[type=checkbox]').first().waitFor({ state: 'visible' });
  await page.waitForLoadState('networkidle');
  let bytes = 0;
  let gzipBytes = 0;
  const encodings = new Set<string>();
  for (const request of scripts) {
    bytes += (await request.sizes()).responseBodySize;
    // Chromium takes brotli; the goal is stated in gzip, so the same files are asked for as gzip too
    const gzip = await fetch(request.url(), { headers: { 'accept-encoding': 'gzip' } });
    if (gzip.headers.get('content-encoding') !== 'gzip')
      throw new Error(`${request.url()} is not served gzip-compressed`);
    gzipBytes += Number(gzip.headers.get('content-length')); // the compressed size (fetch's body is decoded)
    await gzip.arrayBuffer();
    encodings.add((await (await request.response())!.allHeaders())['content-encoding'] ?? 'identity');
  }
  await page.context().close();
  return { bytes, gzipBytes, files: scripts.length, encodings };
}

/** Milliseconds from navigation to `ready` (signed in beforehand through sessionStorage when `token` is given). */
async function timeToReady(browser: Browser, url: string, ready: string, token?: string): Promise<number> {
  const page = await freshPage(browser);
  if (token)
    await page.addInitScript({ content: `sessionStorage.setItem('keyward.session', ${JSON.stringify(token)})` });
  const start = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(ready).first().waitFor({ state: 'visible' });
  if (!(await page.locator(ready).first().isEnabled())) throw new Error(`${ready} is not enabled`);
  const ms = performance.now() - start;
  await page.context().close();
  return ms;
}

export async function main(): Promise<boolean> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    console.log(`no Chromium at ${CHROMIUM_PATH}; skipped`);
    return true;
  }
  const kw = await startConsoleServer({ env: { LOG_LEVEL: 'warn' } });
  const browser = await launchChromium();
  try {
    const admin = await kw.server.adminToken();
    for (const name of ['bench key one', 'bench key two']) {
      await kw.server.gql(
        'mutation($i: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $i) { secret } }',
        { i: { name, active: true, grants: [{ roleKey: 'API_KEY', level: 'VIEWER' }] } },
        { token: admin },
      );
    }
    const js = await firstScreenJs(browser, kw);
    console.log(
      `first screen JavaScript: ${kb(js.bytes)} transferred in ${js.files} files (${[...js.encodings].join(', ')}), ${kb(js.gzipBytes)} as gzip; goal ≤ ${kb(GOAL_BYTES)} gzip → ${((100 * js.gzipBytes) / GOAL_BYTES).toFixed(0)}% of it`,
    );

    const keysReady = '[data-testid=keys-table] tbody tr input[type=checkbox]';
    const docsReady = '.swagger-ui .info';
    // warm-up (server code paths, Chromium's process pool), then paired rounds
    await timeToReady(browser, `${kw.url}/console/keys`, keysReady, admin);
    await timeToReady(browser, `${kw.url}/docs`, docsReady);
    const consoleMs: number[] = [];
    const docsMs: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const c = await timeToReady(browser, `${kw.url}/console/keys`, keysReady, admin);
      const d = await timeToReady(browser, `${kw.url}/docs`, docsReady);
      consoleMs.push(c);
      docsMs.push(d);
      ratios.push(c / d);
    }
    console.log(
      `keys table interactive: ${median(consoleMs).toFixed(0)} ms; /docs (swagger-ui) ready: ${median(docsMs).toFixed(0)} ms; ratio ${median(ratios).toFixed(2)}× (median of ${ROUNDS})`,
    );
    return js.gzipBytes <= GOAL_BYTES;
  } finally {
    await browser.close();
    await kw.close();
  }
}

runAsScript(module, main);
