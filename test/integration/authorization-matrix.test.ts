import { parse, validate, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import type { AccessLevel } from '../../src/core/access-level';
import { User } from '../../src/db/entities/user.entity';
import { buildSchema } from '../../src/graphql/server';
import {
  addressedType,
  buildOperation,
  describeRequirement,
  idArguments,
  inputIdPaths,
  levelBelow,
  withInputValue,
  rootFields,
  type RootField,
} from '../helpers/authorization-matrix';
import { allAreas, createTenantUser, type TenantUser, insertKey } from '../helpers/fixtures';
import { type GqlResponse, testServerForSuite } from '../helpers/harness';
import { factoryFor } from '../helpers/tenant-objects';

/**
 * Generated from the built schema: every Query and Mutation field, whichever branch added it, is
 * called with placeholder arguments by principals below, at and without the level its directive
 * requires, anonymously, and from another tenant against this tenant's objects. Fields below the
 * root (linked users and keys) are walked in linked-object-authorization.test.ts.
 */
const schema = buildSchema();
const FIELDS = rootFields(schema);
const DENIED = ['UNAUTHENTICATED', 'FORBIDDEN'];

const codeOf = (res: GqlResponse) => res.errors?.[0]?.extensions.code ?? null;
const show = (res: GqlResponse) =>
  JSON.stringify({ data: res.data, errors: res.errors?.map((e) => [e.extensions.code, e.message]) });

describe('authorization matrix (generated from the schema)', () => {
  const server = testServerForSuite();
  const principals = new Map<string, Promise<TenantUser>>();
  /** One tenant user per distinct set of grants, created on first use. */
  const principal = (grants: Record<string, AccessLevel>, superUser = false) => {
    const key = JSON.stringify([grants, superUser]);
    if (!principals.has(key)) principals.set(key, createTenantUser(server, { grants, superUser }));
    return principals.get(key)!;
  };
  let victim: TenantUser;
  const victimIds = new Map<string, string>();
  /** An id of a real object of (about) this type in the victim tenant; a user when no factory knows the type. */
  const victimId = async (typeName: string) => {
    const found = factoryFor(typeName) ?? factoryFor('User')!;
    if (!victimIds.has(found.typeName)) victimIds.set(found.typeName, await found.factory(server, victim));
    return victimIds.get(found.typeName)!;
  };
  /** A user with every grant whose token is then made invalid: by deactivation, or by tampering. */
  let deactivated: TenantUser;
  let tampered: string;
  /** GRAPHQL keys holding every grant, but revoked / expired. */
  let revokedKey: string;
  let expiredKey: string;

  beforeAll(async () => {
    victim = await createTenantUser(server, { grants: allAreas('OWNER') });
    deactivated = await createTenantUser(server, { grants: allAreas('OWNER'), superUser: true });
    await server.kw.dataSource.getRepository(User).update({ id: deactivated.userId }, { active: false });
    const token = (await principal({})).token;
    tampered = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    revokedKey = (
      await insertKey(server, { tenantId: victim.tenantId, grants: allAreas('OWNER'), revokedAt: new Date() })
    ).secret;
    expiredKey = (
      await insertKey(server, {
        tenantId: victim.tenantId,
        grants: allAreas('OWNER'),
        expiresAt: new Date(Date.now() - 1000),
      })
    ).secret;
  });

  const call = async (root: RootField, who: TenantUser | null, overrides: Record<string, unknown> = {}) => {
    const op = buildOperation(root, overrides);
    return server.gql(op.query, op.variables, who ? { token: who.token } : {});
  };

  it('covers every root field of the schema', () => {
    expect(FIELDS.length).toBeGreaterThan(20);
    for (const name of [
      'Query.channels',
      'Query.users',
      'Query.roleDefinitions',
      'Query.authorizationGroups',
      'Query.tenant',
      'Mutation.createTenant',
      'Mutation.setUserGrants',
    ]) {
      expect(FIELDS.map((f) => `${f.typeName}.${f.field.name}`)).toContain(name);
    }
  });

  describe.each(
    FIELDS.map(
      (root) => [`${root.typeName}.${root.field.name} ${describeRequirement(root.requirement)}`, root] as const,
    ),
  )('%s', (_name, root) => {
    const requirement = root.requirement;

    it('has a placeholder operation that is valid against the schema (so the other checks are not vacuous)', () => {
      const op = buildOperation(root);
      const document = parse(op.query);
      expect(validate(schema, document)).toEqual([]);
      const definition = document.definitions[0] as OperationDefinitionNode;
      const coerced = getVariableValues(schema, definition.variableDefinitions ?? [], op.variables);
      expect(coerced.errors).toBeUndefined();
    });

    it('rejects a deactivated user, a tampered token, a revoked and an expired key with UNAUTHENTICATED, even on @public fields', async () => {
      const op = buildOperation(root);
      for (const token of [deactivated.token, tampered]) {
        const res = await server.gql(op.query, op.variables, { token });
        expect([codeOf(res), res.status, res.data?.[root.field.name] ?? null]).toEqual(['UNAUTHENTICATED', 401, null]);
      }
      for (const key of [revokedKey, expiredKey]) {
        const res = await server.gql(op.query, op.variables, { headers: { 'x-api-key': key } });
        expect([codeOf(res), res.status, res.data?.[root.field.name] ?? null]).toEqual(['UNAUTHENTICATED', 401, null]);
      }
    });

    it('answers per its directive for anonymous, no-grant, one-below and exact principals', async () => {
      if (requirement.kind === 'public') {
        // open to anyone; the outcome depends on the (placeholder) arguments, never on grants
        for (const who of [null, await principal({})]) expect(codeOf(await call(root, who))).not.toBe('FORBIDDEN');
        return;
      }
      const anonymous = await call(root, null);
      expect([codeOf(anonymous), anonymous.status, anonymous.data?.[root.field.name] ?? null]).toEqual([
        'UNAUTHENTICATED',
        401,
        null,
      ]);

      // @authenticated fields may end the caller's own sessions (revokeMySessions): a user of its own
      const noGrants = await call(
        root,
        requirement.kind === 'authenticated' ? await createTenantUser(server, {}) : await principal({}),
      );
      if (requirement.kind === 'authenticated') {
        expect(DENIED).not.toContain(codeOf(noGrants));
        expect(`${codeOf(noGrants)} ${show(noGrants)}`).not.toMatch(/^INTERNAL_SERVER_ERROR/);
        return;
      }
      expect([codeOf(noGrants), noGrants.data?.[root.field.name] ?? null]).toEqual(['FORBIDDEN', null]);

      if (requirement.kind === 'superUser') {
        const everything = await call(root, await principal(allAreas('OWNER')));
        expect(codeOf(everything)).toBe('FORBIDDEN');
        const superUser = await call(root, await principal({}, true));
        expect(DENIED).not.toContain(codeOf(superUser));
        expect(`${codeOf(superUser)} ${show(superUser)}`).not.toMatch(/^INTERNAL_SERVER_ERROR/);
        return;
      }

      // one level below on the required role, OWNER on every other area
      const below = levelBelow(requirement.level);
      const belowGrants: Record<string, AccessLevel> = allAreas('OWNER');
      if (below) belowGrants[requirement.role] = below;
      else delete belowGrants[requirement.role];
      const tooLow = await call(root, await principal(belowGrants));
      expect([codeOf(tooLow), tooLow.data?.[root.field.name] ?? null]).toEqual(['FORBIDDEN', null]);

      const exact = await call(root, await principal({ [requirement.role]: requirement.level }));
      expect(DENIED).not.toContain(codeOf(exact));
      expect(`${codeOf(exact)} ${show(exact)}`).not.toMatch(/^INTERNAL_SERVER_ERROR/);
    });

    const addressing = idArguments(root.field);
    const crossTenant = requirement.kind !== 'public' && requirement.kind !== 'superUser' && addressing.length > 0;
    if (crossTenant)
      it("gets NOT_FOUND (never data) for another tenant's objects", async () => {
        const overrides: Record<string, unknown> = {};
        const ids: string[] = [];
        for (const arg of addressing) {
          const id = await victimId(addressedType(root, arg));
          ids.push(id);
          overrides[arg.name] = getListness(arg.type.toString()) ? [id] : id;
        }
        const intruder = await principal(allAreas('OWNER'));
        const res = await call(root, intruder, overrides);
        const code = codeOf(res);
        if (code !== null) expect(code).toBe('NOT_FOUND');
        for (const id of ids) expect(JSON.stringify(res.data ?? null)).not.toContain(id);
        // and the object is still there for its own tenant
        if (victimIds.get('Channel') && ids.includes(victimIds.get('Channel')!)) {
          const mine = await server.gql(
            'query($id: ID!) { channel(id: $id) { id } }',
            { id: victimIds.get('Channel') },
            { token: victim.token },
          );
          expect(mine.data?.channel?.id).toBe(victimIds.get('Channel'));
        }
      });

    const references = root.operation === 'mutation' && requirement.kind !== 'public' ? inputIdPaths(root.field) : [];
    for (const reference of references) {
      it(`refuses another tenant's object in ${reference.arg}.${reference.path.join('.')} (NOT_FOUND or BAD_USER_INPUT, never success)`, async () => {
        const id = await victimId(reference.addressed);
        const overrides = withInputValue(root.field, reference, reference.list ? [id] : id);
        const res = await call(root, await principal(allAreas('OWNER')), overrides);
        expect(['NOT_FOUND', 'BAD_USER_INPUT']).toContain(codeOf(res));
        expect(JSON.stringify(res.data ?? null)).not.toContain(id);
      });
    }
  });
});

const getListness = (typeString: string) => typeString.startsWith('[');
