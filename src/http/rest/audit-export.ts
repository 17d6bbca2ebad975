import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AuditEvent } from '../../db/entities/audit-event.entity';
import { checkFilter, type AuditEventFilter } from '../../domain/audit/audit-query';
import type { Services } from '../../services/services';
import { callerOf } from '../route-auth';
import { problemSchema } from './schemas';

interface ExportQuery {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  afterSeq?: number;
}

const querystring = {
  type: 'object',
  additionalProperties: false,
  properties: {
    actorId: { type: 'string', maxLength: 36, description: 'Only events by this user or API key' },
    action: { type: 'string', maxLength: 100, description: 'Only this action, e.g. api_key.created' },
    targetType: { type: 'string', maxLength: 100, description: 'Only events on this target type, e.g. ApiKey' },
    targetId: { type: 'string', maxLength: 64, description: 'Only events on this target' },
    from: { type: 'string', format: 'date-time', description: 'Events at or after this time (inclusive)' },
    to: { type: 'string', format: 'date-time', description: 'Events at or before this time (inclusive)' },
    afterSeq: {
      type: 'integer',
      minimum: 0,
      maximum: 2147483647,
      description: 'Resume an export: only events with a higher seq',
    },
  },
} as const;

const routeSchema = {
  tags: ['audit'],
  summary: "Export the tenant's audit log as NDJSON (AUDIT_LOG VIEWER)",
  description:
    'One JSON object per line, oldest first. Send the credential as `Authorization: Bearer <token or key>` or `X-API-Key`.',
  querystring,
  security: [{ bearer: [] }, { apiKey: [] }] as Array<Record<string, string[]>>,
  produces: ['application/x-ndjson'],
  response: {
    // streamed (Fastify does not serialize streams): the schema only documents the answer
    200: { description: 'One audit event per line (application/x-ndjson), oldest first', type: 'string' },
    400: problemSchema,
    401: problemSchema,
    403: problemSchema,
    429: problemSchema,
    503: problemSchema,
  },
};

/** One NDJSON line per event: the same fields as the GraphQL AuditEvent type. */
export function auditEventLine(event: AuditEvent): string {
  return `${JSON.stringify({
    id: event.id,
    seq: event.seq,
    action: event.action,
    actorType: event.actorType,
    actorId: event.actorId,
    actorLabel: event.actorLabel,
    targetType: event.targetType,
    targetId: event.targetId,
    changes: event.changes === null ? null : JSON.parse(event.changes),
    ip: event.ip,
    userAgent: event.userAgent,
    requestId: event.requestId,
    createdAt: event.createdAt.toISOString(),
    prevHash: event.prevHash,
    hash: event.hash,
  })}\n`;
}

async function* ndjson(batches: AsyncGenerator<AuditEvent[]>): AsyncGenerator<string> {
  for await (const events of batches) yield events.map(auditEventLine).join('');
}

/**
 * `GET /v1/audit-events`: the caller's tenant's audit log as NDJSON (oldest first), with the same
 * filters as the `auditEvents` query. AUDIT_LOG VIEWER. Streamed in keyset batches, so memory stays
 * constant for any size; the client's backpressure paces the database reads.
 * Register with: `await app.register(auditExportRoutes, { services })`.
 */
export async function auditExportRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get<{ Querystring: ExportQuery }>(
    '/v1/audit-events',
    {
      schema: routeSchema,
      config: { auth: { kind: 'auth', role: 'AUDIT_LOG', level: 'VIEWER' } },
      // the query's validation error waits until the caller is authorized: one without access learns nothing else
      attachValidation: true,
    },
    async (request, reply) => {
      if (request.validationError) throw request.validationError;
      const principal = callerOf(request);
      const q = request.query;
      const filter: AuditEventFilter = checkFilter(
        {
          actorId: q.actorId,
          action: q.action,
          targetType: q.targetType,
          targetId: q.targetId,
          from: q.from === undefined ? undefined : new Date(q.from),
          to: q.to === undefined ? undefined : new Date(q.to),
        },
        'query',
      );
      const batches = services.auditLog.exportBatches(principal, filter, { afterSeq: q.afterSeq });
      // Read the first batch before answering, so a failing database still gets a problem document.
      const first = await batches.next();
      async function* all(): AsyncGenerator<AuditEvent[]> {
        if (first.done) return;
        yield first.value;
        yield* batches;
      }
      reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-events.ndjson"')
        .header('cache-control', 'no-store');
      return reply.send(Readable.from(ndjson(all()), { objectMode: false }));
    },
  );
}
