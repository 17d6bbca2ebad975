import { galeraMissing } from './galera-cluster';
import { MARIADBD } from './mariadb-node';
import { redisClusterMissing } from './redis-cluster';

/**
 * Registers `body` when Galera and redis-server are installed. Otherwise: with CI=true the file
 * fails (the cluster suite is required there); elsewhere one skipped test says what is missing.
 */
export function describeCluster(
  title: string,
  body: () => void,
  needs: { redis?: boolean; galera?: boolean } = { redis: true, galera: true },
): void {
  const missing = [
    MARIADBD ? undefined : 'mariadbd is not installed',
    needs.galera ? galeraMissing() : undefined,
    needs.redis ? redisClusterMissing() : undefined,
  ]
    .filter(Boolean)
    .join('; ');
  if (!missing) {
    describe(title, body);
    return;
  }
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  describe(title, () => {
    if (ci)
      it(`requires ${missing}`, () => {
        throw new Error(`CI: the cluster suite cannot run: ${missing}`);
      });
    else it.skip(`SKIPPED: ${missing}`, () => undefined);
  });
}
