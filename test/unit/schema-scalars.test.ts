import {
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
} from 'graphql';
import { buildSchema } from '../../src/graphql/server';

describe('the schema', () => {
  it('declares no custom scalar that no field or argument uses', () => {
    const schema = buildSchema();
    const used = new Set<string>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          used.add(getNamedType(field.type).name);
          for (const arg of field.args) used.add(getNamedType(arg.type).name);
        }
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) used.add(getNamedType(field.type).name);
      }
    }
    for (const directive of schema.getDirectives())
      for (const arg of directive.args) used.add(getNamedType(arg.type).name);
    const declared = Object.values(schema.getTypeMap())
      .filter((t) => isScalarType(t) && !isSpecifiedScalarType(t))
      .map((t) => t.name);
    expect(declared.length).toBeGreaterThan(0);
    expect(declared.filter((name) => !used.has(name))).toEqual([]);
  });
});
