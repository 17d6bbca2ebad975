import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, GraphQLObjectType, type GraphQLFieldConfig, type GraphQLSchema } from 'graphql';
import type { AccessLevel } from '../../core/access-level';
import { enforce, type Requirement } from '../../auth/requirement';
import type { Principal } from '../../core/principal';
import { forbidden } from '../../core/errors';
import { channelScope } from '../../domain/channels/channel-scope';
import { ownObjectRules, type OwnObjectRule } from './own-object-rules';

/** A field's requirement: the directive on the field or its type. */
export type FieldRequirement = Requirement;

const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'];

/** The requirement a field's own directive states, or undefined. */
function fieldRequirement(
  schema: GraphQLSchema,
  field: GraphQLFieldConfig<unknown, unknown>,
): FieldRequirement | undefined {
  return requirementOf(schema, field);
}

function requirementOf(schema: GraphQLSchema, node: Parameters<typeof getDirective>[1]): FieldRequirement | undefined {
  const auth = getDirective(schema, node, 'auth')?.[0];
  if (auth) return { kind: 'auth', role: auth.role as string, level: auth.level as AccessLevel };
  if (getDirective(schema, node, 'superUser')?.[0]) return { kind: 'superUser' };
  if (getDirective(schema, node, 'authenticated')?.[0]) return { kind: 'authenticated' };
  if (getDirective(schema, node, 'public')?.[0]) return { kind: 'public' };
  return undefined;
}

/** The requirement a field states itself (not inherited from its type), or undefined. */
export function ownRequirement(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  fieldName: string,
): FieldRequirement | undefined {
  const field = type.toConfig().fields[fieldName];
  return field ? fieldRequirement(schema, field) : undefined;
}

/** Field-level directive wins over the type-level default. */
export function effectiveRequirement(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  fieldName: string,
): FieldRequirement | undefined {
  if (!type.getFields()[fieldName]) return undefined;
  return ownRequirement(schema, type, fieldName) ?? requirementOf(schema, type);
}

/** Fail closed: every root field must state who may call it. */
export function assertRootFieldsGuarded(schema: GraphQLSchema): void {
  const unguarded: string[] = [];
  for (const typeName of ROOT_TYPES) {
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) continue;
    for (const fieldName of Object.keys(type.getFields())) {
      if (!effectiveRequirement(schema, type, fieldName)) unguarded.push(`${typeName}.${fieldName}`);
    }
  }
  if (unguarded.length > 0) {
    throw new Error(
      `Refusing to start: these root fields carry no @auth, @authenticated, @superUser or @public directive: ${unguarded.join(', ')}`,
    );
  }
}

/**
 * The rule by which a type's `@allowSelf` lets the principal's own object pass the type-level
 * requirement; fails closed when a type asks for it and no rule says what "own" means.
 */
export function selfRule(schema: GraphQLSchema, type: GraphQLObjectType): OwnObjectRule | undefined {
  if (!getDirective(schema, type, 'allowSelf')?.[0]) return undefined;
  const rule = ownObjectRules[type.name];
  if (!rule)
    throw new Error(
      `Refusing to start: ${type.name} carries @allowSelf but src/graphql/directives/own-object-rules.ts has no rule for it`,
    );
  return rule;
}

/**
 * The one place authorization directives are enforced: wraps the resolver (default resolvers
 * included) of every field that has a directive on itself or its type. A field without its own
 * directive inherits the type's; on a type with `@allowSelf` the principal's own object passes it.
 */
export function applyAuthDirectives(schema: GraphQLSchema): GraphQLSchema {
  assertRootFieldsGuarded(schema);
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, _fieldName, typeName) => {
      const type = schema.getType(typeName);
      const own = fieldRequirement(schema, fieldConfig);
      const inherited = type instanceof GraphQLObjectType ? requirementOf(schema, type) : undefined;
      const requirement = own ?? inherited;
      if (!requirement || requirement.kind === 'public') return fieldConfig;
      // the principal's own object passes the type's requirement and @authenticated (`login { user { name } }` is still
      // anonymous)
      const isSelf =
        (!own || own.kind === 'authenticated') && type instanceof GraphQLObjectType
          ? selfRule(schema, type)
          : undefined;
      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      return {
        ...fieldConfig,
        resolve(source, args, context: { principal: Principal }, info) {
          const object = source as Record<string, unknown>;
          if (!(isSelf && isSelf(object, context.principal, info))) {
            enforce(requirement, context.principal);
            // a linked object of another channel (a key's createdBy, an event's actor) is out of a channel-bound
            // principal's reach
            if (
              !own &&
              object &&
              typeof object === 'object' &&
              'channelId' in object &&
              !channelScope.allows(context.principal, object.channelId as string | null)
            )
              throw forbidden('This object belongs to another channel');
          }
          return resolve(source, args, context, info);
        },
      };
    },
  });
}
