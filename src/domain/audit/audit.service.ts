import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../../core/principal';
import type { AuditActorType } from '../../db/entities/audit-event.entity';
import { runStatement } from '../../db/entity-rows';
import { COLUMNS, INSERT_EVENT, sqlDate } from './audit-rows';
import { clip, computeEventHash, GENESIS_HASH, serializeChanges, type ChainedFields } from './audit-chain';
import type { DomainEvent, DomainEventSink } from '../shared/domain-events';
import type { Infrastructure } from '../shared/infrastructure';

/** Runs a statement on the transaction's connection; returns the affected row count. */
async function run(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  if (!em.queryRunner) throw new Error('audit events are written inside a transaction (deps.tx.run)');
  return (await runStatement(em, sql, params)).affected;
}

/**
 * How long an append waits, once the one before it has its turn, for that one to advance the head
 * before it goes ahead regardless.
 */
const TURN_WAIT_MS = 250;

/** One append's turn: `started` once it may go, `advanced` once it has advanced the head (or failed). */
interface Turn {
  started: Promise<void>;
  advanced: Promise<void>;
}

/** Resolves when `previous` does, or after `ms`, whichever comes first. */
function waitAtMost(previous: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void previous.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function actorOf(principal: Principal): { type: AuditActorType; id: string | null } {
  if (principal.type === 'ANONYMOUS') return { type: 'ANONYMOUS', id: null };
  return principal.actor();
}

/**
 * The audit log (docs/design.md §8): a DomainEventSink that appends every domain event, in the caller's
 * transaction, to its tenant's hash chain. Reading is AuditQuery's, pruning AuditRetention's.
 *
 * Serialization: every writer locks the tenant's `audit_chain_head` row. On MariaDB the first
 * statement is `INSERT … ON DUPLICATE KEY UPDATE` (creates the head on first use and takes an
 * exclusive record lock either way — no shared-then-exclusive upgrade, so concurrent first uses do
 * not deadlock), or, once the head is known to exist, `SELECT … FOR UPDATE`. The lock is held to
 * commit, so seq/prevHash can never fork; a rolled-back transaction leaves no event and no head change.
 * On SQLite the TransactionRunner already runs one transaction at a time.
 *
 * Consequence for services: the head lock is held from the first emit to commit, so take your own
 * row locks (tenant, key) before emitting, never after.
 */
export class AuditService implements DomainEventSink {
  /** Tenants whose head row is known to exist (head rows are never deleted). */
  private readonly knownHeads = new Set<string>();
  /** What this instance last wrote per tenant: the expected head for the compare-and-set fast path. */
  private readonly heads = new Map<string, { lastSeq: number; lastHash: string }>();
  /**
   * Per tenant, the run of appends this instance made one after another (a new one after each locked read of the head).
   */
  private readonly runs = new Map<string, number>();
  private lastRun = 0;
  /** The run each event was appended in (see runOf). */
  private readonly eventRuns = new WeakMap<DomainEvent, number>();
  /** Per tenant, this instance's latest append until it has advanced the head (see takeTurn). */
  private readonly turns = new Map<string, Turn>();
  /** Per transaction, the tenants whose head it has advanced (and so holds locked). */
  private readonly holders = new WeakMap<object, Set<string>>();

  /** Needs no signing keys, limiters or events: the CLI writes the operator's events with it too. */
  constructor(private readonly deps: Pick<Infrastructure, 'tx'>) {}

  // ---- write side ---------------------------------------------------------------------------

  async write(em: EntityManager, principal: Principal, event: DomainEvent): Promise<void> {
    const tenantId = event.tenantId;
    const done = await this.takeTurn(em, tenantId);
    try {
      await this.append(em, principal, event, done);
    } finally {
      done();
    }
  }

  /**
   * Waits until this instance's previous append to the tenant's chain has advanced the head, so this
   * one builds on the head it wrote and its compare-and-set matches once that transaction commits
   * (without the wait, concurrent appends read the same cached head and all but one miss). Returns
   * the call that lets the next append go. A transaction already holding the head does not wait, and
   * no append waits longer than TURN_WAIT_MS after the previous one got its turn: correctness never
   * depends on the turn, and a wait the database cannot see must not hide a lock cycle from its
   * deadlock detection. The clock starts at the previous append's turn, not at this one's arrival, so
   * a queue of appends under load waits one transaction each rather than timing out together.
   */
  private async takeTurn(em: EntityManager, tenantId: string): Promise<() => void> {
    const previous = this.turns.get(tenantId);
    let start!: () => void;
    let release!: () => void;
    const mine: Turn = {
      started: new Promise<void>((resolve) => (start = resolve)),
      advanced: new Promise<void>((resolve) => (release = resolve)),
    };
    this.turns.set(tenantId, mine);
    if (previous && !(em.queryRunner && this.holders.get(em.queryRunner)?.has(tenantId))) {
      await previous.started;
      await waitAtMost(previous.advanced, TURN_WAIT_MS);
    }
    start();
    return () => {
      release();
      if (this.turns.get(tenantId) === mine) this.turns.delete(tenantId);
    };
  }

  private async append(em: EntityManager, principal: Principal, event: DomainEvent, advanced: () => void) {
    const tenantId = event.tenantId;
    const cached = this.heads.get(tenantId);
    let fields = cached ? this.buildEvent(principal, event, cached) : undefined;
    let continued = false;
    if (fields) {
      // Fast path: advance the head only if it is still what this instance last wrote. The UPDATE
      // takes the row's exclusive lock and evaluates the condition on the latest committed row, so
      // when it matches, nobody can append before this transaction ends.
      const advanced = await run(
        em,
        'UPDATE `audit_chain_head` SET `lastSeq` = ?, `lastHash` = ? WHERE `tenantId` = ? AND `lastSeq` = ? AND `lastHash` = ?',
        [fields.seq, fields.hash, tenantId, cached!.lastSeq, cached!.lastHash],
      );
      if (advanced !== 1) fields = undefined;
      else continued = true;
    }
    if (!fields) {
      const head = await this.lockHead(em, tenantId);
      fields = this.buildEvent(principal, event, head);
      await run(em, 'UPDATE `audit_chain_head` SET `lastSeq` = ?, `lastHash` = ? WHERE `tenantId` = ?', [
        fields.seq,
        fields.hash,
        tenantId,
      ]);
    }
    const row = fields;
    // Not yet committed: if the transaction rolls back, the next write's compare-and-set misses and
    // it locks and re-reads. A head this transaction may have created itself (seq 1) is not
    // cached, so a compare-and-set never runs against a head row that might not exist (which on
    // MariaDB would take a gap lock).
    if (row.seq > 1) this.heads.set(tenantId, { lastSeq: row.seq, lastHash: row.hash });
    else this.heads.delete(tenantId);
    if (em.queryRunner) {
      const held = this.holders.get(em.queryRunner) ?? new Set<string>();
      this.holders.set(em.queryRunner, held.add(tenantId));
    }
    advanced();
    await run(
      em,
      INSERT_EVENT,
      COLUMNS.map((c) => (c === 'createdAt' ? sqlDate(row.createdAt) : row[c])),
    );
    // a matched compare-and-set: this instance appended the previous event too, so its run goes on
    const runId = (continued && this.runs.get(tenantId)) || ++this.lastRun;
    if (row.seq > 1) {
      this.runs.set(tenantId, runId);
      this.eventRuns.set(event, runId);
    } else {
      this.runs.delete(tenantId);
    }
  }

  /**
   * The run `event` was appended in: two events of one run have only this instance's appends
   * between them in the tenant's chain (a change elsewhere, audited in its own transaction, ends the
   * run), so what this instance saw in the first still holds in the second unless it changed it
   * itself. Undefined when the event was not appended by this instance.
   */
  runOf(event: DomainEvent): number | undefined {
    return this.eventRuns.get(event);
  }

  private buildEvent(
    principal: Principal,
    event: DomainEvent,
    head: { lastSeq: number; lastHash: string },
  ): ChainedFields & { hash: string } {
    const actor = actorOf(principal);
    const request = principal.request;
    const fields: ChainedFields = {
      id: randomUUID(),
      tenantId: event.tenantId,
      seq: head.lastSeq + 1,
      action: clip(event.action, 100)!,
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: clip(principal.label, 320),
      targetType: clip(event.targetType, 100)!,
      targetId: clip(event.targetId, 64),
      changes: serializeChanges(event.changes as Record<string, unknown> | undefined),
      ip: clip(request.ip, 64),
      userAgent: clip(request.userAgent, 512),
      requestId: clip(request.requestId, 128),
      createdAt: new Date(),
      prevHash: head.lastHash,
    };
    return { ...fields, hash: computeEventHash(fields) };
  }

  /** Locks (creating on first use) the tenant's chain head and returns its current state. */
  async lockHead(
    em: EntityManager,
    tenantId: string,
  ): Promise<{ lastSeq: number; lastHash: string; prunedThroughSeq: number; prunedHash: string | null }> {
    const mysql = this.deps.tx.dialect === 'mysql';
    const select = `SELECT \`lastSeq\`, \`lastHash\`, \`prunedThroughSeq\`, \`prunedHash\` FROM \`audit_chain_head\` WHERE \`tenantId\` = ?${mysql ? ' FOR UPDATE' : ''}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!this.knownHeads.has(tenantId)) {
        await em.query(
          mysql
            ? 'INSERT INTO `audit_chain_head` (`tenantId`, `lastSeq`, `lastHash`, `prunedThroughSeq`, `prunedHash`) VALUES (?, 0, ?, 0, NULL) ON DUPLICATE KEY UPDATE `lastSeq` = `lastSeq`'
            : 'INSERT INTO `audit_chain_head` (`tenantId`, `lastSeq`, `lastHash`, `prunedThroughSeq`, `prunedHash`) VALUES (?, 0, ?, 0, NULL) ON CONFLICT DO NOTHING',
          [tenantId, GENESIS_HASH],
        );
      }
      const rows = (await em.query(select, [tenantId])) as Array<Record<string, unknown>>;
      const row = rows[0];
      if (row) {
        // lastSeq 0: created by this very transaction (committed heads always have an event), so it
        // may still roll back; remember only heads that certainly exist.
        if (Number(row.lastSeq) > 0 || Number(row.prunedThroughSeq) > 0) this.knownHeads.add(tenantId);
        return {
          lastSeq: Number(row.lastSeq),
          lastHash: String(row.lastHash),
          prunedThroughSeq: Number(row.prunedThroughSeq),
          prunedHash: (row.prunedHash as string | null) ?? null,
        };
      }
      // A head believed to exist is gone (removed outside Keyward): create it.
      this.knownHeads.delete(tenantId);
    }
    throw new Error(`audit chain head for tenant ${tenantId} could not be created`);
  }
}
