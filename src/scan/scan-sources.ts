import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { findTokens, LONGEST_TOKEN, type FoundSecretKind } from './secret-patterns';

/** One secret found. `token` stays in memory (for `--verify`); reports print only its mask. */
export interface Finding {
  /** Path as given or found (relative to the working directory when inside it), `/`-separated; `-` for stdin. */
  file: string;
  line: number;
  /** 1-based, in UTF-16 code units (SARIF's default column kind). */
  column: number;
  kind: FoundSecretKind;
  token: string;
}

export interface ScanSummary {
  findings: Finding[];
  filesScanned: number;
  bytesScanned: number;
  binarySkipped: number;
}

/** Directories never walked into, whatever .gitignore says. */
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);
/** Like git: a NUL byte in the first 8000 bytes makes a file binary. */
const BINARY_SNIFF = 8000;
const READ_CHUNK = 1 << 20;
/** Bytes carried from one chunk into the next, so a token across the boundary is still seen whole. */
const OVERLAP = LONGEST_TOKEN + 1;
const CONCURRENCY = 8;

/**
 * Streams one source in chunks (constant memory, any file size) and returns its findings with
 * line and column, or 'binary' when `skipBinary` and the first bytes hold a NUL.
 */
export async function scanChunks(
  source: AsyncIterable<Buffer | string>,
  file: string,
  skipBinary: boolean,
): Promise<{ findings: Finding[]; bytes: number } | 'binary'> {
  const findings: Finding[] = [];
  let carry: Buffer = Buffer.alloc(0);
  let bufAbs = 0; // absolute offset of the current buffer's first byte
  let minStart = 0; // after the first chunk, byte 0 is context only (it was scanned before)
  let countedAbs = 0; // line/units are accounted up to this absolute offset
  let line = 1;
  let units = 0; // UTF-16 units since the start of the current line
  let bytes = 0;
  let first = true;

  const advance = (buf: Buffer, toAbs: number) => {
    const a = countedAbs - bufAbs;
    const b = toAbs - bufAbs;
    let last = -1;
    for (let nl = buf.indexOf(10, a); nl !== -1 && nl < b; nl = buf.indexOf(10, nl + 1)) {
      line++;
      last = nl;
    }
    if (last >= 0) units = 0;
    // UTF-8 → UTF-16 units: every byte but continuation bytes starts a character; 4-byte ones take two units
    for (let i = last >= 0 ? last + 1 : a; i < b; i++) {
      const c = buf[i];
      if ((c & 0xc0) !== 0x80) units += c >= 0xf0 ? 2 : 1;
    }
    countedAbs = toAbs;
  };

  const scan = (buf: Buffer, final: boolean) => {
    const to = final ? buf.length : buf.length - OVERLAP;
    if (!final && to <= minStart) return false; // too little yet: keep it all for the next chunk
    const text = buf.toString('latin1');
    for (const match of findTokens(text, minStart, to)) {
      advance(buf, bufAbs + match.index);
      findings.push({ file, line, column: units + 1, kind: match.kind, token: match.token });
    }
    if (!final) {
      const keep = to - 1;
      advance(buf, bufAbs + keep);
      carry = Buffer.from(buf.subarray(keep));
      bufAbs += keep;
      minStart = 1;
    }
    return true;
  };

  for await (const piece of source) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    if (first && skipBinary && chunk.subarray(0, BINARY_SNIFF).includes(0)) return 'binary';
    first = false;
    bytes += chunk.length;
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    if (!scan(buf, false)) carry = buf;
  }
  if (carry.length > 0 || bytes === 0) scan(carry, true);
  return { findings, bytes };
}

/** One file, streamed. */
export function scanFile(filePath: string, display: string): ReturnType<typeof scanChunks> {
  return scanChunks(fs.createReadStream(filePath, { highWaterMark: READ_CHUNK }), display, true);
}

interface IgnoreRules {
  base: string;
  rules: Ignore;
}

async function readIgnoreFile(dir: string): Promise<IgnoreRules | undefined> {
  try {
    return { base: dir, rules: ignore().add(await fs.promises.readFile(path.join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

function ignored(chain: IgnoreRules[], fullPath: string, isDirectory: boolean): boolean {
  for (const { base, rules } of chain) {
    const relative = path.relative(base, fullPath).split(path.sep).join('/');
    if (relative && !relative.startsWith('..') && rules.ignores(isDirectory ? `${relative}/` : relative)) return true;
  }
  return false;
}

/** The .gitignore files of the directories above `dir`, up to the repository root (the folder holding `.git`). */
async function ancestorRules(dir: string): Promise<IgnoreRules[]> {
  const above: string[] = [];
  for (
    let current = path.dirname(dir), previous = dir;
    current !== previous;
    previous = current, current = path.dirname(current)
  ) {
    above.unshift(current);
    if (fs.existsSync(path.join(current, '.git'))) {
      const chain = await Promise.all(above.map(readIgnoreFile));
      return chain.filter((r): r is IgnoreRules => r !== undefined);
    }
  }
  return []; // not inside a repository: only the tree's own .gitignore files apply
}

/**
 * Every regular file under `dir` that git would not ignore, minus `.git` and `node_modules`; symlinks are not followed.
 */
async function walk(dir: string, chain: IgnoreRules[], out: string[], warn: (line: string) => void): Promise<void> {
  const own = await readIgnoreFile(dir);
  const rules = own ? [...chain, own] : chain;
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch (error) {
    warn(`cannot read ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && !ignored(rules, full, true)) await walk(full, rules, out, warn);
    } else if (entry.isFile() && !ignored(rules, full, false)) {
      out.push(full);
    }
  }
}

function displayPath(fullPath: string, cwd: string): string {
  const relative = path.relative(cwd, fullPath);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : fullPath;
  return shown.split(path.sep).join('/');
}

/**
 * Scans files and folders: folders are walked respecting .gitignore; files named explicitly are
 * scanned even when ignored. Binary files are skipped; unreadable ones are reported through `warn`.
 */
export async function scanPaths(
  paths: string[],
  options: { cwd: string; warn: (line: string) => void },
): Promise<ScanSummary> {
  const files: string[] = [];
  for (const given of paths) {
    const full = path.resolve(options.cwd, given);
    const stat = await fs.promises.stat(full);
    if (stat.isDirectory()) await walk(full, await ancestorRules(full), files, options.warn);
    else files.push(full);
  }
  const summary: ScanSummary = { findings: [], filesScanned: 0, bytesScanned: 0, binarySkipped: 0 };
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      try {
        const result = await scanFile(file, displayPath(file, options.cwd));
        if (result === 'binary') {
          summary.binarySkipped++;
          continue;
        }
        summary.filesScanned++;
        summary.bytesScanned += result.bytes;
        summary.findings.push(...result.findings);
      } catch (error) {
        options.warn(
          `cannot read ${displayPath(file, options.cwd)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  summary.findings.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
  );
  return summary;
}

/** Standard input (or any stream), streamed; never treated as binary. */
export async function scanStream(stream: NodeJS.ReadableStream, name = '-'): Promise<ScanSummary> {
  const result = (await scanChunks(stream as AsyncIterable<Buffer>, name, false)) as {
    findings: Finding[];
    bytes: number;
  };
  return { findings: result.findings, filesScanned: 1, bytesScanned: result.bytes, binarySkipped: 0 };
}
