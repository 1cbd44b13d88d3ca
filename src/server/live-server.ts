import type http from 'node:http';
import { HeaderMap, type GraphQLResponse } from '@apollo/server';
import {
  createSourceEventStream,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
  getOperationAST,
  type GraphQLError,
  type GraphQLSchema,
  parse,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { commitAccessLog, recordDenials } from '../audit/audit.plugin';
import { badInput } from '../common/errors';
import { hashOf, printTrusted } from '../common/trusted-documents';
import type { ContextDeps, RequestContext, RequestMeta } from './context';
import { formatError } from './format-error';
import { limitRefusal, limitsOf } from './query-limits';
import { readManifest } from './trusted-documents';

/** Who opened a connection, as connection_init stated it: the same bearer token and purpose as over HTTP. */
interface Caller {
  meta: RequestMeta;
}

type BuildContext = (deps: ContextDeps, meta: RequestMeta) => Promise<RequestContext>;
type Connection = { live?: Caller; request: http.IncomingMessage };

/**
 * Subscriptions (contract §15) over the graphql-ws protocol, on the API's own server and path. A
 * connection is accepted only with a valid token in connection_init; every event is then executed like a
 * query of its own: a fresh context (the caller's grants read again, so a disabled user or an ended grant
 * takes effect at once), the schema's row filter and field guard, and the access log committed before the
 * event leaves. An event whose log cannot be written is not sent (fail closed).
 */
export function mountLive(httpServer: http.Server, schema: GraphQLSchema, deps: ContextDeps, build: BuildContext) {
  const { config } = deps;
  const limits = limitsOf(config);
  const manifest = config.TRUSTED_DOCUMENTS ? readManifest(config.TRUSTED_DOCUMENTS) : null;
  const format = formatError(config.NODE_ENV === 'development');
  const reopeners = new WeakMap<object, () => Promise<RequestContext>>();
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const server = useServer<Record<string, unknown>, Connection>(
    {
      schema,
      onConnect: async (ctx) => {
        const caller = await callerOf(ctx.connectionParams, ctx.extra.request);
        if (!caller) return false;
        ctx.extra.live = caller;
        return true;
      },
      onSubscribe: (_ctx, _id, payload) => {
        const refusal =
          (manifest && untrusted(manifest, payload.query, limits.maxTokens)) || limitRefusal(schema, payload, limits);
        return refusal ? [refusal] : undefined;
      },
      context: async (ctx) => {
        const meta = ctx.extra.live!.meta;
        const opened = await build(deps, meta);
        reopeners.set(opened, () => build(deps, meta));
        return opened as unknown as Record<string, unknown>;
      },
      execute: () => ({
        errors: [badInput('query', 'only subscriptions are served over WebSocket; send queries over HTTP')],
      }),
      subscribe: (args) => subscribeThroughPolicy(args, reopeners.get(args.contextValue as object)!),
      onNext: (_ctx, _id, _payload, _args, result) => ({
        ...result,
        errors: result.errors?.map((error) => format(error, error)),
      }),
    },
    wss,
  );

  async function callerOf(params: Record<string, unknown> | undefined, request: http.IncomingMessage) {
    const token = typeof params?.authorization === 'string' ? params.authorization : null;
    if (!token) return null;
    const purpose = typeof params?.purpose === 'string' ? params.purpose : undefined;
    const meta: RequestMeta = {
      headers: { authorization: token, ...(purpose ? { 'x-access-purpose': purpose } : {}) },
      clientAddress: request.socket.remoteAddress ?? null,
    };
    try {
      return (await build(deps, meta)).authenticated ? { meta } : null;
    } catch {
      return null;
    }
  }

  async function subscribeThroughPolicy(args: ExecutionArgs, reopen: () => Promise<RequestContext>) {
    const opening = args.contextValue as RequestContext;
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return (await settle(opening, source as ExecutionResult, args)) ?? source;
    return eventResults(source as AsyncIterableIterator<unknown>, (event) => executeEvent(args, event, reopen));
  }

  async function executeEvent(args: ExecutionArgs, event: unknown, reopen: () => Promise<RequestContext>) {
    let ctx: RequestContext;
    try {
      ctx = await reopen();
    } catch (error) {
      // The caller is no longer who it was (disabled, token expired): the stream ends here.
      return { end: { errors: [error as GraphQLError] } };
    }
    const result = await execute({ ...args, rootValue: event, contextValue: ctx });
    // Null without an error: the row is outside the caller's scope now; the event does not exist for it.
    if (!result.errors?.length && result.data?.[rootKeyOf(args)] == null) return null;
    return settle(ctx, result, args);
  }

  /** Refusals logged, the access log committed (or nothing sent), then the policy's notes added. */
  async function settle(ctx: RequestContext, result: ExecutionResult, args: ExecutionArgs) {
    recordDenials(ctx, result.errors ?? []);
    const response = {
      body: { kind: 'single', singleResult: result },
      http: { status: 200, headers: new HeaderMap() },
    } as unknown as GraphQLResponse;
    const operation = args.operationName ?? getOperationAST(args.document)?.name?.value ?? null;
    await commitAccessLog(ctx, response, operation, config.AUDIT_WAIT_MS);
    const body = response.body as { singleResult: ExecutionResult };
    if (body.singleResult !== result) return null;
    const hidden = ctx.disclosure.errors();
    const masked = ctx.disclosure.masked;
    return {
      ...result,
      ...(hidden.length ? { errors: [...(result.errors ?? []), ...hidden] } : {}),
      ...(masked.length ? { extensions: { ...result.extensions, masked } } : {}),
    } as ExecutionResult;
  }

  return {
    async close(): Promise<void> {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

type Outcome = ExecutionResult | { end: ExecutionResult } | null;

/**
 * The events as results, skipping those that come to nothing. Written as a plain iterator, not a generator:
 * ending a subscription must end the listener at once, even while it waits for the next event.
 */
function eventResults(
  source: AsyncIterator<unknown>,
  run: (event: unknown) => Promise<Outcome>,
): AsyncIterableIterator<ExecutionResult> {
  let ended = false;
  const finish = async () => {
    ended = true;
    await source.return?.();
    return { done: true as const, value: undefined };
  };
  return {
    async next() {
      while (!ended) {
        const next = await source.next();
        if (next.done) return finish();
        const outcome = await run(next.value);
        if (!outcome) continue;
        if ('end' in outcome) {
          await finish();
          return { done: false, value: outcome.end };
        }
        return { done: false, value: outcome };
      }
      return { done: true, value: undefined };
    },
    return: finish,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function rootKeyOf(args: ExecutionArgs): string {
  const selection = getOperationAST(args.document, args.operationName)?.selectionSet.selections[0];
  return selection?.kind === 'Field' ? (selection.alias?.value ?? selection.name.value) : '';
}

/** With a manifest of trusted documents, a subscription must be registered like any operation. */
function untrusted(manifest: Map<string, string>, query: string, maxTokens: number): GraphQLError | null {
  if (manifest.has(hashOf(query))) return null;
  try {
    if (manifest.has(hashOf(printTrusted(parse(query, { noLocation: true, maxTokens }))))) return null;
  } catch {
    // An unparsable document is not registered either.
  }
  return badInput('query', 'this operation is not among the trusted documents');
}
