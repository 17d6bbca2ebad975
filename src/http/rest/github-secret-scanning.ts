import type { FastifyInstance } from 'fastify';
import { GitHubScanningKeys } from '../../auth/github-scanning-keys';
import type { Config } from '../../config/config';
import { badInput, KeywardError, serviceUnavailable, unauthenticated } from '../../core/errors';
import type { ReportedToken } from '../../domain/secret-scanning/secret-scanning.service';
import type { Services } from '../../services/services';
import { problemSchema } from './schemas';

const PATH = '/v1/secret-scanning/github';
const MAX_BODY_BYTES = 512 * 1024;
const MAX_TOKENS = 1000;
const MAX_FIELD = 2048;
const KEY_ID_HEADER = 'github-public-key-identifier';
const SIGNATURE_HEADER = 'github-public-key-signature';

const reportSchema = {
  type: 'array',
  maxItems: MAX_TOKENS,
  items: {
    type: 'object',
    required: ['token', 'type'],
    properties: {
      token: { type: 'string', description: 'The string GitHub found' },
      type: { type: 'string', description: 'The secret type GitHub matched, e.g. keyward_api_key' },
      url: { type: 'string', description: "Where it was found (stored as the key's leakSource)" },
      source: { type: 'string', description: 'e.g. content, commit, issue, gist, npm' },
    },
  },
} as const;

const labelsSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['token_hash', 'token_type', 'label'],
    properties: {
      token_hash: { type: 'string', description: 'SHA-256 (hex) of the token' },
      token_type: { type: 'string', description: 'The `type` reported' },
      label: { type: 'string', enum: ['true_positive', 'false_positive'] },
    },
  },
} as const;

/** The body, checked after the signature: an array of `{ token, type, url?, source? }` with bounded strings. */
function parseReports(raw: Buffer): ReportedToken[] {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw badInput('body', 'The body is not JSON');
  }
  if (!Array.isArray(body)) throw badInput('body', 'The body must be a JSON array of { token, type, url, source }');
  if (body.length > MAX_TOKENS) throw badInput('body', `At most ${MAX_TOKENS} tokens per request`);
  return body.map((item: Record<string, unknown>, i) => {
    const str = (name: string, required: boolean) => {
      const value = item?.[name];
      if (value === undefined && !required) return undefined;
      if (typeof value !== 'string' || value.length > MAX_FIELD)
        throw badInput(`body[${i}].${name}`, `${name} must be a string of at most ${MAX_FIELD} characters`);
      return value;
    };
    return {
      token: str('token', true)!,
      type: str('type', true)!,
      url: str('url', false),
      source: str('source', false),
    };
  });
}

/**
 * POST /v1/secret-scanning/github: GitHub's secret-scanning partner protocol (docs/design.md §15). The
 * raw body must carry GitHub's ECDSA P-256 SHA-256 signature (`Github-Public-Key-Signature`,
 * base64 DER) by the key named in `Github-Public-Key-Identifier`; only then is it parsed.
 */
export async function githubSecretScanningRoutes(
  app: FastifyInstance,
  { services, config }: { services: Services; config: Config },
): Promise<void> {
  const keys = config.githubSecretScanningKeysUrl
    ? new GitHubScanningKeys(config.githubSecretScanningKeysUrl, app.log)
    : undefined;
  // this plugin's scope only: the signature covers the exact bytes, so JSON is parsed after verifying them
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    PATH,
    {
      // the caller is GitHub, proven by the signature the handler checks before parsing the body
      config: { auth: { kind: 'credential', credential: 'github-signature' } },
      bodyLimit: MAX_BODY_BYTES,
      // the body is validated by hand once the signature over its raw bytes holds; the schema documents it
      validatorCompiler: () => () => true,
      schema: {
        tags: ['secret-scanning'],
        summary: 'GitHub secret-scanning partner endpoint',
        description:
          'GitHub posts the Keyward tokens it found in public repositories. Requests must be signed by GitHub (ECDSA P-256 with SHA-256 over the raw body, base64 DER in `Github-Public-Key-Signature`, ' +
          'by the key named in `Github-Public-Key-Identifier`, from the key set at KEYWARD_GITHUB_SECRET_SCANNING_KEYS_URL); anything else is refused with 401. ' +
          'Each token that is a Keyward key (current or rotated-out secret) is labelled true_positive and handled per its tenant\'s leakedKeyAction (REVOKE: revoked at once, reason "leaked"; NOTIFY: flagged only), ' +
          "with leakedAt, leakSource and the event api_key.leaked. Every other token, including well-formed Keyward tokens that match no key, is labelled false_positive. 404 when the key-set URL is not configured; 503 while GitHub's key set cannot be fetched.",
        headers: {
          type: 'object',
          required: [KEY_ID_HEADER, SIGNATURE_HEADER],
          properties: {
            [KEY_ID_HEADER]: { type: 'string', description: 'Which GitHub public key signed the body' },
            [SIGNATURE_HEADER]: { type: 'string', description: 'base64 DER ECDSA signature of the raw body' },
          },
        },
        body: reportSchema,
        response: {
          200: labelsSchema,
          400: problemSchema,
          401: problemSchema,
          404: problemSchema,
          413: problemSchema,
          503: problemSchema,
        },
      },
    },
    async (request) => {
      if (!keys) throw new KeywardError('NOT_FOUND', 'GitHub secret scanning is not configured on this server');
      const keyId = request.headers[KEY_ID_HEADER];
      const signature = request.headers[SIGNATURE_HEADER];
      if (
        typeof keyId !== 'string' ||
        typeof signature !== 'string' ||
        !keyId ||
        !signature ||
        keyId.length > 200 ||
        signature.length > 1024
      ) {
        throw unauthenticated(`Sign the request as GitHub does (${KEY_ID_HEADER}, ${SIGNATURE_HEADER})`);
      }
      const raw = request.body;
      if (!Buffer.isBuffer(raw))
        throw new KeywardError('BAD_USER_INPUT', 'Send the report as application/json', { field: 'body' });
      const verified = await keys.verify(keyId, signature, raw);
      if (verified === 'unavailable') throw serviceUnavailable();
      if (!verified) throw unauthenticated("The signature does not verify with GitHub's secret-scanning key");
      const reports = parseReports(raw);
      const labels = await services.secretScanning.labelReports(reports);
      request.log.info(
        { tokens: labels.length, truePositives: labels.filter((l) => l.label === 'true_positive').length },
        'GitHub secret-scanning report',
      );
      return labels;
    },
  );
}
