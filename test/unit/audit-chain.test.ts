import { loadConfig } from '../../src/config/config';
import {
  canonicalJson,
  clip,
  computeEventHash,
  GENESIS_HASH,
  MAX_CHANGES_BYTES,
  redact,
  REDACTED,
  serializeChanges,
  type ChainedFields,
} from '../../src/domain/audit/audit-chain';

const event: ChainedFields = {
  id: '6f1c1d2e-0000-4000-8000-000000000001',
  tenantId: 't-1',
  seq: 1,
  action: 'channel.created',
  actorType: 'USER',
  actorId: 'u-1',
  actorLabel: 'alice@example.test',
  targetType: 'Channel',
  targetId: 'c-1',
  changes: '{"name":{"after":"Web","before":null}}',
  ip: '203.0.113.7',
  userAgent: 'jest',
  requestId: 'r-1',
  createdAt: new Date('2026-01-02T03:04:05.678Z'),
  prevHash: GENESIS_HASH,
};

describe('audit chain primitives', () => {
  it('canonical JSON sorts keys at every depth and is whitespace-free', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ x: new Date('2026-01-01T00:00:00Z') })).toBe('{"x":"2026-01-01T00:00:00.000Z"}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('hashes and canonical text stay what earlier versions stored: chains written before still verify', () => {
    expect(computeEventHash(event)).toBe('f052df4c23e839cb14aafea476f39c0f75d0a11dcd54a1387ab2a50144f46b34');
    expect(
      computeEventHash({
        ...event,
        actorId: null,
        targetId: null,
        changes: null,
        ip: null,
        userAgent: null,
        requestId: null,
        actorLabel: 'Zoë "quoted" \\ ✓',
      }),
    ).toBe('23b3c1ed33d5c161cdaf4ab6bb74b15d19a206f938a79e3892911d3a6cf606f6');
    const changes = {
      name: { before: 'a', after: 'b\u2028' },
      n: { before: 1.5, after: -0 },
      list: { after: [1, 'x', null, { b: true, a: false }] },
      ünï: { after: new Date(0) },
      big: { after: 10n },
      gone: undefined,
    };
    expect(serializeChanges(changes)).toBe(
      '{"big":{"after":"10"},"list":{"after":[1,"x",null,{"a":false,"b":true}]},"n":{"after":0,"before":1.5},' +
        '"name":{"after":"b\u2028","before":"a"},"ünï":{"after":"1970-01-01T00:00:00.000Z"}}',
    );
  });

  it('the hash covers every field, prevHash included', () => {
    const hash = computeEventHash(event);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(computeEventHash({ ...event })).toBe(hash);
    const variants: Array<Partial<ChainedFields>> = [
      { id: 'other' },
      { tenantId: 't-2' },
      { seq: 2 },
      { action: 'channel.deleted' },
      { actorType: 'API_KEY' },
      { actorId: null },
      { actorLabel: 'mallory@example.test' },
      { targetType: 'User' },
      { targetId: 'c-2' },
      { changes: null },
      { ip: '203.0.113.8' },
      { userAgent: 'other' },
      { requestId: 'r-2' },
      { createdAt: new Date('2026-01-02T03:04:05.679Z') },
      { prevHash: 'f'.repeat(64) },
    ];
    for (const change of variants) expect(computeEventHash({ ...event, ...change })).not.toBe(hash);
  });

  it('redacts sensitive keys at any depth, keeping the shape, and secret-looking values anywhere', () => {
    const input = {
      name: { before: 'a', after: 'b' },
      secretHash: { before: 'x', after: 'y' },
      Password: 'p',
      list: [{ apiToken: 't', keep: 1 }, 'kwp_' + 'b'.repeat(36)],
      deep: { deeper: { PRIVATE_KEY: { pem: 'k' }, clientId: 'kwc_public12345678' } },
      whsec: 'whsec_abcdefghijklmnop',
      nothing: null,
    };
    expect(redact(input)).toEqual({
      name: { before: 'a', after: 'b' },
      secretHash: { before: REDACTED, after: REDACTED },
      Password: REDACTED,
      list: [{ apiToken: REDACTED, keep: 1 }, REDACTED],
      deep: { deeper: { PRIVATE_KEY: { pem: REDACTED }, clientId: 'kwc_public12345678' } },
      whsec: REDACTED,
      nothing: null,
    });
    expect(input.secretHash.before).toBe('x'); // the input is not modified
  });

  it('stores changes as redacted canonical JSON, none as null, oversized ones as the field list', () => {
    expect(serializeChanges(undefined)).toBeNull();
    expect(serializeChanges({})).toBeNull();
    expect(serializeChanges({ b: { after: 1 }, a: { before: 'x', after: 'y' }, token: { after: 's' } })).toBe(
      '{"a":{"after":"y","before":"x"},"b":{"after":1},"token":{"after":"[REDACTED]"}}',
    );
    const huge = serializeChanges({ description: { after: 'é'.repeat(MAX_CHANGES_BYTES) }, name: { after: 'n' } })!;
    expect(JSON.parse(huge)).toEqual({ _truncated: true, fields: ['description', 'name'] });
  });

  it('clips by characters without splitting a surrogate pair', () => {
    expect(clip('abc', 5)).toBe('abc');
    expect(clip('😀😀😀', 2)).toBe('😀😀');
    expect(clip(null, 3)).toBeNull();
  });

  it('reads KEYWARD_AUDIT_RETENTION_DAYS (default: keep forever)', () => {
    expect(loadConfig({}).auditRetentionDays).toBeNull();
    expect(loadConfig({ KEYWARD_AUDIT_RETENTION_DAYS: '' }).auditRetentionDays).toBeNull();
    expect(loadConfig({ KEYWARD_AUDIT_RETENTION_DAYS: '90' }).auditRetentionDays).toBe(90);
    expect(() => loadConfig({ KEYWARD_AUDIT_RETENTION_DAYS: '0' })).toThrow(/KEYWARD_AUDIT_RETENTION_DAYS/);
    expect(() => loadConfig({ KEYWARD_AUDIT_RETENTION_DAYS: 'forever' })).toThrow(/KEYWARD_AUDIT_RETENTION_DAYS/);
  });
});
