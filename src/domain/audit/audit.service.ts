import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../../core/principal';
import type { AuditActorType } from '../../db/entities/audit-event.entity';
import { runStatement } from '../../db/entity-rows';
import { isUniqueViolation } from '../../db/driver-errors';
import { TransactionConflict } from '../../db/transaction-runner';
import { COLUMNS, INSERT_EVENT, sqlDate } from './audit-rows';
import { clip, computeEventHash, GENESIS_HASH, serializeChanges, type ChainedFields } from './audit-chain';
import {
  changeAlone,
  type DomainEvent,
  type DomainEventSink,
  type HeadMoves,
  type HeadRider,
} from '../shared/domain-events';
import type { Infrastructure } from '../shared/infrastructure';

/** Runs a statement on the transaction's connection; returns the affected row count. */
async function run(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  if (!em.queryRunner) throw new Error('audit events are written inside a transaction (deps.tx.run)');
  return (await runStatement(em, sql, params)).affected;
}

/**
 * How long a transaction waits, once the one before it (in this instance, same tenant) has its
 * turn, for that one to finish building its events, and later to advance the head.
 */
const TURN_WAIT_MS = 250;

/** One transaction's turn on a tenant's chain in this instance. */
interface Turn {
  /** Once it may build. */
  started: Promise<void>;
  /** Once it builds no more events: the next may build on its last. */
  built: Promise<void>;
  /** Once it has advanced the head (or failed): the next may advance it. */
  advanced: Promise<void>;
}

interface TurnControls {
  previous: Turn | undefined;
  build(): void;
  advance(): void;
}

interface Head {
  lastSeq: number;
  lastHash: string;
}

/** One transaction's appends to one tenant's chain. */
interface Chain {
  tenantId: string;
  /** The head the compare-and-set before COMMIT expects; null when this transaction locked the head. */
  expected: Head | null;
  /** After this transaction's latest event. */
  last: Head;
  turn: TurnControls;
  /** A row change made in the same UPDATE as the head move (see HeadRider). */
  rider?: HeadRider;
}

/**
 * The head move's condition: still the head `expected` (the one a chain built on), or none when the
 * transaction holds the head row locked. `alias` prefixes the head's columns (`'h.'` in a join).
 */
