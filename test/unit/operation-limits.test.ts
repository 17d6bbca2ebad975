import { makeExecutableSchema } from '@graphql-tools/schema';
import Fastify from 'fastify';
import { DataSource } from 'typeorm';
import { Principal } from '../../src/core/principal';
import { createApollo, OPERATION_LIMITS } from '../../src/graphql/server';
import { Metrics } from '../../src/observability/metrics';

/** A recursive schema lets the depth limit be reached. */
const schema = makeExecutableSchema({
  typeDefs: 'type Node { id: ID!, child: Node } type Query { node: Node }',
  resolvers: { Query: { node: () => ({ id: '1' }) }, Node: { child: () => ({ id: '2' }) } },
});

function nested(depth: number): string {
  let selection = 'id';
  for (let i = 0; i < depth; i++) selection = `child { ${selection} }`;
  return `{ node { ${selection} } }`;
}

describe('operation depth limit', () => {
  const app = Fastify();
  const apollo = createApollo(app, {
    production: false,
    introspection: false,
    metrics: new Metrics(new DataSource({ type: 'better-sqlite3', database: ':memory:' })),
    schema,
  });
  const contextValue = { principal: Principal.anonymous() } as never;
  beforeAll(() => apollo.start());
  afterAll(() => apollo.stop());

  it('executes operations within the depth limit', async () => {
    const res = await apollo.executeOperation({ query: nested(OPERATION_LIMITS.maxDepth - 2) }, { contextValue });
    expect(res.body.kind === 'single' && res.body.singleResult.errors).toBeUndefined();
  });

  it('rejects deeper operations with BAD_USER_INPUT before execution', async () => {
    const res = await apollo.executeOperation({ query: nested(OPERATION_LIMITS.maxDepth + 1) }, { contextValue });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    expect(res.body.singleResult.data).toBeUndefined();
    expect(res.body.singleResult.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.singleResult.errors?.[0]?.message).toMatch(/depth/i);
  });
});
