import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { onReplica } from '../database';
import { badInput } from '../../core/errors';

/** Runs a list's query on a read replica, if any (onReplica). */
function onReplicaQuery<T extends ObjectLiteral, R>(
  qb: SelectQueryBuilder<T>,
  read: (qb: SelectQueryBuilder<T>) => Promise<R>,
): Promise<R> {
  // a clone runs on the replica: the query builder itself stays free for the primary should the replica fail
  return onReplica(qb.dataSource, (em) => read(em.queryRunner ? qb.clone().setQueryRunner(em.queryRunner) : qb));
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** One ORDER BY key. The last key of a sort must be unique (the id). */
export interface SortKey {
  /** SQL expression in the query builder, e.g. `k.name`. */
  expression: string;
  /** Entity property holding the value, for cursors. */
  property: string;
  direction: 'ASC' | 'DESC';
  type: 'string' | 'number' | 'date' | 'boolean';
  /** Nullable keys sort nulls last in both directions. */
  nullable?: boolean;
  /** A value SQL computes (no entity property): selected as `property` and read from the raw row for cursors. */
  computed?: boolean;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Array<Edge<T>>;
  pageInfo: PageInfo;
  /** Lazy: only counted when a client asks for it (graphql-js calls function properties). */
  totalCount: () => Promise<number>;
}

type CursorValue = string | number | null;

interface ExpandedKey {
  expression: string;
  direction: 'ASC' | 'DESC';
  computed?: string;
  value(node: ObjectLiteral): CursorValue;
  decode(raw: CursorValue): unknown;
  /** Whether a cursor's value is one `value` could have produced (a tampered cursor must not reach SQL as NaN). */
  accepts(raw: CursorValue): boolean;
}

const isFlag = (raw: CursorValue) => raw === 0 || raw === 1;

/** The cursor values a sort key's type produces. */
function acceptsValue(type: SortKey['type'], raw: CursorValue): boolean {
  if (type === 'string') return typeof raw === 'string';
  if (type === 'number') return typeof raw === 'number' && Number.isFinite(raw);
  if (type === 'boolean') return isFlag(raw);
  return typeof raw === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(raw) && !Number.isNaN(Date.parse(raw));
}

const flip = (direction: 'ASC' | 'DESC') => (direction === 'ASC' ? 'DESC' : 'ASC');

function expand(sort: SortKey[]): ExpandedKey[] {
  const keys: ExpandedKey[] = [];
  for (const key of sort) {
    if (key.nullable) {
      keys.push({
        expression: `(CASE WHEN ${key.expression} IS NULL THEN 1 ELSE 0 END)`,
        direction: 'ASC',
        value: (node) => (node[key.property] === null || node[key.property] === undefined ? 1 : 0),
        decode: (raw) => Number(raw),
        accepts: isFlag,
      });
    }
    keys.push({
      expression: key.expression,
      direction: key.direction,
      computed: key.computed ? key.property : undefined,
      value: (node) => {
        const v = node[key.property];
        if (v === null || v === undefined) return null;
        if (key.type === 'date') return (v as Date).toISOString();
        if (key.type === 'boolean') return v ? 1 : 0;
        return v as string | number;
      },
      decode: (raw) =>
        raw === null
          ? null
          : key.type === 'date'
            ? new Date(String(raw))
            : key.type === 'boolean' || key.type === 'number'
              ? Number(raw)
              : String(raw),
      accepts: (raw) => (raw === null ? key.nullable === true : acceptsValue(key.type, raw)),
    });
  }
  return keys;
}

function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, keys: ExpandedKey[], field: string): CursorValue[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === keys.length && values.every((v, i) => keys[i]!.accepts(v)))
      return values;
  } catch {
    // fall through
  }
  throw badInput(field, `"${field}" is not a cursor of this list`);
}

