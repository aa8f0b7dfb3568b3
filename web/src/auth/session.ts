/**
 * The console's sign-in is a bearer token (JWT) minted by the consulate's tooling. The browser never
 * verifies it (it has no key): the server does, on every request. We only read its payload to know
 * who is signed in (role, consulate) for display, and to refuse obviously wrong or expired tokens early.
 */

export type Role = 'PERSON' | 'ADVISOR' | 'OPERATOR' | 'SUPERVISOR';

export interface Claims {
  role: Role;
  sub: string;
  /** OPERATOR only. */
  consulateId: string | null;
  /** ADVISOR only (absent otherwise): the advisor this token acts as. */
  advisorId?: string;
  /** Seconds since the epoch. */
  exp: number;
}

export interface Session {
  token: string;
  claims: Claims;
}

export type TokenProblem = 'invalid' | 'expired' | 'role';

const STORAGE_KEY = 'alerta.console.token';
const ROLES: readonly Role[] = ['PERSON', 'ADVISOR', 'OPERATOR', 'SUPERVISOR'];
/** The console streams alerts, which only these roles may receive. */
const CONSOLE_ROLES: readonly Role[] = ['OPERATOR', 'SUPERVISOR'];

/** Reads a JWT payload without verifying it. Null for anything that is not a well-formed JWT. */
export function decodeClaims(token: string): Claims | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
    const p: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof p !== 'object' || p === null) return null;
    const o = p as Record<string, unknown>;
    if (typeof o.role !== 'string' || !ROLES.includes(o.role as Role) || typeof o.exp !== 'number') return null;
    const claims: Claims = {
      role: o.role as Role,
      sub: typeof o.sub === 'string' ? o.sub : '',
      consulateId: typeof o.consulateId === 'string' ? o.consulateId : null,
      exp: o.exp,
    };
    if (typeof o.advisorId === 'string' && o.advisorId) claims.advisorId = o.advisorId;
    return claims;
  } catch {
    return null;
  }
}

/** Turns a pasted or stored token into a session, or says why it cannot be used here. */
export function checkToken(token: string, nowMs = Date.now()): { session: Session } | { problem: TokenProblem } {
  return checkTokenFor(token, CONSOLE_ROLES, nowMs);
}

/** The same checks for another screen: the field officer's page takes ADVISOR tokens (with an advisorId). */
export function checkTokenFor(token: string, roles: readonly Role[], nowMs = Date.now()): { session: Session } | { problem: TokenProblem } {
  const t = token.trim();
  const claims = decodeClaims(t);
  if (!claims) return { problem: 'invalid' };
  if (claims.exp * 1000 <= nowMs) return { problem: 'expired' };
  if (!roles.includes(claims.role)) return { problem: 'role' };
  if (claims.role === 'ADVISOR' && !claims.advisorId) return { problem: 'invalid' };
  return { session: { token: t, claims } };
}

/**
 * `#token=<jwt>` lets tooling open the console already signed in. The fragment never reaches the
 * server, and we strip it from the address bar at once so it does not linger in history, bookmarks
 * or screen shares.
 */
export function takeTokenFromFragment(loc: Location = window.location, hist: History = window.history): string | null {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const token = params.get('token');
  if (token === null) return null;
  params.delete('token');
  const rest = params.toString();
  hist.replaceState(hist.state, '', loc.pathname + loc.search + (rest ? `#${rest}` : ''));
  return token;
}

// sessionStorage: the token survives a reload but not closing the tab (shared workstations).
export function loadToken(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: the operator pastes the token again
  }
}

export function saveToken(token: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    /* storage disabled: the session lasts until reload */
  }
}

export function clearToken(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* nothing stored */
  }
}
