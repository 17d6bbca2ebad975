import fs from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/** The folder holding package.json and schema/, both from src/ (tsx, jest) and dist/src/ (node). */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'schema', 'directives.graphql'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the schema/ folder above ' + __dirname);
    dir = parent;
  }
  cached = dir;
  return dir;
}
