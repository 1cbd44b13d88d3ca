import { InterfaceType, Field, ID } from 'type-graphql';
import { badInput } from './errors';
import { FieldTier, Tier } from './tiers';
import { GlobalId, parseGlobalId } from './row-id';

export { MAX_ROW_ID, parseGlobalId, type GlobalId } from './row-id';

/** Relay global ids: an opaque base64url of "Type:id" so clients never build ids themselves. */
export function toGlobalId(typeName: string, id: number | string): string {
  return Buffer.from(`${typeName}:${id}`, 'utf8').toString('base64url');
}

export function fromGlobalId(globalId: string, argumentName = 'id'): GlobalId {
  const parsed = parseGlobalId(globalId);
  if (!parsed) throw badInput(argumentName, `${JSON.stringify(globalId)} is not a valid id`);
  return parsed;
}

/** Decodes an id that must name one type; a Case id given where a Resident id is expected is bad input. */
export function idOfType(globalId: string, typeName: string, argumentName = 'id'): number {
  const decoded = fromGlobalId(globalId, argumentName);
  if (decoded.typeName !== typeName) throw badInput(argumentName, `"${globalId}" is not a ${typeName} id`);
  return decoded.id;
}

/** Every object with a global id; entities extend it so `id` is always the global form. */
@InterfaceType('Node', {
  description: 'An object with a global id, fetchable with `node(id:)`.',
  resolveType: (value: object) => value.constructor.name,
})
export abstract class Node {
  abstract readonly id: number | string;

  @Tier(FieldTier.PUBLIC)
  @Field(() => ID, { name: 'id', description: 'Global object id, usable with node(id:).' })
  get globalId(): string {
    return toGlobalId(this.constructor.name, this.id);
  }
}
