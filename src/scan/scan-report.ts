import type { Finding, ScanSummary } from './scan-sources';
import { KIND_LABEL, maskSecret, secretFingerprint, type FoundSecretKind } from './secret-patterns';

export type ScanFormat = 'text' | 'json' | 'sarif';
export const SCAN_FORMATS: readonly ScanFormat[] = ['text', 'json', 'sarif'];

/** What `--verify` learned about a finding: `live` true/false, or null when it cannot be told. */
export interface Verification {
  live: boolean | null;
  /** The server's verify code (VALID, NOT_FOUND, REVOKED, EXPIRED, INACTIVE, …) or why it was not asked. */
  code: string;
}

export interface ScanReportInput {
  summary: ScanSummary;
  verifications?: Map<string, Verification>;
  toolVersion: string;
  /** file:// URI of the directory relative paths are resolved from (SARIF's %SRCROOT%). */
  srcRoot: string;
}

const RULE_ID: Record<FoundSecretKind, string> = {
  GRAPHQL: 'keyward/graphql-key',
  PERSONAL: 'keyward/personal-key',
  REST_SECRET: 'keyward/rest-client-secret',
  WEBHOOK_SECRET: 'keyward/webhook-signing-secret',
};
const KINDS = Object.keys(RULE_ID) as FoundSecretKind[];

/** A finding as printed: never the secret, only its mask and SHA-256. */
function publicFinding(finding: Finding, verification: Verification | undefined) {
  return {
    file: finding.file,
    line: finding.line,
    column: finding.column,
    kind: finding.kind,
    rule: RULE_ID[finding.kind],
    secret: maskSecret(finding.token),
    sha256: secretFingerprint(finding.token),
    checksumVerified: finding.kind !== 'WEBHOOK_SECRET',
    ...(verification ? { live: verification.live, verifyCode: verification.code } : {}),
  };
}

function textReport({ summary, verifications }: ScanReportInput): string {
  const lines = summary.findings.map((f) => {
    const v = verifications?.get(f.token);
    const status = v ? `  ${v.live === true ? 'LIVE' : v.live === false ? 'not live' : 'unknown'} (${v.code})` : '';
    return `${f.file}:${f.line}:${f.column}  ${f.kind}  ${maskSecret(f.token)}${status}`;
  });
  const count = summary.findings.length;
  lines.push(
    `${count === 0 ? 'No' : count} Keyward secret${count === 1 ? '' : 's'} found in ${summary.filesScanned} file${summary.filesScanned === 1 ? '' : 's'}${summary.binarySkipped ? ` (${summary.binarySkipped} binary skipped)` : ''}.`,
  );
  return lines.join('\n');
}

function jsonReport({ summary, verifications }: ScanReportInput): string {
  return JSON.stringify(
    {
      findings: summary.findings.map((f) => publicFinding(f, verifications?.get(f.token))),
      filesScanned: summary.filesScanned,
      bytesScanned: summary.bytesScanned,
      binarySkipped: summary.binarySkipped,
    },
    null,
    2,
  );
}

/** SARIF 2.1.0: one rule per kind, one result per finding, located by line and column. */
function sarifReport({ summary, verifications, toolVersion, srcRoot }: ScanReportInput): string {
  const rules = KINDS.map((kind) => ({
    id: RULE_ID[kind],
    name: kind,
    shortDescription: { text: `${KIND_LABEL[kind]} committed to the source` },
    fullDescription: {
      text:
        kind === 'WEBHOOK_SECRET'
          ? 'A whsec_ webhook signing secret (base64 of 32 bytes). These carry no checksum, so the match is by shape only.'
          : 'A Keyward secret whose CRC32 checksum is valid. Revoke or rotate it in Keyward and remove it from the source and its history.',
    },
    defaultConfiguration: { level: kind === 'WEBHOOK_SECRET' ? 'warning' : 'error' },
    properties: { tags: ['security', 'secret'], precision: kind === 'WEBHOOK_SECRET' ? 'high' : 'very-high' },
  }));
  const results = summary.findings.map((f) => {
    const v = verifications?.get(f.token);
    const kindIndex = KINDS.indexOf(f.kind);
    return {
      ruleId: RULE_ID[f.kind],
      ruleIndex: kindIndex,
      level: f.kind === 'WEBHOOK_SECRET' ? 'warning' : 'error',
      message: {
        text: `${KIND_LABEL[f.kind]} ${maskSecret(f.token)}${v ? (v.live === true ? ' is live' : v.live === false ? ` is not live (${v.code})` : ` could not be verified (${v.code})`) : ''}`,
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation:
              f.file === '-'
                ? { uri: 'stdin' }
                : { uri: encodeURI(f.file), ...(f.file.startsWith('/') ? {} : { uriBaseId: '%SRCROOT%' }) },
            region: { startLine: f.line, startColumn: f.column, endLine: f.line, endColumn: f.column + f.token.length },
          },
        },
      ],
      partialFingerprints: { 'secretSha256/v1': secretFingerprint(f.token) },
      ...(v ? { properties: { live: v.live, verifyCode: v.code } } : {}),
    };
  });
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'keyward-scan', version: toolVersion, semanticVersion: toolVersion, rules } },
          originalUriBaseIds: { '%SRCROOT%': { uri: srcRoot } },
          columnKind: 'utf16CodeUnits',
          results,
        },
      ],
    },
    null,
    2,
  );
}

export function formatScanReport(format: ScanFormat, input: ScanReportInput): string {
  if (format === 'json') return jsonReport(input);
  if (format === 'sarif') return sarifReport(input);
  return textReport(input);
}
