import type { RequestHandler } from 'express';
import { DocumentNode, getOperationAST, GraphQLError, GraphQLSchema, parse, validate, ValidationRule } from 'graphql';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import type { Config } from '../config/config';
import { apiError, badInput } from '../common/errors';
import { MAX_PAGE_SIZE } from '../common/relay';
import { BoundedCache } from '../common/bounded-cache';

export interface QueryLimits {
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  /** Each field costs 1; a field taking a page size (`first`) costs its children times the page size. */
  maxCost: number;
}

export function limitsOf(config: Config): QueryLimits {
  return {
    maxTokens: config.QUERY_MAX_TOKENS,
    maxDepth: config.QUERY_MAX_DEPTH,
    maxAliases: config.QUERY_MAX_ALIASES,
    maxCost: config.QUERY_MAX_COST,
  };
}

type Verdict = { document: DocumentNode } | { refusal: GraphQLError } | { unparsed: true };

/**
 * Checks a request's document against the limits before Apollo sees it, and so before the context loads
 * the caller (the first SQL statement). A document over a limit answers BAD_USER_INPUT naming the limit;
 * a document that does not parse, or is otherwise invalid, is left to Apollo to report as usual.
 */
export function queryLimits(schema: GraphQLSchema, limits: QueryLimits): RequestHandler {
  const verdicts = new BoundedCache<Verdict>(1000);
  const costs = new BoundedCache<ReturnType<typeof costOf>>(1000);
  return (req, res, next) => {
    const request = graphqlRequest(req.method === 'GET' ? req.query : req.body);
    if (!request) return next();
    let verdict = verdicts.get(request.query);
    if (!verdict) {
      verdict = shapeVerdict(schema, request.query, limits);
      verdicts.set(request.query, verdict);
    }
    const refusal =
      'refusal' in verdict ? verdict.refusal : 'document' in verdict ? costRefusal(verdict.document) : null;
    if (!refusal) return next();
    res.status(400).json({ errors: [refusal.toJSON()] });

    function costRefusal(document: DocumentNode): GraphQLError | null {
      // A query only reads: its lists may come from a read replica (context.ts).
      res.locals.readOnly = getOperationAST(document, request!.operationName)?.operation === 'query';
      const cost = cachedCost(costs, request!, () =>
        costOf(schema, document, request!.variables, request!.operationName),
      );
      if (cost === null) return null;
      // Load shedding weighs the operation by it (src/server/load-shedding.ts).
      res.locals.queryCost = cost.total;
      if (cost.oversizedPage) return badInput('first', `must be between 0 and ${MAX_PAGE_SIZE}`);
      // The rate limits (rate-limits.ts) spend the same cost.
      res.locals.queryCost = cost.total;
      return cost.total > limits.maxCost ? overLimit('cost', limits.maxCost, cost.total) : null;
    }
  };
}

/**
 * A cost depends on the document and its variables: kept per both while they are short (a page size, an
 * id), so the same read asked again is not walked again. Long variables (a command's input) are walked.
 */
function cachedCost<T>(
  cache: BoundedCache<T>,
  request: { query: string; variables?: Record<string, unknown>; operationName?: string },
  compute: () => T,
): T {
  const variables = JSON.stringify(request.variables ?? null);
  if (variables.length > 500) return compute();
  return cache.getOrCompute(`${request.operationName ?? ''}\n${variables}\n${request.query}`, compute);
}

/** Tokens, depth and aliases depend on the text alone, so their verdict is kept per document text. */
function shapeVerdict(schema: GraphQLSchema, query: string, limits: QueryLimits): Verdict {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens });
  } catch (error) {
    const tooLong = error instanceof GraphQLError && /more th[ae]t? \d+ tokens/.test(error.message);
    return tooLong ? { refusal: overLimit('tokens', limits.maxTokens) } : { unparsed: true };
  }
  // Fragments count by the fields they hold (flattened), not as a level each: clients generate many.
  const checks: [string, number, ValidationRule][] = [
    ['depth', limits.maxDepth, maxDepthRule({ n: limits.maxDepth, exposeLimits: true, flattenFragments: true })],
    ['aliases', limits.maxAliases, maxAliasesRule({ n: limits.maxAliases, exposeLimits: true })],
  ];
  for (const [limit, maximum, rule] of checks) {
    const error = ruleError(schema, document, rule);
    if (error) return { refusal: overLimit(limit, maximum, foundIn(error.message)) };
  }
  return { document };
}

/** The armor rules throw their refusal out of validation (their default), others report it. */
function ruleError(schema: GraphQLSchema, document: DocumentNode, rule: ValidationRule): GraphQLError | undefined {
  try {
    return validate(schema, document, [rule])[0];
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
}

/** Null when the cost cannot be computed (unknown fields, bad variables): Apollo's validation will say why. */
function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): { total: number; oversizedPage: boolean } | null {
  let oversizedPage = false;
  const pageCost: ComplexityEstimator = ({ args, childComplexity }) => {
    if (typeof args.first !== 'number') return 1 + childComplexity;
    oversizedPage ||= args.first > MAX_PAGE_SIZE;
    return 1 + Math.max(Math.min(args.first, MAX_PAGE_SIZE), 1) * childComplexity;
  };
  try {
    const total = getComplexity({ schema, query: document, variables, operationName, estimators: [pageCost] });
    return { total, oversizedPage };
  } catch (error) {
    // Fragments spread into each other can make a short text huge: that is over any cost, not invalid.
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      return { total: Infinity, oversizedPage };
    }
    return null;
  }
}

function overLimit(limit: string, maximum: number, found?: number): GraphQLError {
  const known = found !== undefined && Number.isFinite(found);
  return apiError(
    'BAD_USER_INPUT',
    `The query exceeds the ${limit} limit of ${maximum}${known ? ` (found ${found})` : ''}`,
    {
      limit,
      maximum,
      ...(known ? { found } : {}),
    },
  );
}

function foundIn(message: string): number | undefined {
  const match = /found (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

function graphqlRequest(source: unknown): GraphQLRequest | null {
  if (!source || typeof source !== 'object' || Array.isArray(source)) return null;
  const { query, variables, operationName } = source as Record<string, unknown>;
  if (typeof query !== 'string') return null;
  return {
    query,
    variables: parseVariables(variables),
    operationName: typeof operationName === 'string' ? operationName : undefined,
  };
}

/** GET requests carry variables as JSON text. */
function parseVariables(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === 'string') {
    try {
      return parseVariables(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Forgets everything when full: documents are few in practice, and an attacker's are not worth keeping. */
/** The same limits for a document that arrives another way: a subscription over WebSocket. */
export function limitRefusal(
  schema: GraphQLSchema,
  request: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
  limits: QueryLimits,
): GraphQLError | null {
  const verdict = shapeVerdict(schema, request.query, limits);
  if ('refusal' in verdict) return verdict.refusal;
  if (!('document' in verdict)) return null;
  const cost = costOf(schema, verdict.document, request.variables ?? undefined, request.operationName ?? undefined);
  return cost && cost.total > limits.maxCost ? overLimit('cost', limits.maxCost, cost.total) : null;
}
