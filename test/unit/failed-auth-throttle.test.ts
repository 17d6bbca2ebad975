import { clientNetwork, FailedAuthThrottle } from '../../src/credentials/failed-auth-throttle';
import { RateLimiterFactory } from '../../src/redis/rate-limiter-factory';

describe('clientNetwork', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:DB8:a::', '2001:db8:a:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
  ])('%s → %s', (ip, network) => expect(clientNetwork(ip)).toBe(network));
});

describe('FailedAuthThrottle', () => {
  it('blocks an address on its first failure over the limit, for the block duration, then counts afresh', async () => {
    const throttle = new FailedAuthThrottle(new RateLimiterFactory(), 2, undefined, 1);
    expect(await throttle.recordFailure('198.51.100.1')).toBeUndefined();
    expect(await throttle.recordFailure('198.51.100.1')).toBeUndefined();
    expect(throttle.retryAfter('198.51.100.1')).toBeUndefined();
    expect(await throttle.recordFailure('198.51.100.1')).toBe(1);
    expect(throttle.retryAfter('198.51.100.1')).toBe(1);
    expect(throttle.retryAfter('198.51.100.2')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(throttle.retryAfter('198.51.100.1')).toBeUndefined();
    expect(await throttle.recordFailure('198.51.100.1')).toBeUndefined();
  });

  it('does nothing with a limit of 0', async () => {
    const throttle = new FailedAuthThrottle(new RateLimiterFactory(), 0);
    for (let i = 0; i < 10; i++) expect(await throttle.recordFailure('198.51.100.1')).toBeUndefined();
    expect(throttle.retryAfter('198.51.100.1')).toBeUndefined();
  });
});
