import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, visit } from 'graphql';

/**
 * Names the argument of the bad input that graphql-js and Apollo refuse before any resolver runs, so
 * every bad value answers BAD_USER_INPUT with `extensions.argumentName`, as the resolvers' refusals do:
 * - a variable that does not coerce (`Variable "$f" got invalid value … at "f.bornFrom"`) names the
 *   argument the variable is passed to;
 * - a literal of the wrong type or one its scalar refuses (an impossible DateTimeISO written in the
 *   document) is BAD_USER_INPUT rather than GRAPHQL_VALIDATION_FAILED, naming its argument: the document
 *   asks a valid question with a bad value (unknown fields and the like stay validation errors);
 * - Apollo's own refusals of a malformed request (a persisted-query extension of the wrong shape) carry
 *   no code: they become BAD_USER_INPUT naming the part of the request.
 */
export function inputErrorsPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, document, request }) {
          const paths = document ? argumentPaths(document) : null;
          for (const error of errors) {
            const named = paths ? argumentOf(error, paths) : undefined;
            if (named) Object.assign(error.extensions, { code: 'BAD_USER_INPUT', argumentName: named });
            else if (!error.extensions.code && statusOf(error) === 400) {
              const part = request.extensions?.persistedQuery !== undefined ? 'extensions.persistedQuery' : 'body';
              Object.assign(error.extensions, { code: 'BAD_USER_INPUT', argumentName: part });
            }
          }
        },
      };
    },
  };
}

interface ArgumentPaths {
  /** The argument (dotted into input objects) each variable is passed to, the first use winning. */
  byVariable: Map<string, string>;
  /** The argument each literal value sits in, by its offset in the document. */
  byOffset: Map<number, string>;
}

function argumentOf(error: GraphQLError, paths: ArgumentPaths): string | undefined {
  const code = error.extensions.code;
  const variable = /^Variable "\$(\w+)" (?:got invalid value .*? at "\w+((?:\.\w+|\[\d+\])+)"|)/.exec(error.message);
  if (code === 'BAD_USER_INPUT' && variable) {
    const argument = paths.byVariable.get(variable[1]);
    return argument && `${argument}${(variable[2] ?? '').replace(/\[(\d+)\]/g, '.$1')}`;
  }
  // Validation errors located at a literal inside an argument are about its value: wrong type, bad scalar.
  const offset = error.nodes?.[0]?.loc?.start;
  return code === 'GRAPHQL_VALIDATION_FAILED' && offset !== undefined ? paths.byOffset.get(offset) : undefined;
}

function argumentPaths(document: DocumentNode): ArgumentPaths {
  const paths: ArgumentPaths = { byVariable: new Map(), byOffset: new Map() };
  const stack: string[] = [];
  const current = () => stack.join('.');
  visit(document, {
    Argument: { enter: (node) => void stack.push(node.name.value), leave: () => void stack.pop() },
    ObjectField: { enter: (node) => void stack.push(node.name.value), leave: () => void stack.pop() },
    Variable(node) {
      if (stack.length > 0 && !paths.byVariable.has(node.name.value)) paths.byVariable.set(node.name.value, current());
    },
    enter(node) {
      if (stack.length > 0 && node.loc && node.kind.endsWith('Value')) paths.byOffset.set(node.loc.start, current());
    },
  });
  return paths;
}

function statusOf(error: GraphQLError): number | undefined {
  const http = error.extensions.http as { status?: number } | undefined;
  return http?.status;
}
