import { buildSchema, loadTypeDefs } from '../../src/graphql/server';

describe('the schema fails closed', () => {
  it('builds with every root field guarded', () => {
    expect(() => buildSchema()).not.toThrow();
  });

  it('refuses to build when a Query field carries no authorization directive', () => {
    expect(() => buildSchema([...loadTypeDefs(), 'type Query { unguardedProbe: String }'])).toThrow(/Refusing to start.*Query\.unguardedProbe/);
  });

  it('refuses an unguarded Mutation field too, and names only the unguarded ones', () => {
    expect(() => buildSchema([...loadTypeDefs(), 'type Mutation { unguardedWrite(id: ID!): Boolean }'])).toThrow(/: Mutation\.unguardedWrite$/);
  });

  it('accepts @superUser as a guard', () => {
    expect(() => buildSchema([...loadTypeDefs(), 'type Query { platformOnly: String @superUser }'])).not.toThrow();
  });
});
