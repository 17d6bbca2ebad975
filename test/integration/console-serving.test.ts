import { startTestServer, type TestServer } from '../helpers/harness';

// The console's own behaviour is tested in Chromium (test/console); here: that KEYWARD_CONSOLE=false turns it off.
describe('KEYWARD_CONSOLE=false', () => {
  let kw: TestServer;
  beforeAll(async () => {
    kw = await startTestServer({ env: { KEYWARD_CONSOLE: 'false' } });
  });
  afterAll(() => kw.close());

  it('serves no console and no redirect from /', async () => {
    expect(kw.config.console).toBe(false);
    for (const url of ['/', '/console', '/console/', '/console/keys']) {
      const res = await kw.kw.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      // every answer carries the API's strict policy; the console's own policy is not in force
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'/);
      expect(res.headers['content-security-policy']).not.toContain('script-src');
    }
    expect((await kw.gql('{ __typename }')).status).toBe(200);
  });
});

describe('KEYWARD_CONSOLE default', () => {
  let kw: TestServer;
  beforeAll(async () => {
    kw = await startTestServer();
  });
  afterAll(() => kw.close());

  it('redirects / to /console/', async () => {
    const res = await kw.kw.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/console/');
  });
});
