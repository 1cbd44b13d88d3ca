import { chineseName, Gender, surname, surnameOf } from './names';
import { Rng } from './prng';

export type Kinship = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild';

export interface Person {
  name: string;
  gender: Gender;
  age: number;
  kinship: Kinship;
}

/** Whether the household is grandparents raising a grandchild whose parents work away (留守儿童的家). */
export interface Household {
  members: Person[];
  leftBehind: boolean;
}

const other = (gender: Gender): Gender => (gender === 'MALE' ? 'FEMALE' : 'MALE');

/**
 * Who lives together, by household size: singles (many of them old), couples, parents with children,
 * three generations. Children carry the father's surname almost always.
 */
export function composeHousehold(rng: Rng, size: number, rural: boolean, year: number): Household {
  const family = surname(rng);
  const person = (gender: Gender, age: number, kinship: Kinship, familyName?: string): Person => ({
    name: chineseName(rng, gender, year - age, familyName),
    gender,
    age,
    kinship,
  });
  const headGender: Gender = rng.chance(0.7) ? 'MALE' : 'FEMALE';
  if (size === 1)
    return {
      members: [person(headGender, rng.chance(0.45) ? rng.int(70, 95) : rng.int(20, 69), 'head', family)],
      leftBehind: false,
    };
  if (size === 3 && rural && rng.chance(0.2)) {
    const grandfather = person('MALE', rng.int(55, 78), 'head', family);
    const grandmother = person('FEMALE', Math.max(50, grandfather.age - rng.int(0, 5)), 'spouse');
    return {
      members: [
        grandfather,
        grandmother,
        person(rng.chance(0.5) ? 'MALE' : 'FEMALE', rng.int(0, 15), 'grandchild', family),
      ],
      leftBehind: true,
    };
  }
  const withChildren = size >= 3 || rng.chance(0.15);
  const elderlyCouple = size === 2 && !withChildren && rng.chance(0.45);
  const headAge = withChildren ? rng.int(26, 55) : elderlyCouple ? rng.int(60, 88) : rng.int(22, 59);
  const head = person(headGender, headAge, 'head', headGender === 'MALE' ? family : undefined);
  const members = [head];
  const couple = size >= 3 || (size === 2 && !withChildren);
  if (couple)
    members.push(
      person(
        other(headGender),
        Math.max(20, headAge + rng.int(-4, 4)),
        'spouse',
        headGender === 'FEMALE' ? family : undefined,
      ),
    );
  const childFamily = rng.chance(0.92) ? family : undefined;
  const parents = size === 5 && rng.chance(0.5) ? 2 : size >= 4 && rng.chance(0.4) ? 1 : 0;
  while (members.length < size - parents) {
    members.push(
      person(rng.chance(0.52) ? 'MALE' : 'FEMALE', headAge - rng.int(22, Math.min(34, headAge)), 'child', childFamily),
    );
  }
  for (let k = 0; members.length < size; k++) {
    const gender: Gender = parents === 2 ? (k === 0 ? 'MALE' : 'FEMALE') : rng.chance(0.4) ? 'MALE' : 'FEMALE';
    // The head's own father shares the head's surname, whoever the head is.
    members.push(
      person(
        gender,
        Math.min(98, headAge + rng.int(24, 32)),
        'parent',
        gender === 'MALE' ? surnameOf(head.name) : undefined,
      ),
    );
  }
  return { members, leftBehind: false };
}
