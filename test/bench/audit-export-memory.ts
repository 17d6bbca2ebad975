/**
 * Exporting a long audit log streams in constant memory.
 *
 *   npx tsx test/bench/audit-export-memory.ts [--events 1000000] [--mariadb]
 *
 * Fills one tenant with N hash-chained events (bulk inserts with the real hash function, so the
 * chain verifies), then downloads GET /v1/audit-events over real HTTP from the listening app and
 * counts the NDJSON lines as they arrive. Prints RSS and heap while the export runs (at every 10%)
 * and the peak: if memory were proportional to the export, the 100% figures would be ~10x the 10% ones.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { computeEventHash, GENESIS_HASH, canonicalJson } from '../../src/domain/audit/audit-chain';
import { COLUMN_LIST, COLUMNS, sqlDate } from '../../src/domain/audit/audit-rows';
import { createTenantUser } from '../helpers/fixtures';
import { startTestServer } from '../helpers/harness';
import { userPrincipal } from '../helpers/audit';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
if (process.argv.includes('--mariadb')) process.env.KEYWARD_TEST_DB = 'mariadb';
const EVENTS = arg('events', 1_000_000);
const ROWS_PER_INSERT = 500;
const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const server = await startTestServer({ env: { LOG_LEVEL: 'warn' } });
  try {
    const user = await createTenantUser(server, { grants: { AUDIT_LOG: 'OWNER' } });
    const ds = server.kw.dataSource;
    const [head] = (await ds.query('SELECT `lastSeq`, `lastHash` FROM `audit_chain_head` WHERE `tenantId` = ?', [
      user.tenantId,
    ])) as Array<{ lastSeq: number; lastHash: string }>;
    let seq = Number(head?.lastSeq ?? 0);
    let prevHash = head?.lastHash ?? GENESIS_HASH;

    console.log(`filling ${EVENTS.toLocaleString()} events on ${ds.options.type}…`);
    const fillStart = performance.now();
    const base = Date.now() - EVENTS; // one millisecond apart, ending now
    for (let done = 0; done < EVENTS;) {
      await ds.transaction(async (em) => {
        for (let batch = 0; batch < 20 && done < EVENTS; batch++) {
          const n = Math.min(ROWS_PER_INSERT, EVENTS - done);
          const params: unknown[] = [];
          for (let i = 0; i < n; i++) {
            seq++;
            const fields = {
              id: randomUUID(),
              tenantId: user.tenantId,
              seq,
              action: seq % 3 === 0 ? 'api_key.updated' : 'channel.updated',
              actorType: 'USER',
              actorId: user.userId,
              actorLabel: user.email,
              targetType: seq % 3 === 0 ? 'ApiKey' : 'Channel',
              targetId: randomUUID(),
              changes: canonicalJson({
                name: { before: `name ${seq - 1}`, after: `name ${seq}` },
                active: { before: false, after: true },
              }),
              ip: '198.51.100.23',
              userAgent: 'Mozilla/5.0 (X11; Linux x86_64) bench',
              requestId: randomUUID(),
              createdAt: new Date(base + done + i),
              prevHash,
            };
            const hash = computeEventHash(fields);
            prevHash = hash;
            params.push(
              ...COLUMNS.map((c) =>
                c === 'hash'
                  ? hash
                  : c === 'createdAt'
                    ? sqlDate(fields.createdAt)
                    : (fields as Record<string, unknown>)[c],
              ),
            );
          }
          const tuple = `(${COLUMNS.map(() => '?').join(', ')})`;
          await em.query(
            `INSERT INTO \`audit_event\` (${COLUMN_LIST}) VALUES ${Array(n).fill(tuple).join(', ')}`,
            params,
          );
          done += n;
        }
        await em.query('UPDATE `audit_chain_head` SET `lastSeq` = ?, `lastHash` = ? WHERE `tenantId` = ?', [
          seq,
          prevHash,
          user.tenantId,
        ]);
      });
      if (done % 100_000 === 0 || done === EVENTS)
        process.stdout.write(`  ${done.toLocaleString()} (${((performance.now() - fillStart) / 1000).toFixed(0)} s)\n`);
    }
    // Forget the sink's cached head: the bench wrote behind its back.
    (server.kw.services.audit as unknown as { heads: Map<string, unknown> }).heads.clear();

    await server.kw.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = server.kw.app.server.address() as AddressInfo;
    global.gc?.();
    const baseline = process.memoryUsage();
    console.log(`\nbefore export: rss ${MB(baseline.rss)}, heapUsed ${MB(baseline.heapUsed)}`);

    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 50);
    const expected = EVENTS + 1; // plus the fixture's login
    const started = performance.now();
    const { lines, bytes } = await new Promise<{ lines: number; bytes: number }>((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port, path: '/v1/audit-events', headers: { authorization: `Bearer ${user.token}` } },
        (res) => {
          if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
          let lines = 0;
          let bytes = 0;
          let nextMark = 0.1;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
            if (lines >= expected * nextMark) {
              const m = process.memoryUsage();
              console.log(
                `  ${String(Math.round(nextMark * 100)).padStart(3)}%  ${lines.toLocaleString().padStart(9)} lines  rss ${MB(m.rss)}  heapUsed ${MB(m.heapUsed)}`,
              );
              nextMark += 0.1;
            }
          });
          res.on('end', () => resolve({ lines, bytes }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
    });
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `\nexported ${lines.toLocaleString()} events (${MB(bytes)}) in ${seconds.toFixed(1)} s (${Math.round(lines / seconds).toLocaleString()} events/s)`,
    );
    console.log(
      `peak RSS ${MB(peakRss)} (baseline ${MB(baseline.rss)}, +${MB(peakRss - baseline.rss)}); peak heapUsed ${MB(peakHeap)}`,
    );

    const verifyStart = performance.now();
    const report = await server.kw.services.auditLog.verifyChain(userPrincipal(user.tenantId, user.userId, user.email));
    console.log(
      `verifyAuditChain: ok=${report.ok}, checked ${report.checked.toLocaleString()} in ${((performance.now() - verifyStart) / 1000).toFixed(1)} s`,
    );
    process.exitCode = lines === expected && report.ok ? 0 : 1;
  } finally {
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
