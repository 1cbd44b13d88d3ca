import { registerEnumType } from 'type-graphql';

/** What a logged access did: read one row, search a list, or export. */
export enum AccessAction {
  READ = 'READ',
  SEARCH = 'SEARCH',
  EXPORT = 'EXPORT',
}
registerEnumType(AccessAction, { name: 'AccessAction' });

/** How a logged field was given: in clear, masked, or refused. */
export enum AccessOutcome {
  FULL = 'FULL',
  MASKED = 'MASKED',
  DENIED = 'DENIED',
}
registerEnumType(AccessOutcome, { name: 'AccessOutcome' });
