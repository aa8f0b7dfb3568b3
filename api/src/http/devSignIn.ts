import type { Request, Response } from 'express';
import type { Db } from '../db/types.js';
import { signToken, type JwtConfig } from '../auth/jwt.js';
import { log } from '../log.js';
import { isUuid } from '../domain/ids.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Development only (config.devSignIn): the console's "sign in as a seeded operator". Operators are not
 * accounts but a role and a consulate in a token, so this signs an OPERATOR token for any seeded
 * consulate, or a SUPERVISOR token; and /officer's "sign in as a seeded advisor", an ADVISOR token for
 * an active advisor that exists. Refused to anyone but this machine: `npm start` listens on every
 * interface, and a token minted for a neighbour on the network would be a real credential.
 */
export const devSignIn = (db: Db, jwt: JwtConfig) => async (req: Request, res: Response) => {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
    res.status(403).json({ error: 'development sign-in is only available from this machine' });
    return;
  }
  const body = (req.body ?? {}) as { role?: unknown; consulateId?: unknown; advisorId?: unknown };
  if (body.role === 'ADVISOR') {
    const advisorId = isUuid(body.advisorId) ? await activeAdvisor(db, body.advisorId) : null;
    if (!advisorId) {
      res.status(400).json({ error: 'advisorId must be an active advisor' });
      return;
    }
    log.info('dev.sign_in', { role: 'ADVISOR', advisorId });
    res.json({ token: await signToken({ role: 'ADVISOR', sub: `dev-advisor-${advisorId}`, advisorId }, jwt) });
    return;
  }
  if (body.role === 'SUPERVISOR') {
    res.json({ token: await signToken({ role: 'SUPERVISOR', sub: 'dev-supervisor' }, jwt) });
    return;
  }
  if (body.role !== 'OPERATOR' || typeof body.consulateId !== 'string') {
    res.status(400).json({ error: 'role must be OPERATOR (with consulateId), ADVISOR (with advisorId) or SUPERVISOR' });
    return;
  }
  const r = await db.query<{ id: string }>('select id from consulates where id = $1', [body.consulateId]);
  const id = r.rows[0]?.id;
  if (!id) {
    res.status(400).json({ error: 'unknown consulateId' });
    return;
  }
  log.info('dev.sign_in', { role: 'OPERATOR', consulateId: id });
  res.json({ token: await signToken({ role: 'OPERATOR', sub: `dev-operator-${id}`, consulateId: id }, jwt) });
};

async function activeAdvisor(db: Db, id: string): Promise<string | null> {
  const r = await db.query<{ id: string }>('select id from advisors where id = $1::uuid and active', [id]);
  return r.rows[0]?.id ?? null;
}
