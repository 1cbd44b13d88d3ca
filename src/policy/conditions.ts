import { buildMongoQueryMatcher } from '@casl/ability';
import type { FieldCondition, FieldInstruction, JsInterpreter } from '@ucast/mongo2js';

/**
 * Rule conditions are written once in a vocabulary both CASL and MikroORM understand, so the same rule
 * filters rows in SQL and checks a loaded row in memory. CASL lacks SQL's LIKE; it is added here, limited
 * to the prefix form used for grid subtrees.
 */
const $like: FieldInstruction<string> = {
  type: 'field',
  validate(instruction, value) {
    if (typeof value !== 'string' || !/^[^%_]*%$/.test(value)) {
      throw new Error(`${instruction.name} takes a prefix pattern such as "/1/4/%"`);
    }
  },
};

const like: JsInterpreter<FieldCondition<string>> = (condition, object, { get }) => {
  const value = get(object, condition.field);
  return typeof value === 'string' && value.startsWith(condition.value.slice(0, -1));
};

export const conditionsMatcher = buildMongoQueryMatcher({ $like }, { like });

/** "This grid and everything below it", for a row carrying its grid's materialized path. */
export function underGrid(path: string): { $like: string } {
  return { $like: `${path}%` };
}
