import { randomBytes, randomUUID } from 'node:crypto';
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLUnionType,
  type GraphQLNamedType,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  isCompositeType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { ACCESS_LEVELS, type AccessLevel } from '../../src/core/access-level';
import { effectiveRequirement, type FieldRequirement } from '../../src/graphql/directives/auth-directives';

export interface RootField {
  operation: 'query' | 'mutation';
  typeName: 'Query' | 'Mutation';
  field: GraphQLField<unknown, unknown>;
  requirement: FieldRequirement;
}

/** Every Query and Mutation field of the schema with the requirement its directives state. */
export function rootFields(schema: GraphQLSchema): RootField[] {
  const out: RootField[] = [];
  for (const [typeName, operation] of [
    ['Query', 'query'],
    ['Mutation', 'mutation'],
  ] as const) {
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) continue;
    for (const field of Object.values(type.getFields())) {
      const requirement = effectiveRequirement(schema, type, field.name);
      if (!requirement) throw new Error(`${typeName}.${field.name} carries no authorization directive`);
      out.push({ operation, typeName, field, requirement });
    }
  }
  return out;
}

export function describeRequirement(r: FieldRequirement): string {
  return r.kind === 'auth' ? `@auth(${r.role}, ${r.level})` : `@${r.kind}`;
}

const hex = () => randomBytes(4).toString('hex');

/** A value of a scalar that its parser accepts. */
function scalarPlaceholder(type: GraphQLScalarType): unknown {
  switch (type.name) {
    case 'ID':
      return randomUUID();
    case 'Int':
    case 'PositiveInt':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return false;
    case 'EmailAddress':
      return `x${hex()}@example.test`;
    case 'URL':
      return `https://example.test/x${hex()}`;
    case 'DateTime':
      return new Date(Date.now() + 86_400_000).toISOString();
    case 'JSON':
      return {};
    default:
      return `x${hex()}`; // String, NonEmptyString and anything string-like
  }
}

/** A syntactically and type-wise valid value for an input type: required fields only, one list element. */
export function placeholderValue(type: GraphQLInputType): unknown {
  if (type instanceof GraphQLNonNull) return placeholderValue(type.ofType);
  if (type instanceof GraphQLList) return [placeholderValue(type.ofType)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0]!.value;
  if (type instanceof GraphQLInputObjectType) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (field.type instanceof GraphQLNonNull && field.defaultValue === undefined)
        value[field.name] = placeholderValue(field.type);
    }
    return value;
  }
  return scalarPlaceholder(type as GraphQLScalarType);
}

const isRequired = (arg: GraphQLArgument) => arg.type instanceof GraphQLNonNull && arg.defaultValue === undefined;

/** Top-level arguments whose type is ID (or a list of IDs): the ones that address an object. */
export function idArguments(field: GraphQLField<unknown, unknown>): GraphQLArgument[] {
  return field.args.filter((arg) => getNamedType(arg.type).name === 'ID');
}

export interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

/**
 * `query|mutation Probe($a: T!) { field(a: $a) { __typename } }` with placeholder values for the
 * required arguments; `overrides` set or add arguments (e.g. a real id of another tenant).
 */
export function buildOperation(root: RootField, overrides: Record<string, unknown> = {}): Operation {
  const variables: Record<string, unknown> = {};
  const declared: string[] = [];
  const passed: string[] = [];
  for (const arg of root.field.args) {
    if (!isRequired(arg) && !(arg.name in overrides)) continue;
    variables[arg.name] = arg.name in overrides ? overrides[arg.name] : placeholderValue(arg.type);
    declared.push(`$${arg.name}: ${arg.type.toString()}`);
    passed.push(`${arg.name}: $${arg.name}`);
  }
  const selection = isCompositeType(getNamedType(root.field.type)) ? ' { __typename }' : '';
  const args = passed.length ? `(${passed.join(', ')})` : '';
  const vars = declared.length ? `(${declared.join(', ')})` : '';
  return { query: `${root.operation} Probe${vars} { ${root.field.name}${args}${selection} }`, variables };
}

