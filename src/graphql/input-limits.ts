import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  getNullableType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLScalarType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { badInput } from '../core/errors';

/** No list argument (at any depth of an input) holds more items; bigger jobs are split by the client. */
export const MAX_LIST_ITEMS = 100;
/**
 * Nesting of a JSON argument (publishEvent's payload): deep enough for any document, shallow enough for every recursive
 * reader.
 */
export const MAX_JSON_DEPTH = 32;

/** How deep a JSON value nests, counted without recursion, stopping once past `limit`. */
function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(item as object)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Throws BAD_USER_INPUT (extensions.field = the argument's path) for an oversized list or a too deep JSON value. */
export function checkInputSize(type: GraphQLInputType, value: unknown, path: string): void {
  if (value === null || value === undefined) return;
  const inner = getNullableType(type);
  if (inner instanceof GraphQLList) {
    const items = value as unknown[];
    if (items.length > MAX_LIST_ITEMS) throw badInput(path, `"${path}" may hold at most ${MAX_LIST_ITEMS} items`);
    items.forEach((item, i) => checkInputSize(inner.ofType as GraphQLInputType, item, `${path}[${i}]`));
  } else if (inner instanceof GraphQLInputObjectType) {
    for (const field of Object.values(inner.getFields()))
      checkInputSize(field.type, (value as Record<string, unknown>)[field.name], `${path}.${field.name}`);
  } else if (inner instanceof GraphQLScalarType && inner.name === 'JSON' && jsonDepthExceeds(value, MAX_JSON_DEPTH)) {
    throw badInput(path, `"${path}" may nest at most ${MAX_JSON_DEPTH} levels deep`);
  }
}

/** Checks the arguments of every field that takes a list or JSON before its resolver runs. */
export function applyInputLimits(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig) => {
      const args = Object.entries(fieldConfig.args ?? {});
      if (args.length === 0) return fieldConfig;
      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      return {
        ...fieldConfig,
        resolve(source, values, context, info) {
          for (const [name, arg] of args) checkInputSize(arg.type, values[name], name);
          return resolve(source, values, context, info);
        },
      };
    },
  });
}
