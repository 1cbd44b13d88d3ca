import { createHash } from 'node:crypto';
import type { DocumentNode } from 'graphql';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';

/**
 * The form a trusted document is registered in: selections and definitions sorted, no comments or spare
 * whitespace. Codegen (codegen.ts) writes the manifest in it and the server compares a sent document in
 * it, so layout does not matter and any change of what is asked for does.
 */
export function printTrusted(document: DocumentNode): string {
  return printExecutableGraphQLDocument(document);
}

/** The manifest's key of a registered document: the hex SHA-256 of its text, as Apollo's persisted queries. */
export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
