import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { deliver, parseRetryAfter } from '../../src/domain/webhooks/delivery';
import { retryDelayMs, RETRY_SCHEDULE_MS } from '../../src/domain/webhooks/delivery-recorder';
import { generateSigningSecret, newMessageId, signHeaders } from '../../src/domain/webhooks/signing';

describe('Standard Webhooks signing', () => {
  it('produces headers any Standard Webhooks library verifies', () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    const id = newMessageId();
    const body = JSON.stringify({ type: 'api_key.created', timestamp: new Date().toISOString(), data: { id: 'k1' } });
    const headers = signHeaders([secret], id, body);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new StandardWebhook(secret).verify(body, headers)).toMatchObject({ data: { id: 'k1' } });
    expect(() => new StandardWebhook(secret).verify(body + ' ', headers)).toThrow();
  });

  it('signs with every secret during a rotation overlap', () => {
    const [a, b] = [generateSigningSecret(), generateSigningSecret()];
    const headers = signHeaders([a, b], newMessageId(), '{"x":1}');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    new StandardWebhook(a).verify('{"x":1}', headers);
    new StandardWebhook(b).verify('{"x":1}', headers);
    expect(() => new StandardWebhook(generateSigningSecret()).verify('{"x":1}', headers)).toThrow();
  });
});

describe('retry schedule', () => {
  it('is 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h with ±10% jitter, then gives up', () => {
    expect(RETRY_SCHEDULE_MS.map((ms) => ms / 1000)).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(retryDelayMs(1, 1, () => 0)).toBe(4500);
    expect(retryDelayMs(1, 1, () => 1)).toBe(5500);
    expect(retryDelayMs(2, 1, () => 0.5)).toBe(300_000);
    expect(retryDelayMs(7, 0.001, () => 0.5)).toBe(36_000);
    expect(retryDelayMs(8)).toBeNull();
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter(new Date(Date.now() + 30_000).toUTCString())).toBeGreaterThanOrEqual(29);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});

describe('delivery', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      } else if (req.url === '/big') {
        res.writeHead(200);
        const chunk = 'y'.repeat(64 * 1024);
        const write = () => {
          if (!res.destroyed) res.write(chunk, () => setImmediate(write));
        };
        write(); // endless body: only 4 KiB may be read
      } else if (req.url === '/slow') {
        setTimeout(() => {
          if (!res.destroyed) res.writeHead(200).end('late');
        }, 2000).unref();
      } else {
        res.writeHead(200).end('fine');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  const opts = { allowPrivate: true, requireHttps: false };

  it('does not follow redirects', async () => {
    const result = await deliver({ url: `${base}/redirect`, headers: {}, body: '{}' }, opts);
    expect(result).toMatchObject({ ok: false, statusCode: 302 });
    expect(result.error).toMatch(/redirect .* not followed/);
  });

  it('reads at most 4 KiB of the response', async () => {
    const result = await deliver({ url: `${base}/big`, headers: {}, body: '{}' }, opts);
    expect(result.ok).toBe(true);
    expect(result.responseBody).toHaveLength(4096);
  });

  it('gives up at the timeout', async () => {
    const result = await deliver({ url: `${base}/slow`, headers: {}, body: '{}' }, { ...opts, timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, statusCode: null, error: 'timed out after 200 ms' });
  });

  it('refuses private targets at delivery unless allowed', async () => {
    const result = await deliver(
      { url: `${base}/ok`, headers: {}, body: '{}' },
      { allowPrivate: false, requireHttps: false },
    );
    expect(result).toMatchObject({ ok: false, statusCode: null });
    expect(result.error).toMatch(/loopback/);
  });

  it('connects to the pinned, checked address (no second lookup)', async () => {
    const port = (server.address() as AddressInfo).port;
    const resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const result = await deliver(
      { url: `http://hooks.test.invalid:${port}/ok`, headers: {}, body: '{}' },
      { ...opts, resolver },
    );
    expect(result).toMatchObject({ ok: true, statusCode: 200, responseBody: 'fine' });
  });
});
