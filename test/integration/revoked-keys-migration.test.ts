import { ApiKey } from '../../src/db/entities/api-key.entity';
import { RevokedKeysInactive1795800000000 as MysqlMigration } from '../../src/db/migrations/mysql/1795800000000-RevokedKeysInactive';
import { RevokedKeysInactive1795800000000 as SqliteMigration } from '../../src/db/migrations/sqlite/1795800000000-RevokedKeysInactive';
import { createTenantUser } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';

/** Keys revoked before revoking cleared `active` (rows as an older version left them). */
describe('migration RevokedKeysInactive', () => {
  const server = testServerForSuite();

  it('marks keys revoked earlier inactive and leaves the others alone', async () => {
    const owner = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    const create = async (name: string) =>
      (
        await server.gql<any>(
          'mutation($n: String!) { createGraphQLApiKey(input: { name: $n, active: true }) { apiKey { id } } }',
          { n: name },
          { token: owner.token },
        )
      ).data.createGraphQLApiKey.apiKey.id as string;
    const revokedId = await create('revoked long ago');
    const liveId = await create('still live');
    const repo = server.kw.dataSource.getRepository(ApiKey);
    // what an older version stored: revoked, yet active
    await repo.update({ id: revokedId }, { revokedAt: new Date(Date.now() - 3600_000), active: true });

    const runner = server.kw.dataSource.createQueryRunner();
    try {
      await new (server.kw.dataSource.options.type === 'better-sqlite3' ? SqliteMigration : MysqlMigration)().up(
        runner,
      );
    } finally {
      await runner.release();
    }
    expect((await repo.findOneByOrFail({ id: revokedId })).active).toBe(false);
    expect((await repo.findOneByOrFail({ id: liveId })).active).toBe(true);
  });
});