function compareAndSet(expected: Head | null, alias: string): { sql: string; params: unknown[] } {
  if (!expected) return { sql: '', params: [] };
  return {
    sql: ` AND ${alias}\`lastSeq\` = ? AND ${alias}\`lastHash\` = ?`,
    params: [expected.lastSeq, expected.lastHash],
  };
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
 * Serialization: the tenant's `audit_chain_head` row moves once per transaction, as its last
 * statement before COMMIT, so the row is locked only from there to COMMIT. Events are inserted when
 * emitted, numbered from the head this instance last wrote; before COMMIT a compare-and-set moves the
 * head from that head to the transaction's last event. The `(tenantId, seq)` unique index and the
 * compare-and-set catch any append made meanwhile elsewhere: the transaction is then run again
 * (TransactionConflict), and the new attempt locks the head (`SELECT … FOR UPDATE`, creating it on
 * first use) and numbers from what it reads, as every first append of a tenant in an instance does.
 * In this instance, transactions of one tenant take turns: the next builds its events once the
 * previous one has built its last, and moves the head once the previous one has moved it. A rolled-back
 * transaction leaves no event and no head change. On SQLite the TransactionRunner already runs one
 * transaction at a time. A change a transaction makes last to another row of the tenant (its key
 * counter) rides in the head's UPDATE (HeadRider, `ride`): one statement fewer.
 */
export class AuditService implements DomainEventSink, HeadMoves {
  /** Tenants whose head row is known to exist (head rows are never deleted). */
  private readonly knownHeads = new Set<string>();
  /** What this instance last wrote per tenant: where its next append builds (checked before COMMIT). */
  private readonly heads = new Map<string, Head>();
  /**
   * Per tenant, the run of appends this instance made one after another (a new one after each locked read of the head).
   */
  private readonly runs = new Map<string, number>();
  private lastRun = 0;
  /** The run each event was appended in (see runOf). */
  private readonly eventRuns = new WeakMap<DomainEvent, number>();
  /** Per tenant, this instance's latest transaction to append, until it has advanced the head. */
  private readonly turns = new Map<string, Turn>();
  /** Per running transaction (its query runner), its chains by tenant. */
  private readonly chains = new WeakMap<object, Map<string, Chain>>();

  /** Needs no signing keys, limiters or events: the CLI writes the operator's events with it too. */
  constructor(private readonly deps: Pick<Infrastructure, 'tx'>) {}

  // ---- write side ---------------------------------------------------------------------------

  async write(em: EntityManager, principal: Principal, event: DomainEvent): Promise<void> {
    const runner = em.queryRunner;
    if (!runner) throw new Error('audit events are written inside a transaction (deps.tx.run)');
    let chains = this.chains.get(runner);
    if (!chains) {
      const mine = (chains = new Map());
      this.chains.set(runner, mine);
      this.deps.tx.beforeCommit(
        em,
        () => this.advanceHeads(em, mine),
        (committed) => {
          // SQLite runs every transaction on one query runner: the next one starts afresh
          this.chains.delete(runner);
          this.settle(mine, committed);
        },
      );
    }
    const existing = chains.get(event.tenantId);
    const chain = existing ?? (await this.open(em, event.tenantId, chains));
    const row = this.buildEvent(principal, event, chain.last);
    try {
      await run(
        em,
        INSERT_EVENT,
        COLUMNS.map((c) => (c === 'createdAt' ? sqlDate(row.createdAt) : row[c])),
      );
    } catch (error) {
      // another instance appended this seq: numbered from a stale head, so run again from the locked head
      if (!isUniqueViolation(error)) throw error;
      this.heads.delete(event.tenantId);
      throw new TransactionConflict('the audit chain moved on another instance');
    }
    chain.last = { lastSeq: row.seq, lastHash: row.hash };
    // Not yet committed: if the transaction rolls back, settle forgets it. A head this transaction
    // may have created itself (seq 1) is not cached, so a compare-and-set never runs against a head
    // row that might not exist (which on MariaDB would take a gap lock).
    if (row.seq > 1) this.heads.set(event.tenantId, chain.last);
    else this.heads.delete(event.tenantId);
    // built on this transaction's previous event or on the head this instance wrote last: the run goes on
    // (the compare-and-set before COMMIT confirms it, or the transaction runs again)
    const continued = existing !== undefined || chain.expected !== null;
    const runId = (continued && this.runs.get(event.tenantId)) || ++this.lastRun;
    if (row.seq > 1) {
      this.runs.set(event.tenantId, runId);
      this.eventRuns.set(event, runId);
    } else {
      this.runs.delete(event.tenantId);
    }
  }

  /**
   * This transaction's chain for `tenantId`: after its turn (see Turn), from the head this instance
   * last wrote, or from the head locked and read when it has none. Correctness never depends on the
   * turn, and a wait the database cannot see must not hide a lock cycle from its deadlock detection:
   * the wait to build lasts at most TURN_WAIT_MS after the previous transaction got its turn, and the
   * wait to advance the head (advanceHeads) at most TURN_WAIT_MS.
   */
  private async open(em: EntityManager, tenantId: string, chains: Map<string, Chain>): Promise<Chain> {
    const previous = this.turns.get(tenantId);
    const resolvers: Array<() => void> = [];
    const promise = () => new Promise<void>((resolve) => resolvers.push(resolve));
    const turn: Turn = { started: promise(), built: promise(), advanced: promise() };
    const [start, build, advance] = resolvers;
    this.turns.set(tenantId, turn);
    const controls: TurnControls = {
      previous,
      build: build!,
      advance: () => {
        build!();
        advance!();
        if (this.turns.get(tenantId) === turn) this.turns.delete(tenantId);
      },
    };
    const chain: Chain = { tenantId, expected: null, last: { lastSeq: 0, lastHash: '' }, turn: controls };
    chains.set(tenantId, chain);
    if (previous) {
      await previous.started;
      await waitAtMost(previous.built, TURN_WAIT_MS);
    }
    start!();
    const cached = this.heads.get(tenantId);
    if (cached) chain.expected = chain.last = cached;
    else {
      const head = await this.lockHead(em, tenantId);
      chain.last = { lastSeq: head.lastSeq, lastHash: head.lastHash };
    }
    return chain;
  }

  /** Before COMMIT: moves each chain's head to the transaction's last event (tenants in id order). */
  private async advanceHeads(em: EntityManager, chains: Map<string, Chain>): Promise<void> {
    const ordered = [...chains.values()].sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1));
    for (const chain of ordered) chain.turn.build();
    for (const chain of ordered) {
      if (chain.turn.previous) await waitAtMost(chain.turn.previous.advanced, TURN_WAIT_MS);
      if (!chain.rider || !(await this.moveWithRider(em, chain, chain.rider))) await this.moveHead(em, chain);
      chain.turn.advance();
    }
  }

  /** Moves the head of `chain` to its last event: compare-and-set from the head it built on, or (locked) as is. */
  private async moveHead(em: EntityManager, chain: Chain): Promise<void> {
    const { last, expected, tenantId } = chain;
    const cas = compareAndSet(expected, '');
    const moved = await run(
      em,
      `UPDATE \`audit_chain_head\` SET \`lastSeq\` = ?, \`lastHash\` = ? WHERE \`tenantId\` = ?${cas.sql}`,
      [last.lastSeq, last.lastHash, tenantId, ...cas.params],
    );
    if (expected && moved !== 1) {
      this.heads.delete(tenantId);
      throw new TransactionConflict('the audit chain head moved since this instance last wrote it');
    }
  }

  /**
   * The head move of `chain` and its rider's change in one UPDATE. False when that matched nothing:
   * the rider then ran alone (throwing when it refuses), and the head is still to move, or to be found moved.
   */
  private async moveWithRider(em: EntityManager, chain: Chain, rider: HeadRider): Promise<boolean> {
    const { last, expected, tenantId } = chain;
    const cas = compareAndSet(expected, 'h.');
    const moved = await run(
      em,
      `UPDATE \`audit_chain_head\` h JOIN \`${rider.table}\` r ON r.\`tenantId\` = h.\`tenantId\` ` +
        `SET h.\`lastSeq\` = ?, h.\`lastHash\` = ?, r.\`${rider.column}\` = ${rider.value} WHERE h.\`tenantId\` = ?` +
        cas.sql +
        (rider.where ? ` AND ${rider.where}` : ''),
      [last.lastSeq, last.lastHash, ...rider.valueParams, tenantId, ...cas.params, ...rider.whereParams],
    );
    if (moved > 0) return true;
    await changeAlone(em, tenantId, rider);
    return false;
  }

  /**
   * Takes `rider` into the head move of `tenantId` in the transaction of `em` (HeadMoves): on
   * MySQL/MariaDB, once the transaction has emitted an event of that tenant, one rider per tenant.
   */
  ride(em: EntityManager, tenantId: string, rider: HeadRider): boolean {
    if (this.deps.tx.dialect !== 'mysql' || !em.queryRunner) return false;
    const chain = this.chains.get(em.queryRunner)?.get(tenantId);
    if (!chain || chain.rider) return false;
    chain.rider = rider;
    return true;
  }

  /** When the transaction has ended: its turns are over; a rolled-back chain's head is no one's to build on. */
  private settle(chains: Map<string, Chain>, committed: boolean): void {
    for (const chain of chains.values()) {
      if (!committed && this.heads.get(chain.tenantId) === chain.last) this.heads.delete(chain.tenantId);
      chain.turn.advance();
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
