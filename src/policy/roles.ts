import { registerEnumType } from 'type-graphql';

/** The posts of contract §4. Only the policy module gives them meaning. */
export enum Role {
  GRID_WORKER = 'GRID_WORKER',
  GRID_LEADER = 'GRID_LEADER',
  STREET_ADMIN = 'STREET_ADMIN',
  COMMAND_CENTER = 'COMMAND_CENTER',
  DISTRICT_ADMIN = 'DISTRICT_ADMIN',
  DEPARTMENT_OFFICER = 'DEPARTMENT_OFFICER',
  PRIVACY_OFFICER = 'PRIVACY_OFFICER',
  RESIDENT = 'RESIDENT',
}
registerEnumType(Role, {
  name: 'Role',
  description: 'A post in the district, deciding what its holder may see and do.',
});
