import { AuditEvent } from '../../db/entities/audit-event.entity';

/** Columns in table order, shared by the raw INSERT and SELECTs (backticks quote identifiers in SQLite too). */
export const COLUMNS = [
  'id',
  'tenantId',
  'seq',
  'action',
  'actorType',
  'actorId',
  'actorLabel',
  'targetType',
  'targetId',
  'changes',
  'ip',
  'userAgent',
  'requestId',
  'createdAt',
  'prevHash',
  'hash',
] as const;
export const COLUMN_LIST = COLUMNS.map((c) => `\`${c}\``).join(', ');
export const INSERT_EVENT = `INSERT INTO \`audit_event\` (${COLUMN_LIST}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;

/** The UTC `YYYY-MM-DD HH:MM:SS.mmm` form both dialects store DATETIME(3) in (and compare correctly as a parameter). */
export function sqlDate(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** A raw row (mysql2: Date objects; better-sqlite3: strings) as an AuditEvent. */
export function eventFromRow(row: Record<string, unknown>): AuditEvent {
  const event = new AuditEvent();
  for (const column of COLUMNS) (event as unknown as Record<string, unknown>)[column] = row[column] ?? null;
  event.seq = Number(row.seq);
  const created = row.createdAt;
  event.createdAt = created instanceof Date ? created : new Date(`${String(created).replace(' ', 'T')}Z`);
  return event;
}
