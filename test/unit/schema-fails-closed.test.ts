import type { GraphQLObjectType } from 'graphql';
import { effectiveRequirement } from '../../src/graphql/directives/auth-directives';
import { buildSchema, loadTypeDefs } from '../../src/graphql/server';

describe('the schema fails closed', () => {
  it('builds with every root field guarded', () => {
    expect(() => buildSchema()).not.toThrow();
  });

  it('refuses to build when a Query field carries no authorization directive', () => {
    expect(() => buildSchema([...loadTypeDefs(), 'type Query { unguardedProbe: String }'])).toThrow(
      /Refusing to start.*Query\.unguardedProbe/,
    );
  });

  it('refuses an unguarded Mutation field too, and names only the unguarded ones', () => {
    expect(() => buildSchema([...loadTypeDefs(), 'type Mutation { unguardedWrite(id: ID!): Boolean }'])).toThrow(
      /: Mutation\.unguardedWrite$/,
    );
  });

  it('accepts @superUser as a guard', () => {
    expect(() => buildSchema([...loadTypeDefs(), 'type Query { platformOnly: String @superUser }'])).not.toThrow();
  });

  it("refuses @allowSelf on a type that has no rule saying which objects are the principal's own", () => {
    const typeDefs = [
      ...loadTypeDefs(),
      'type Secretive @auth(role: USER, level: VIEWER) @allowSelf { x: String } type Query { secretive: Secretive @authenticated }',
    ];
    expect(() => buildSchema(typeDefs)).toThrow(/Secretive carries @allowSelf but .* has no rule/);
  });

  it('guards User and ApiKey by type: a field added to them inherits the type-level @auth', () => {
    const schema = buildSchema([
      ...loadTypeDefs(),
      'extend type ApiKey { addedLater: Int } extend type User { phone: String }',
    ]);
    expect(effectiveRequirement(schema, schema.getType('ApiKey') as GraphQLObjectType, 'addedLater')).toEqual({
      kind: 'auth',
      role: 'API_KEY',
      level: 'VIEWER',
    });
    expect(effectiveRequirement(schema, schema.getType('User') as GraphQLObjectType, 'phone')).toEqual({
      kind: 'auth',
      role: 'USER',
      level: 'VIEWER',
    });
    expect(effectiveRequirement(schema, schema.getType('User') as GraphQLObjectType, 'name')).toEqual({
      kind: 'authenticated',
    });
  });
});