/** Validates Relay arguments: page sizes 0..100, not both first and last. */
export function checkPageArgs(args: PageArgs): {
  forward: boolean;
  size: number;
  cursor: string | null;
  cursorField: string;
} {
  if (args.first != null && args.last != null) throw badInput('last', 'Pass either "first" or "last", not both');
  for (const field of ['first', 'last'] as const) {
    const n = args[field];
    if (n != null && (!Number.isInteger(n) || n < 0 || n > MAX_PAGE_SIZE))
      throw badInput(field, `"${field}" must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  if (args.last != null || (args.before != null && args.first == null)) {
    if (args.after != null) throw badInput('after', 'Use "after" with "first", "before" with "last"');
    return { forward: false, size: args.last ?? DEFAULT_PAGE_SIZE, cursor: args.before ?? null, cursorField: 'before' };
  }
  if (args.before != null) throw badInput('before', 'Use "after" with "first", "before" with "last"');
  return { forward: true, size: args.first ?? DEFAULT_PAGE_SIZE, cursor: args.after ?? null, cursorField: 'after' };
}

/**
 * Keyset (seek) pagination over a query builder that already carries the tenant filter and the
 * list's filters. Cost does not grow with the page's depth: each page is one indexed range scan.
 * Lists are read from a read replica when there are any (DATABASE_REPLICA_URLS): never pass a
 * query builder of a transaction.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  args: PageArgs,
  sort: SortKey[],
): Promise<Connection<T>> {
  const { forward, size, cursor, cursorField } = checkPageArgs(args);
  const keys = expand(sort);
  const countQuery = qb.clone();
  const page = qb.clone();
  if (cursor) {
    const values = decodeCursor(cursor, keys, cursorField);
    const params: Record<string, unknown> = {};
    const disjuncts: string[] = [];
    keys.forEach((key, i) => {
      const direction = forward ? key.direction : flip(key.direction);
      const raw = values[i]!;
      if (raw === null) return; // nothing sorts strictly past null within its group
      const conjuncts = keys.slice(0, i).map((prev, j) => {
        const v = values[j];
        if (v === null) return `${prev.expression} IS NULL`;
        params[`kp${j}`] = prev.decode(v);
        return `${prev.expression} = :kp${j}`;
      });
      params[`kp${i}`] = key.decode(raw);
      conjuncts.push(`${key.expression} ${direction === 'ASC' ? '>' : '<'} :kp${i}`);
      disjuncts.push(`(${conjuncts.join(' AND ')})`);
    });
    // A redundant bound on the leading key (`k >= v` / `k <= v`) in front of the OR: it is implied by
    // the disjunction, but unlike it the optimizers of SQLite and MariaDB turn it into an index
    // range, so a deep page costs about the same as the first one.
    const lead = keys[0]!;
    if (disjuncts.length && values[0] !== null) {
      const direction = forward ? lead.direction : flip(lead.direction);
      page.andWhere(`${lead.expression} ${direction === 'ASC' ? '>=' : '<='} :kpLead`, {
        kpLead: lead.decode(values[0]!),
      });
    }
    page.andWhere(disjuncts.length ? `(${disjuncts.join(' OR ')})` : '1 = 0', params);
  }
  keys.forEach((key, i) => {
    const direction = forward ? key.direction : flip(key.direction);
    if (i === 0) page.orderBy(key.expression, direction);
    else page.addOrderBy(key.expression, direction);
  });
  const computed = keys.filter((key) => key.computed);
  for (const key of computed) page.addSelect(key.expression, key.computed);
  // computed keys: their values come with the raw rows, by the entity's id (the sort's last key)
  let rows: T[] = [];
  const computedValues = new Map<unknown, ObjectLiteral>();
  if (size > 0 && computed.length > 0) {
    const { raw, entities } = await onReplicaQuery(page, (q) => q.limit(size + 1).getRawAndEntities());
    const idColumn = `${page.alias}_id`;
    for (const row of raw as ObjectLiteral[]) computedValues.set(row[idColumn], row);
    rows = entities;
  } else if (size > 0) {
    rows = await onReplicaQuery(page, (q) => q.limit(size + 1).getMany());
  }
  const hasMore = rows.length > size;
  const nodes = rows.slice(0, size);
  if (!forward) nodes.reverse();
  const valueOf = (key: ExpandedKey, node: T): CursorValue =>
    key.computed ? Number(computedValues.get(node.id)?.[key.computed] ?? 0) : key.value(node);
  const edges = nodes.map((node) => ({ node, cursor: encodeCursor(keys.map((key) => valueOf(key, node))) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: forward ? hasMore : Boolean(cursor),
      hasPreviousPage: forward ? Boolean(cursor) : hasMore,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: () => onReplicaQuery(countQuery, (q) => q.getCount()),
  };
}
