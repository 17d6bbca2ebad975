import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../config/project-root';
import { formatScanReport, SCAN_FORMATS, type ScanFormat } from '../scan/scan-report';
import { scanPaths, scanStream, type ScanSummary } from '../scan/scan-sources';
import { verifyFindings, VerifyFailure } from '../scan/verify-findings';
import type { CliCommand } from './cli-command';
import { CliError, EXIT, UsageError } from './cli-error';
import { optionalOption } from './cli-options';

/** `keyward scan`: exit 1 when a secret is found, 0 when none, 2 on a usage or verify error (like grep). */
export const SCAN_EXIT = { CLEAN: EXIT.OK, FOUND: 1, ERROR: EXIT.USAGE } as const;

function toolVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

function verifyUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(
      `--verify: "${raw}" is not a URL; give the Keyward server's base URL, e.g. https://keyward.example.com`,
    );
  }
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new UsageError('--verify: give an http(s) base URL without credentials, query or fragment');
  }
  return url;
}

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'Find Keyward secrets (kwk_, kwp_, kws_, whsec_) in files, folders or stdin',
  help: `Usage: keyward scan [paths…] [--format text|json|sarif] [--verify URL]

Finds Keyward secrets in files and folders (or standard input: "-", or no paths with piped input)
and prints where they are with the secret masked (prefix…last4, never the whole secret).
API keys (kwk_, kwp_, kws_) are reported only when their CRC32 checksum is valid, so random
strings of the same shape are not; webhook signing secrets (whsec_) carry no checksum and are
reported by their exact shape. Folders are walked respecting .gitignore; .git, node_modules and
binary files are skipped. Needs no server or database.

Options:
  --format FORMAT   text (default), json, or sarif (SARIF 2.1.0 for code-scanning tools)
  --verify URL      ask the Keyward server at URL which found API keys are live
                    (POST /v1/keys/verify with the key in KEYWARD_API_KEY; answers only for
                    keys of that key's tenant, others show as NOT_FOUND)

Exit status: 1 when a secret is found, 0 when none, 2 on a usage or verify error.`,
  options: { format: { type: 'string' }, verify: { type: 'string' } },
  positionals: true,
  standalone: true,
  async run(values, context) {
    const format = (optionalOption(values, 'format') ?? 'text') as ScanFormat;
    if (!SCAN_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${SCAN_FORMATS.join(', ')}`);
    const verifyRaw = optionalOption(values, 'verify');
    const verify = verifyRaw !== undefined ? verifyUrl(verifyRaw) : undefined;
    const apiKey = context.env.KEYWARD_API_KEY?.trim();
    if (verify && !apiKey) throw new UsageError('--verify needs a Keyward credential in KEYWARD_API_KEY');
    const paths = context.args;
    const readStdin = paths.length === 0 ? !context.stdin.isTTY : paths.length === 1 && paths[0] === '-';
    if (paths.length === 0 && !readStdin) throw new UsageError('give files or folders to scan, or pipe text into it');
    if (paths.includes('-') && !readStdin) throw new UsageError('"-" (standard input) cannot be combined with paths');
    const cwd = process.cwd();
    for (const given of readStdin ? [] : paths) {
      if (!fs.existsSync(path.resolve(cwd, given))) throw new UsageError(`no such file or folder: ${given}`);
    }

    let summary: ScanSummary;
    try {
      summary = readStdin
        ? await scanStream(context.stdin)
        : await scanPaths(paths, { cwd, warn: (line) => context.note(`keyward scan: warning: ${line}`) });
    } catch (error) {
      // exit 1 means "found": any other failure is 2
      throw new CliError((error as Error).message, SCAN_EXIT.ERROR);
    }
    let verifications;
    if (verify && summary.findings.length > 0) {
      try {
        verifications = await verifyFindings(summary.findings, verify, apiKey!);
      } catch (error) {
        if (error instanceof VerifyFailure) throw new CliError(`--verify: ${error.message}`, SCAN_EXIT.ERROR);
        throw error;
      }
    }
    const srcRoot = `${pathToFileURL(cwd).href.replace(/\/$/, '')}/`;
    context.print(formatScanReport(format, { summary, verifications, toolVersion: toolVersion(), srcRoot }));
    return summary.findings.length > 0 ? SCAN_EXIT.FOUND : SCAN_EXIT.CLEAN;
  },
};
