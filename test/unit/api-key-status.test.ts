import { apiKeyStatus, EXPIRING_SOON_MS, expirationState } from '../../src/domain/api-keys/api-key-status';

const now = new Date('2026-06-01T12:00:00.000Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('derived API key status', () => {
  it.each([
    [{ active: true, revokedAt: null, expiresAt: null }, 'ACTIVE'],
    [{ active: false, revokedAt: null, expiresAt: null }, 'INACTIVE'],
    [{ active: false, revokedAt: null, expiresAt: at(-1) }, 'EXPIRED'],
    [{ active: true, revokedAt: null, expiresAt: at(0) }, 'EXPIRED'],
    [{ active: true, revokedAt: at(-5), expiresAt: at(-1) }, 'REVOKED'],
    [{ active: false, revokedAt: at(-5), expiresAt: null }, 'REVOKED'],
    [{ active: true, revokedAt: null, expiresAt: at(1) }, 'ACTIVE'],
  ] as const)('%j → %s (REVOKED > EXPIRED > INACTIVE > ACTIVE)', (key, status) => {
    expect(apiKeyStatus(key as never, now)).toBe(status);
  });

  it.each([
    [null, 'NEVER'],
    [at(-1), 'EXPIRED'],
    [at(0), 'EXPIRED'],
    [at(1), 'EXPIRING_SOON'],
    [at(EXPIRING_SOON_MS), 'EXPIRING_SOON'],
    [at(EXPIRING_SOON_MS + 1), 'VALID'],
  ] as const)('expiresAt %s → %s', (expiresAt, state) => {
    expect(expirationState({ expiresAt }, now)).toBe(state);
  });
});
