import type { ApolloServerPlugin } from '@apollo/server';
import { stopCounting } from '../db/sql-counter';
import type { RequestContext } from './context';

/**
 * Adds what the policy decided to each response: one FORBIDDEN error per withheld field and the list of
 * masked paths under `extensions.masked`.
 */
export function disclosurePlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const hidden = contextValue.disclosure.errors();
          if (hidden.length > 0) result.errors = [...(result.errors ?? []), ...hidden.map((error) => error.toJSON())];
          const masked = contextValue.disclosure.masked;
          if (masked.length > 0) result.extensions = { ...result.extensions, masked };
          if (contextValue.countSql) result.extensions = { ...result.extensions, sqlStatements: stopCounting(contextValue.requestId) };
        },
      };
    },
  };
}
