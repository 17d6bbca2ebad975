import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const BUILT = path.join(ROOT, 'dist', 'console', 'index.html');

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/**
 * Jest globalSetup of the `console` project: builds the SPA once when dist/console is missing or older than console/.
 */
export default function buildConsole(): void {
  if (fs.existsSync(BUILT) && fs.statSync(BUILT).mtimeMs >= newestMtime(path.join(ROOT, 'console'))) return;
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  // NODE_ENV is 'test' under jest: without this, React's development build would be bundled
  const env = { ...process.env, NODE_ENV: 'production' };
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit', env },
  );
  if (result.status !== 0) throw new Error('building the console failed (vite build)');
}
