import { BoundedCache } from '../common/bounded-cache';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, JWTPayload, SignJWT } from 'jose';
import type { Config } from '../config/config';
import { apiError } from '../common/errors';

/** What a verified token tells about its bearer; the rest is loaded from the user table per request. */
export interface TokenSubject {
  userId: number;
}

export interface TokenService {
  sign(userId: number): Promise<string>;
  verify(token: string): Promise<TokenSubject>;
}

/**
 * HS256 tokens signed with the configured secret (JWT_SECRET, or the development one outside production);
 * with JWKS_URL set, RS256/ES256 tokens of an external issuer are accepted too (their `sub` is our user id).
 * Without a secret (production with only JWKS_URL) no HS256 token is issued or accepted, so a token signed
 * with the development secret from the source is refused like any forgery.
 */
export function createTokenService(config: Config): TokenService {
  const secret = config.jwtSecret === null ? null : new TextEncoder().encode(config.jwtSecret);
  const remoteKeys = config.JWKS_URL ? createRemoteJWKSet(new URL(config.JWKS_URL)) : undefined;
  const expectations = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  // Whether the user may still work is the principal's question, asked on every request (context.ts).
  const checked = new BoundedCache<{ userId: number; expiresAt: number }>(10_000, 4096);

  return {
    sign: async (userId) => {
      if (!secret) throw apiError('FORBIDDEN', 'This service issues no tokens; sign in at the identity provider');
      return new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(userId))
        .setIssuer(config.JWT_ISSUER)
        .setAudience(config.JWT_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(config.JWT_TTL)
        .sign(secret);
    },

    async verify(token) {
      // A token's signature, issuer and audience are checked once; its expiry on every use.
      const known = checked.get(token);
      if (known && known.expiresAt > Date.now()) return { userId: known.userId };
      const header = decodeProtectedHeader(token);
      const useSecret = header.alg === 'HS256' || !remoteKeys;
      if (useSecret && !secret) throw new Error('HS256 tokens are not accepted without JWT_SECRET');
      const { payload } = useSecret
        ? await jwtVerify(token, secret!, { ...expectations, algorithms: ['HS256'] })
        : await jwtVerify(token, remoteKeys, { ...expectations, algorithms: ['RS256', 'ES256'] });
      const userId = subjectId(payload);
      // Only the service's own tokens: an identity provider's removed key must stop its tokens at once.
      if (useSecret && payload.exp !== undefined) checked.set(token, { userId, expiresAt: payload.exp * 1000 });
      return { userId };
    },
  };
}

function subjectId(payload: JWTPayload): number {
  const id = Number(payload.sub);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error('token subject is not a user id');
  return id;
}
