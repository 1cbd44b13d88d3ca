import { GraphQLError } from 'graphql';

/**
 * What one response disclosed under the policy: the paths given in masked form and the fields withheld.
 * Hidden fields become one FORBIDDEN error per field per request (not one per row); masked paths are
 * listed in the response extensions so clients can show a badge.
 */
export class Disclosure {
  private readonly maskedPaths: string[] = [];
  private readonly hiddenFields = new Map<string, string>();

  mask(path: string): void {
    this.maskedPaths.push(path);
  }

  /** Withholds a field; the rule that decided is kept for the error's explanation. */
  hide(coordinate: string, rule: string): void {
    if (!this.hiddenFields.has(coordinate)) this.hiddenFields.set(coordinate, rule);
  }

  get masked(): readonly string[] {
    return this.maskedPaths;
  }

  errors(): GraphQLError[] {
    return [...this.hiddenFields].map(
      ([coordinate, rule]) =>
        new GraphQLError(`${coordinate} is not visible to your post`, {
          extensions: { code: 'FORBIDDEN', field: coordinate, rule },
        }),
    );
  }
}
