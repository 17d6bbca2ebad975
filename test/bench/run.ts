/** `npm run bench`: runs every test/bench/*.bench.ts in turn (each prints its ratios). */
import fs from 'node:fs';
import path from 'node:path';

async function run(): Promise<void> {
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  let ok = true;
  for (const file of files) {
    console.log(`\n=== ${file}`);
    const mod = (await import(path.join(__dirname, file))) as { main(): Promise<boolean> };
    ok = (await mod.main()) && ok;
  }
  process.exit(ok ? 0 : 1);
}

void run();
