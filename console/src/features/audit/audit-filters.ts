import dayjs from 'dayjs';

/** The audit log's filters as the filter bar edits them. */
export interface AuditFilters {
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  from: string | null;
  to: string | null;
}

export const NO_FILTERS: AuditFilters = { actorId: '', action: '', targetType: '', targetId: '', from: null, to: null };

/** The filter as the API takes it (GraphQL AuditEventFilter and the export's query string alike). */
export function apiFilter(f: AuditFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['actorId', 'action', 'targetType', 'targetId'] as const)
    if (f[key].trim()) out[key] = f[key].trim();
  if (f.from) out.from = dayjs(f.from).toISOString();
  if (f.to) out.to = dayjs(f.to).toISOString();
  return out;
}
