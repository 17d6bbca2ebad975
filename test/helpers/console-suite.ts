import type { Browser, Page } from 'playwright-core';
import { launchChromium, newConsolePage, signIn, startConsoleServer, type ConsoleServer } from './console-browser';
import type { StartOptions } from './harness';

// the console tests import their helpers from here only
export * from './console-browser';

export interface ConsoleSuiteOptions extends StartOptions {
  /** Sign the seeded admin in through the API before the tests: its token is `suite.admin`. */
  admin?: boolean;
  /**
   * Raise the admin's tenant's API-key limit to this (the default is too low for suites that create many
   * keys); implies `admin`, and `suite.tenantId` is the tenant's id.
   */
  apiKeyLimit?: number;
}

export interface ConsoleSuite {
  /** The Keyward instance serving the console. */
  readonly kw: ConsoleServer;
  readonly browser: Browser;
  /** The seeded admin's token (with `admin` or `apiKeyLimit`). */
  readonly admin: string;
  /** The seeded admin's tenant (with `apiKeyLimit`). */
  readonly tenantId: string;
  /** A fresh page (own cookies and storage) that collects what the console logs; see newConsolePage. */
  newPage(options?: { clipboardOrigin?: string }): Promise<{ page: Page; messages: string[] }>;
  /** A fresh page, signed in on the console as the seeded admin (or as `as`). */
  signedInPage(options?: {
    clipboardOrigin?: string;
    as?: { email: string; password: string };
  }): Promise<{ page: Page; messages: string[] }>;
}

/**
 * The set-up every console test file shares, called first in its `describeWithChromium`: before the
 * tests a Keyward instance serving the console (see console-global-setup.ts), Chromium and, if asked,
 * the admin's token; after them both are closed. The file's own beforeAll runs after this one.
 */
export function consoleSuite(options: ConsoleSuiteOptions = {}): ConsoleSuite {
  const { admin: withAdmin, apiKeyLimit, ...start } = options;
  let kw: ConsoleServer | undefined;
  let browser: Browser | undefined;
  let admin: string | undefined;
  let tenantId: string | undefined;
  beforeAll(async () => {
    kw = await startConsoleServer(start);
    browser = await launchChromium();
    if (withAdmin || apiKeyLimit !== undefined) admin = await kw.server.adminToken();
    if (apiKeyLimit !== undefined) {
      const tenant = await kw.server.gql<{ tenant: { id: string } }>('{ tenant { id } }', {}, { token: admin });
      tenantId = tenant.data!.tenant.id;
      await kw.server.gql(
        'mutation($id: ID!, $limit: Int) { updateTenant(id: $id, input: { apiKeyLimit: $limit }) { id } }',
        { id: tenantId, limit: apiKeyLimit },
        { token: admin },
      );
    }
  });
  afterAll(async () => {
    await browser?.close();
    await kw?.close();
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`consoleSuite: no ${what} (before beforeAll, or not asked for)`);
    return value;
  };
  const suite: ConsoleSuite = {
    get kw() {
      return ready(kw, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get admin() {
      return ready(admin, 'admin token (options.admin)');
    },
    get tenantId() {
      return ready(tenantId, 'tenant id (options.apiKeyLimit)');
    },
    newPage: (pageOptions = {}) => newConsolePage(suite.browser, pageOptions),
    async signedInPage({ as, ...pageOptions } = {}) {
      const opened = await newConsolePage(suite.browser, pageOptions);
      await signIn(opened.page, suite.kw.url, as?.email, as?.password);
      return opened;
    },
  };
  return suite;
}
