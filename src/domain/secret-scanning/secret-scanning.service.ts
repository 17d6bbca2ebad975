import { hashSecret, parseSecret } from '../../credentials/tokens';
import type { ApiKeyService } from '../api-keys/api-key.service';

/** One token GitHub found (secret-scanning partner protocol). */
export interface ReportedToken {
  token: string;
  type: string;
  url?: string;
  source?: string;
}

export interface TokenLabel {
  token_hash: string;
  token_type: string;
  label: 'true_positive' | 'false_positive';
}

const MAX_SOURCE_LENGTH = 1000;

/** The reported URL, when it is a plain http(s) URL that does not carry the token itself. */
function leakSource(report: ReportedToken): string | null {
  const url = report.url;
  if (typeof url !== 'string' || url.length > MAX_SOURCE_LENGTH || url.includes(report.token)) return null;
  try {
    return /^https?:$/.test(new URL(url).protocol) ? url : null;
  } catch {
    return null;
  }
}

/**
 * Leaked-key reports (docs/design.md §15). A token that is not a Keyward secret with a valid checksum is
 * answered false_positive without a lookup; one whose hash is no key's gets the same answer, so the
 * answer says nothing about tokens that are not Keyward's. Keys found are handled by
 * ApiKeyService.reportLeaked (flag, event, revoke per the tenant's leakedKeyAction).
 */
export class SecretScanningService {
  constructor(private readonly apiKeys: ApiKeyService) {}

  async labelReports(reports: ReportedToken[]): Promise<TokenLabel[]> {
    const labels: TokenLabel[] = [];
    for (const report of reports) {
      const tokenHash = hashSecret(report.token);
      const ours =
        parseSecret(report.token) !== undefined && (await this.apiKeys.reportLeaked(tokenHash, leakSource(report)));
      labels.push({ token_hash: tokenHash, token_type: report.type, label: ours ? 'true_positive' : 'false_positive' });
    }
    return labels;
  }
}
