import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, JWTPayload, SignJWT } from 'jose';
import type { Config } from '../config/config';

/** What a verified token tells about its bearer; the rest is loaded from the user table per request. */
export interface TokenSubject {
  userId: number;
}

export interface TokenService {
  sign(userId: number): Promise<string>;
  verify(token: string): Promise<TokenSubject>;
}

/**
 * HS256 tokens signed with JWT_SECRET for development and the demo; with JWKS_URL set, RS256/ES256 tokens
 * of an external issuer are accepted too (their `sub` is our user id).
 */
export function createTokenService(config: Config): TokenService {
  const secret = new TextEncoder().encode(config.jwtSecret);
  const remoteKeys = config.JWKS_URL ? createRemoteJWKSet(new URL(config.JWKS_URL)) : undefined;
  const expectations = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };

  return {
    sign: (userId) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(userId))
        .setIssuer(config.JWT_ISSUER)
        .setAudience(config.JWT_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(config.JWT_TTL)
        .sign(secret),

    async verify(token) {
      const header = decodeProtectedHeader(token);
      const { payload } =
        header.alg === 'HS256' || !remoteKeys
          ? await jwtVerify(token, secret, { ...expectations, algorithms: ['HS256'] })
          : await jwtVerify(token, remoteKeys, { ...expectations, algorithms: ['RS256', 'ES256'] });
      return { userId: subjectId(payload) };
    },
  };
}

function subjectId(payload: JWTPayload): number {
  const id = Number(payload.sub);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error('token subject is not a user id');
  return id;
}
