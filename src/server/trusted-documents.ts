import { readFileSync } from 'node:fs';
import type { Request, RequestHandler } from 'express';
import { GraphQLError, parse } from 'graphql';
import type { Config } from '../config/config';
import { badInput } from '../common/errors';
import { quietLogger } from '../common/quiet-log';
import { hashOf, printTrusted } from '../common/trusted-documents';
import { BoundedCache } from '../common/bounded-cache';

type Manifest = Map<string, string>;

const log = quietLogger();

/**
 * With TRUSTED_DOCUMENTS set, only the operations in that manifest (written by `npm run codegen` from the
 * clients' documents) run: sent in full, in any layout, or by hash (Apollo's `extensions.persistedQuery`
 * or a `documentId`), which is replaced here by the registered text. Anything else is refused before
 * Apollo, the limits or any SQL see it. Unset, every request passes untouched.
 */
export function trustedDocuments(config: Pick<Config, 'TRUSTED_DOCUMENTS' | 'QUERY_MAX_TOKENS'>): RequestHandler {
  if (!config.TRUSTED_DOCUMENTS) return (_req, _res, next) => next();
  const manifest = readManifest(config.TRUSTED_DOCUMENTS);
  // A client sends the same few texts again and again: each one's registered hash is worked out once.
  const hashes = new BoundedCache<string>(1000);
  return (req, res, next) => {
    const get = req.method === 'GET';
    const source = (get ? req.query : req.body) as unknown;
    // Not a GraphQL request (no body, a batch): Apollo answers it with its own error.
    if (!source || typeof source !== 'object' || Array.isArray(source)) return next();
    const verdict = check(manifest, source as Record<string, unknown>, (query) =>
      hashes.getOrCompute(query, () => registeredHash(manifest, query, config.QUERY_MAX_TOKENS)),
    );
    if (verdict instanceof GraphQLError) {
      log('unregistered operation refused', String(verdict.extensions.documentHash));
      return void res.status(400).json({ errors: [verdict.toJSON()] });
    }
    if (verdict !== null) useDocument(req, get, verdict);
    next();
  };
}

/** Null: the sent document is registered as it is; a text: the registered document a hash named. */
function check(
  manifest: Manifest,
  request: Record<string, unknown>,
  hashOfText: (query: string) => string,
): GraphQLError | string | null {
  const { query } = request;
  if (typeof query === 'string') {
    const hash = hashOfText(query);
    return manifest.has(hash) ? null : refusal('query', hash);
  }
  const named = hashNamed(request);
  // Neither document nor hash: Apollo refuses the request itself.
  if (!named) return null;
  return manifest.get(named.hash.toLowerCase()) ?? refusal(named.argument, named.hash);
}

/** The sent text's hash, or that of its registered form when it parses: layout and order do not matter. */
function registeredHash(manifest: Manifest, query: string, maxTokens: number): string {
  const hash = hashOf(query);
  if (manifest.has(hash)) return hash;
  try {
    return hashOf(printTrusted(parse(query, { noLocation: true, maxTokens })));
  } catch {
    return hash;
  }
}

function hashNamed(request: Record<string, unknown>): { argument: string; hash: string } | null {
  const documentId = request.documentId;
  if (typeof documentId === 'string') return { argument: 'documentId', hash: documentId.replace(/^sha256:/, '') };
  const extensions = jsonObject(request.extensions);
  const persisted = jsonObject(extensions?.persistedQuery);
  const hash = persisted?.sha256Hash;
  return typeof hash === 'string' ? { argument: 'extensions.persistedQuery', hash } : null;
}

function refusal(argument: string, hash: string | null): GraphQLError {
  const error = badInput(argument, 'the operation is not one of the registered (trusted) documents');
  error.extensions.documentHash = hash;
  return error;
}

/** The registered text replaces the hash, so Apollo (and its persisted-query cache) sees a plain request. */
function useDocument(req: Request, get: boolean, document: string): void {
  if (!get) {
    const body = req.body as Record<string, unknown>;
    const extensions = jsonObject(body.extensions);
    delete body.documentId;
    if (extensions) body.extensions = { ...extensions, persistedQuery: undefined };
    body.query = document;
    return;
  }
  // Express derives req.query, and Apollo its GET request, from the URL.
  const url = new URL(req.url, 'http://localhost');
  const extensions = jsonObject(url.searchParams.get('extensions'));
  url.searchParams.delete('documentId');
  if (extensions) url.searchParams.set('extensions', JSON.stringify({ ...extensions, persistedQuery: undefined }));
  url.searchParams.set('query', document);
  req.url = url.pathname + url.search;
}

function jsonObject(value: unknown): Record<string, unknown> | null {
  if (typeof value === 'string') {
    try {
      return jsonObject(JSON.parse(value));
    } catch {
      return null;
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Keys are hex SHA-256 (a `sha256:` prefix allowed), each checked against its document at start-up. */
export function readManifest(path: string): Manifest {
  const entries = Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);
  const manifest: Manifest = new Map();
  for (const [key, document] of entries) {
    const hash = key.replace(/^sha256:/, '').toLowerCase();
    if (typeof document !== 'string' || hashOf(document) !== hash) {
      throw new Error(`TRUSTED_DOCUMENTS: the entry ${key} is not a document keyed by its SHA-256`);
    }
    manifest.set(hash, document);
  }
  return manifest;
}
