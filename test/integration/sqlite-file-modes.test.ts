import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createKeyward } from '../../src/server/keyward';
import { loadConfig } from '../../src/config/config';
import { testDialect } from '../helpers/test-database';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

// SQLite only: the file modes of the database Keyward creates itself
(testDialect() === 'sqlite' ? describe : describe.skip)('SQLite data folder and file modes', () => {
  it('regression: creates the data folder 0700 and the database (and its WAL files) 0600, whatever the umask', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-modes-'));
    const dataDir = path.join(root, 'data');
    const previous = process.umask(0o022);
    try {
      const config = loadConfig({
        DATABASE_URL: `sqlite:${path.join(dataDir, 'keyward.sqlite')}`,
        KEYWARD_DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
      });
      const kw = await createKeyward(config, { logStream: new PassThrough() });
      try {
        expect(mode(dataDir)).toBe(0o700);
        expect(mode(path.join(dataDir, 'keyward.sqlite'))).toBe(0o600);
        expect(mode(path.join(dataDir, 'master.key'))).toBe(0o600);
        for (const extra of ['keyward.sqlite-wal', 'keyward.sqlite-shm']) {
          if (fs.existsSync(path.join(dataDir, extra))) expect(mode(path.join(dataDir, extra))).toBe(0o600);
        }
      } finally {
        await kw.close();
      }
    } finally {
      process.umask(previous);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
