import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The system Chromium (Debian's package); playwright-core never downloads a browser. */
export const CHROMIUM_PATH = process.env.KEYWARD_TEST_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * `describe` for tests that need Chromium. Without it they are skipped with a message saying why,
 * except with CI=true, where a missing browser fails the run.
 */
export function describeWithChromium(name: string, body: () => void): void {
  if (fs.existsSync(CHROMIUM_PATH)) {
    describe(name, body);
  } else if (process.env.CI === 'true' || process.env.CI === '1') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium package (CI=true requires it)`);
      });
    });
  } else {
    console.warn(
      `*** SKIPPING "${name}": no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set KEYWARD_TEST_CHROMIUM)`,
    );
    describe.skip(name, body);
  }
}

/** Starts headless Chromium; close it in afterAll. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Records Content-Security-Policy violations of a page (from its first script on): read them
 * with `cspViolations(page)` after the page has loaded.
 */
export async function watchCspViolations(page: Page): Promise<void> {
  // page scripts as strings: the test's TypeScript has no DOM types
  await page.addInitScript({
    content: `window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));`,
  });
}

export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate('window.__cspViolations') as Promise<string[]>;
}
