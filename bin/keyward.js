#!/usr/bin/env node
'use strict';
/*
 * `npx keyward <command>`: the operator CLI. Runs the compiled dist/src/cli.js (npm run build);
 * in a development checkout without dist/ it runs src/cli.ts through tsx's CommonJS hook.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const built = path.join(root, 'dist', 'src', 'cli.js');

if (fs.existsSync(built)) {
  require(built).main();
} else {
  // tsx reads the tsconfig (decorator settings the entities need) from here, not from the cwd.
  process.env.TSX_TSCONFIG_PATH ??= path.join(root, 'tsconfig.json');
  let register;
  try {
    ({ register } = require('tsx/cjs/api'));
  } catch {
    process.stderr.write('keyward: dist/ is missing and tsx is not installed; run "npm run build" first\n');
    process.exit(1);
  }
  register();
  require(path.join(root, 'src', 'cli.ts')).main();
}
