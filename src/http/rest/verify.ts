import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { VERIFY_CODES } from '../../auth/key-verifier';
import { requestMeta } from '../../core/request-meta';
import { badInput } from '../../core/errors';
import type { Services } from '../../services/services';
import { callerOf } from '../route-auth';
import { problemSchema } from './schemas';

const rateLimitSchema = {
  type: ['object', 'null'],
  properties: {
    limit: { type: 'integer', description: 'Requests per minute' },
    remaining: { type: 'integer' },
    reset: { type: 'integer', description: 'Seconds until the window restarts' },
  },
  required: ['limit', 'remaining', 'reset'],
} as const;

const verifyResponse = {
  type: 'object',
  properties: {
    valid: { type: 'boolean' },
    code: { type: 'string', enum: [...VERIFY_CODES] },
    keyId: { type: ['string', 'null'] },
    tenantId: { type: ['string', 'null'] },
    channelId: { type: ['string', 'null'] },
    kind: { type: ['string', 'null'], enum: ['GRAPHQL', 'REST', 'PERSONAL', null] },
    grants: {
      type: 'array',
      items: {
        type: 'object',
        properties: { roleKey: { type: 'string' }, level: { type: 'string', enum: ['VIEWER', 'EDITOR', 'OWNER'] } },
        required: ['roleKey', 'level'],
      },
    },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
    ratelimit: rateLimitSchema,
  },
  required: ['valid', 'code', 'keyId', 'tenantId', 'channelId', 'grants', 'expiresAt', 'ratelimit'],
} as const;

interface VerifyBody {
  key: string;
  ip?: string;
}

/** POST /v1/keys/verify: for services that hold a raw key (docs/design.md §6). */
export async function verifyRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.post<{ Body: VerifyBody }>(
    '/v1/keys/verify',
    {
      config: {
        auth: {
          kind: 'authenticated',
          message: 'Authenticate with an API key, access token or session to verify keys',
        },
      },
      schema: {
        tags: ['keys'],
        summary: 'Verify a raw API key',
        description:
          'Checks, in this order: format and checksum, existence, REVOKED, INACTIVE, EXPIRED, IP_NOT_ALLOWED, RATE_LIMITED (a successful verification takes one rate-limit point and counts as a use of the key). ' +
          'The caller must be authenticated (any Keyward credential); keys of another tenant answer NOT_FOUND, and so do, for a channel-bound caller, keys outside its channel. Always 200 with `valid` and `code` for a well-formed request.',
        security: [{ apiKey: [] }, { bearer: [] }],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['key'],
          properties: {
            key: { type: 'string', minLength: 1, maxLength: 4096, description: 'The raw key (kwk_…, kwp_… or kws_…)' },
            ip: {
              type: 'string',
              maxLength: 45,
              description: "The key user's IP address for the allowlist check (default: the caller's)",
            },
          },
        },
        response: {
          200: verifyResponse,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request) => {
      const meta = requestMeta(request);
      const caller = callerOf(request);
      const { key, ip } = request.body;
      if (ip !== undefined && isIP(ip) === 0) throw badInput('ip', 'Not an IPv4 or IPv6 address');
      const result = await services.keyVerifier.verify(
        key,
        { ...meta, ip: ip ?? meta.ip },
        { tenantId: caller.tenant, channelId: caller.channelId },
      );
      if (!result.valid) {
        return {
          valid: false,
          code: result.code,
          keyId: null,
          tenantId: null,
          channelId: null,
          kind: null,
          grants: [],
          expiresAt: null,
          ratelimit: result.code === 'RATE_LIMITED' ? stripRetry(result.ratelimit) : null,
        };
      }
      return {
        valid: true,
        code: result.code,
        keyId: result.key.id,
        tenantId: result.key.tenantId,
        channelId: result.key.channelId,
        kind: result.key.kind,
        grants: result.principal.grants.toArray(),
        expiresAt: result.key.expiresAt?.toISOString() ?? null,
        ratelimit: stripRetry(result.ratelimit),
      };
    },
  );
}

function stripRetry(state: { limit: number; remaining: number; reset: number } | undefined) {
  return state ? { limit: state.limit, remaining: state.remaining, reset: state.reset } : null;
}
