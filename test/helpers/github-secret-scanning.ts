import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A GitHub secret-scanning signing key: an ECDSA P-256 key pair generated here, its public half as PEM. */
export interface SigningKey {
  id: string;
  privateKey: KeyObject;
  pem: string;
}

export function ecKey(id: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { id, privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** GitHub's public-keys endpoint, served locally; counts how often Keyward fetches it. */
export class GitHubKeyEndpoint {
  hits = 0;
  published: SigningKey[] = [];
  /** Replaces the normal answer (e.g. an error or an oversized body). */
  override: ((res: http.ServerResponse) => void) | undefined;
  private server = http.createServer((_req, res) => {
    this.hits++;
    if (this.override) return this.override(res);
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        public_keys: this.published.map((k, i) => ({ key_identifier: k.id, key: k.pem, is_current: i === 0 })),
      }),
    );
  });
  url = '';
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/meta/public_keys/secret_scanning`;
    return this;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * GitHub's headers for a report body: base64 DER ECDSA P-256/SHA-256 signature and the key id (any id, for refusal
 * tests).
 */
export const signed = (body: string, key: SigningKey, keyId = key.id) => ({
  'content-type': 'application/json',
  'github-public-key-identifier': keyId,
  'github-public-key-signature': sign('sha256', Buffer.from(body), key.privateKey).toString('base64'),
});
