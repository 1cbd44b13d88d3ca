import { registerEnumType } from 'type-graphql';

/** What a logged access did: read one row, search a list, or export. */
export enum AccessAction {
  READ = 'READ',
  SEARCH = 'SEARCH',
  EXPORT = 'EXPORT',
}
registerEnumType(AccessAction, {
  name: 'AccessAction',
  description: 'What a logged access (访问日志 AccessLog entry) did.',
  valuesConfig: {
    READ: { description: 'Read one row.' },
    SEARCH: { description: 'Searched or listed rows.' },
    EXPORT: { description: 'Exported rows out of the API.' },
  },
});

/** How a logged field was given: in clear, masked, or refused. */
export enum AccessOutcome {
  FULL = 'FULL',
  MASKED = 'MASKED',
  DENIED = 'DENIED',
}
registerEnumType(AccessOutcome, {
  name: 'AccessOutcome',
  description: 'How the logged fields were given to the caller.',
  valuesConfig: {
    FULL: { description: 'Given in clear.' },
    MASKED: { description: 'Given in masked form.' },
    DENIED: { description: 'Refused: out of scope, withheld or a refused export.' },
  },
});
