import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';
import { createSchema } from '../../src/server/schema';

/** The description without the tier sentence the schema build appends to tiered fields. */
function ownWords(description: string | null | undefined): string {
  return (description ?? '')
    .split(/\n\s*\n/)
    .filter((paragraph) => !paragraph.trim().startsWith('Tier:'))
    .join('\n\n')
    .trim();
}

/** Every schema coordinate a client sees that has no description of its own. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (coordinate: string, description: string | null | undefined): void => {
    if (!ownWords(description)) missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isScalarType(type)) {
      if (!isSpecifiedScalarType(type)) check(type.name, type.description);
      continue;
    }
    check(type.name, type.description);
    if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    } else if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    }
  }
  return missing.sort();
}

describe('schema descriptions', () => {
  it('describes every type, field, argument and enum value in its own words', async () => {
    expect(undescribed(await createSchema())).toEqual([]);
  });
});
