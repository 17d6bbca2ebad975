/**
 * `keyward scan` over a generated 100 MB source tree vs `grep -rE` of the same candidate pattern
 * over the same tree, in the same run (goal: scan ≤ 3× grep's time; grep does less: no checksum,
 * no .gitignore, no binary sniffing, no line/column). Both read from the page cache (a warm-up
 * pass first); the median of BENCH_ROUNDS (default 5) paired rounds is reported.
 *
 *   npx tsx test/bench/scan.bench.ts          (BENCH_SCAN_MB=100 sets the tree size)
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateSecret } from '../../src/credentials/tokens';
import { scanPaths } from '../../src/scan/scan-sources';
import { runAsScript, median } from './shared';

const MEGABYTES = Number(process.env.BENCH_SCAN_MB ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FILE_BYTES = 64 * 1024;
const PATTERN = 'kw[kps]_[0-9A-Za-z]{36}|whsec_[A-Za-z0-9+/]{43}=';
const GOAL = 3;

/** Source-like lines (identifiers, strings, look-alike prefixes) with a real key every ~1000 files. */
function makeTree(root: string): number {
  const words = [
    'const',
    'token',
    'kw_config',
    'return',
    'keyward',
    'await',
    'function',
    'whsec',
    'kwk',
    'import',
    'export',
    '=>',
    '{',
    '}',
  ];
  let written = 0;
  let n = 0;
  while (written < MEGABYTES * 1024 * 1024) {
    const dir = path.join(root, `pkg${Math.floor(n / 100)}`, 'src');
    fs.mkdirSync(dir, { recursive: true });
    const lines: string[] = [];
    let size = 0;
    while (size < FILE_BYTES) {
      const r = randomBytes(8);
      const line = `  ${words[r[0] % words.length]} ${words[r[1] % words.length]}_${r.readUInt32LE(2).toString(36)} = "${randomBytes(12).toString('base64')}";`;
      lines.push(line);
      size += line.length + 1;
    }
    if (n % 1000 === 0) lines.push(`const key = "${generateSecret('GRAPHQL')}";`);
    const text = `${lines.join('\n')}\n`;
    fs.writeFileSync(path.join(dir, `file${n}.ts`), text);
    written += text.length;
    n++;
  }
  return n;
}

export async function main(): Promise<boolean> {
  if (spawnSync('grep', ['--version']).error) {
    console.log('grep not installed; skipped');
    return true;
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-scan-bench-'));
  try {
    const files = makeTree(root);
    console.log(`tree: ${files} files, ${MEGABYTES} MB`);
    const runScan = async () => {
      const start = performance.now();
      const summary = await scanPaths([root], { cwd: root, warn: () => {} });
      return { ms: performance.now() - start, found: summary.findings.length };
    };
    const runGrep = () => {
      const start = performance.now();
      const res = spawnSync('grep', ['-rEoc', PATTERN, root], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
      const found = res.stdout.split('\n').reduce((sum, line) => sum + Number(line.split(':').pop() || 0), 0);
      return { ms: performance.now() - start, found };
    };
    await runScan();
    runGrep();
    const ratios: number[] = [];
    const scanMs: number[] = [];
    const grepMs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const s = await runScan();
      const g = runGrep();
      if (s.found !== g.found) throw new Error(`scan found ${s.found}, grep ${g.found}`);
      scanMs.push(s.ms);
      grepMs.push(g.ms);
      ratios.push(s.ms / g.ms);
    }
    const ratio = median(ratios);
    console.log(
      `keyward scan: ${median(scanMs).toFixed(0)} ms (${((MEGABYTES / median(scanMs)) * 1000).toFixed(0)} MB/s)   grep -rE: ${median(grepMs).toFixed(0)} ms`,
    );
    console.log(`scan / grep time: ${ratio.toFixed(2)} (goal ≤ ${GOAL}) ${ratio <= GOAL ? 'OK' : 'MISSED'}`);
    return ratio <= GOAL;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

runAsScript(module, main);