/** The level just below `level`, or undefined for VIEWER (then the role is not held at all). */
export function levelBelow(level: AccessLevel): AccessLevel | undefined {
  return ACCESS_LEVELS[ACCESS_LEVELS.indexOf(level) - 1];
}

/**
 * The object type an ID argument addresses: `userId` → User; `id`/`ids` → the field's return type,
 * or the type named in the field (`deleteApiKeys` → ApiKey, `deleteChannel` → Channel).
 */
export function addressedType(root: RootField, arg: GraphQLArgument): string {
  if (arg.name !== 'id' && arg.name !== 'ids' && /Ids?$/.test(arg.name)) {
    const base = arg.name.replace(/Ids?$/, '');
    return base.charAt(0).toUpperCase() + base.slice(1);
  }
  const returned = getNamedType(root.field.type);
  if (returned instanceof GraphQLObjectType && !/Payload$|Connection$/.test(returned.name)) return returned.name;
  const stem = root.field.name.replace(
    /^(get|create|update|delete|remove|rotate|revoke|set|send|redeliver|verify|enable|disable)/,
    '',
  );
  return stem.replace(/s$/, '');
}

/** An ID-typed field inside an input-object argument, e.g. `input.channelId` or `input.groupIds`. */
export interface InputIdPath {
  arg: string;
  /** Path below the argument, e.g. ['channelId']. */
  path: string[];
  list: boolean;
  /** The type it addresses, from its name: channelId → Channel, groupIds → Group. */
  addressed: string;
}

/** ID fields of input objects (one level of nesting below each argument), for cross-tenant references. */
export function inputIdPaths(field: GraphQLField<unknown, unknown>): InputIdPath[] {
  const out: InputIdPath[] = [];
  for (const arg of field.args) {
    const named = getNamedType(arg.type);
    if (!(named instanceof GraphQLInputObjectType)) continue;
    for (const inner of Object.values(named.getFields())) {
      if (getNamedType(inner.type).name !== 'ID') continue;
      const base = inner.name.replace(/Ids?$/, '');
      out.push({
        arg: arg.name,
        path: [inner.name],
        list: inner.type.toString().replace(/!$/, '').startsWith('['),
        addressed: base.charAt(0).toUpperCase() + base.slice(1),
      });
    }
  }
  return out;
}

/** Placeholder arguments with one input field replaced (the argument itself is always passed). */
export function withInputValue(
  field: GraphQLField<unknown, unknown>,
  target: InputIdPath,
  value: unknown,
): Record<string, unknown> {
  const arg = field.args.find((a) => a.name === target.arg)!;
  const input = { ...(placeholderValue(arg.type) as Record<string, unknown>) };
  input[target.path[0]!] = value;
  return { [target.arg]: input };
}

const isLeaf = (type: GraphQLNamedType) => !(type instanceof GraphQLObjectType || type instanceof GraphQLUnionType);

/**
 * Selections of every field reachable below `typeName` without entering a type twice on one path
 * (fields with required arguments skipped), with `__typename` on every object and `maxDepth`
 * bounding the nesting. Split into several selections of the same type (each with the type's own
 * scalars, then one linked field each, recursively) while one would exceed `maxFields` fields, so
 * every part fits in the operation limits.
 */
export function reachableSelections(
  schema: GraphQLSchema,
  typeName: string,
  maxDepth: number,
  maxFields = 400,
): string[] {
  type Node = { text: string; size: number };
  const select = (named: GraphQLNamedType, onPath: Set<string>, depth: number): Node[] => {
    if (named instanceof GraphQLUnionType) {
      const members = named.getTypes().filter((member) => !onPath.has(member.name));
      const parts = members.map((member) => ({ member, parts: select(member, onPath, depth) }));
      // one selection per member part, the other members absent
      return parts.flatMap(({ member, parts }) =>
        parts.map((p) => ({ text: `{ __typename ... on ${member.name} ${p.text} }`, size: p.size + 1 })),
      );
    }
    const object = named as GraphQLObjectType;
    const path = new Set([...onPath, object.name]);
    const scalars = ['__typename'];
    const linked: Array<{ name: string; parts: Node[] }> = [];
    for (const field of Object.values(object.getFields())) {
      if (field.args.some(isRequired)) continue;
      const inner = getNamedType(field.type);
      if (isLeaf(inner)) scalars.push(field.name);
      else if (!path.has(inner.name) && depth + 1 < maxDepth)
        linked.push({ name: field.name, parts: select(inner, path, depth + 1) });
    }
    const whole = linked.flatMap((l) => l.parts.map((p) => ({ text: `${l.name} ${p.text}`, size: p.size })));
    const total = scalars.length + whole.reduce((n, p) => n + p.size, 0);
    if (total <= maxFields)
      return [{ text: `{ ${[...scalars, ...whole.map((p) => p.text)].join(' ')} }`, size: total }];
    return [
      { text: `{ ${scalars.join(' ')} }`, size: scalars.length },
      ...whole.map((p) => ({ text: `{ ${scalars.join(' ')} ${p.text} }`, size: scalars.length + p.size })),
    ];
  };
  const type = schema.getType(typeName)!;
  return isLeaf(type) ? [''] : select(type, new Set(), 1).map((p) => p.text);
}

