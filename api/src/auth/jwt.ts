import { SignJWT, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { webcrypto } from 'node:crypto';
import { ROLES, type Role, type Viewer } from '../domain/viewer.js';
import { unauthenticated } from '../domain/errors.js';

export interface JwtConfig {
  secret: string;
  issuer?: string;
  audience?: string;
  /**
   * Optional: operator logins from an identity provider (OIDC). Tokens signed with RS256/ES256 are
   * verified against this JWKS; they may carry only these roles. HS256 tokens keep using `secret`.
   * `issuer` and `audience` are required: a provider signs tokens for every application it serves, and
   * one minted for another of them (or by another tenant on a shared provider) must not sign in here.
   */
  jwks?: { url: string; roles: Role[]; issuer: string; audience: string };
}

const remoteSets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
const remoteSet = (url: string) => {
  let set = remoteSets.get(url);
  if (!set) remoteSets.set(url, (set = createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000 })));
  return set;
};

const ALG = 'HS256'; // pinned: a token announcing any other algorithm (or "none") is refused

/**
 * The HMAC key, imported once per secret: importing it again for every request was 17% of the server's CPU
 * in the location-ingest benchmark (a phone reports every few seconds with the same token). Imported into
 * WebCrypto, not as a KeyObject: given one, jose converted it again for every token it verified or signed.
 */
const keys = new Map<string, Promise<CryptoKey>>();
const key = (secret: string): Promise<CryptoKey> => {
  let k = keys.get(secret);
  if (!k) {
    k = webcrypto.subtle.importKey('raw', Buffer.from(secret, 'utf8'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, k);
  }
  return k;
};

/**
 * Tokens already verified against a configuration, with their viewer: a token's signature and claims
 * cannot change, only time can expire it, so a repeat is answered from here after checking `exp`.
 * Only our own HS256 tokens (provider tokens follow the provider's key rotation). Bounded: the oldest
 * entries go first.
 */
const verified = new WeakMap<JwtConfig, Map<string, Viewer>>();
const VERIFIED_MAX = 20_000;

function remembered(token: string, cfg: JwtConfig): Viewer | null {
  const v = verified.get(cfg)?.get(token);
  if (!v) return null;
  if (v.exp * 1000 <= Date.now()) {
    verified.get(cfg)!.delete(token);
    throw unauthenticated('token expired');
  }
  return { ...v };
}

function remember(token: string, cfg: JwtConfig, v: Viewer): void {
  let m = verified.get(cfg);
  if (!m) verified.set(cfg, (m = new Map()));
  if (m.size >= VERIFIED_MAX) m.delete(m.keys().next().value!);
  m.set(token, { ...v });
}

/** Verifies a bearer token and turns its claims into a Viewer; any failure is UNAUTHENTICATED. */
export async function verifyToken(token: string, cfg: JwtConfig): Promise<Viewer> {
  const known = remembered(token, cfg);
  if (known) return known;
  const { viewer, fromProvider } = await verifyAfresh(token, cfg);
  if (!fromProvider) remember(token, cfg, viewer);
  return viewer;
}

async function verifyAfresh(token: string, cfg: JwtConfig): Promise<{ viewer: Viewer; fromProvider: boolean }> {
  let payload: JWTPayload;
  let fromProvider = false;
  const claims = {
    requiredClaims: ['sub', 'exp'],
    ...(cfg.issuer ? { issuer: cfg.issuer } : {}),
    ...(cfg.audience ? { audience: cfg.audience } : {}),
  };
  try {
    const alg = decodeProtectedHeader(token).alg;
    if (cfg.jwks && (alg === 'RS256' || alg === 'ES256')) {
      const { url, issuer, audience } = cfg.jwks;
      // Checked here whatever `cfg.issuer`/`cfg.audience` say: never a provider token without both.
      if (!issuer || !audience) throw new Error('identity provider configured without issuer and audience');
      ({ payload } = await jwtVerify(token, remoteSet(url), { ...claims, issuer, audience, algorithms: ['RS256', 'ES256'] }));
      fromProvider = true;
    } else {
      ({ payload } = await jwtVerify(token, await key(cfg.secret), { ...claims, algorithms: [ALG] }));
    }
  } catch (err) {
    throw unauthenticated(err instanceof joseErrors.JWTExpired ? 'token expired' : 'invalid token');
  }
  const role = payload.role;
  if (typeof role !== 'string' || !ROLES.includes(role as Role)) throw unauthenticated('token has no valid role');
  if (fromProvider && !cfg.jwks!.roles.includes(role as Role)) throw unauthenticated('this role cannot sign in through the identity provider');
  const viewer: Viewer = { role: role as Role, sub: String(payload.sub), exp: Number(payload.exp) };
  if (role === 'OPERATOR') {
    if (typeof payload.consulateId !== 'string' || !payload.consulateId) throw unauthenticated('operator token needs consulateId');
    viewer.consulateId = payload.consulateId;
  }
  if (role === 'ADVISOR') {
    if (typeof payload.advisorId !== 'string' || !payload.advisorId) throw unauthenticated('advisor token needs advisorId');
    viewer.advisorId = payload.advisorId;
  }
  return { viewer, fromProvider };
}

/** `Authorization: Bearer <jwt>` (or the same string in graphql-ws connectionParams). */
export function bearer(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+([A-Za-z0-9_\-.]+)$/.exec(header.trim());
  return m ? m[1]! : header.trim() === '' ? null : 'invalid';
}

export interface TokenClaims {
  role: Role;
  sub: string;
  consulateId?: string;
  advisorId?: string;
  /** Lifetime in seconds (default 12 h: one shift). */
  ttlSeconds?: number;
}

export async function signToken(c: TokenClaims, cfg: JwtConfig): Promise<string> {
  const extra: Record<string, string> = { role: c.role };
  if (c.consulateId) extra.consulateId = c.consulateId;
  if (c.advisorId) extra.advisorId = c.advisorId;
  let jwt = new SignJWT(extra)
    .setProtectedHeader({ alg: ALG })
    .setSubject(c.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (c.ttlSeconds ?? 12 * 3600));
  if (cfg.issuer) jwt = jwt.setIssuer(cfg.issuer);
  if (cfg.audience) jwt = jwt.setAudience(cfg.audience);
  return jwt.sign(await key(cfg.secret));
}