/** Every `Type.field` of an object type reachable from the root field's result (unions expanded). */
export function reachableFields(
  schema: GraphQLSchema,
  root: RootField,
): Array<{ type: GraphQLObjectType; field: string }> {
  const out: Array<{ type: GraphQLObjectType; field: string }> = [];
  const visited = new Set<string>();
  const visit = (named: GraphQLNamedType) => {
    if (visited.has(named.name)) return;
    visited.add(named.name);
    if (named instanceof GraphQLUnionType) named.getTypes().forEach(visit);
    if (!(named instanceof GraphQLObjectType)) return;
    for (const field of Object.values(named.getFields())) {
      out.push({ type: named, field: field.name });
      visit(getNamedType(field.type));
    }
  };
  visit(getNamedType(root.field.type));
  return out;
}

/** A list-typed position in a field's arguments: the argument itself or a field of an input object below it. */
export interface ListInputPath {
  /** Argument name, then input-object field names, e.g. ['filter', 'status']. */
  path: string[];
  itemType: GraphQLInputType;
}

/** Every list position in a field's arguments (input objects followed up to three levels). */
export function listInputPaths(field: GraphQLField<unknown, unknown>): ListInputPath[] {
  const out: ListInputPath[] = [];
  const visit = (type: GraphQLInputType, path: string[], depth: number) => {
    const inner = type instanceof GraphQLNonNull ? type.ofType : type;
    if (inner instanceof GraphQLList) out.push({ path, itemType: inner.ofType });
    else if (inner instanceof GraphQLInputObjectType && depth < 3)
      for (const f of Object.values(inner.getFields())) visit(f.type, [...path, f.name], depth + 1);
  };
  for (const arg of field.args) visit(arg.type, [arg.name], 0);
  return out;
}

/** Placeholder arguments (required ones) with the value at `path` set, creating the input objects on the way. */
export function argumentsWith(
  field: GraphQLField<unknown, unknown>,
  path: string[],
  value: unknown,
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of field.args) if (isRequired(arg)) args[arg.name] = placeholderValue(arg.type);
  let holder = args;
  let type: GraphQLInputType | undefined = field.args.find((a) => a.name === path[0])!.type;
  for (const [i, name] of path.entries()) {
    if (i === path.length - 1) {
      holder[name] = value;
      break;
    }
    const inner = (type instanceof GraphQLNonNull ? type.ofType : type) as GraphQLInputObjectType;
    if (holder[name] === undefined) holder[name] = placeholderValue(inner);
    holder = holder[name] as Record<string, unknown>;
    type = inner.getFields()[path[i + 1]!]!.type;
  }
  return args;
}

/** `query|mutation Probe(<every argument>) { field(...) { __typename } }` passing `args` as variables. */
export function operationWith(root: RootField, args: Record<string, unknown>): Operation {
  const used = root.field.args.filter((arg) => arg.name in args);
  const vars = used.length ? `(${used.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ')})` : '';
  const passed = used.length ? `(${used.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : '';
  const selection = isCompositeType(getNamedType(root.field.type)) ? ' { __typename }' : '';
  return { query: `${root.operation} Probe${vars} { ${root.field.name}${passed}${selection} }`, variables: args };
}
