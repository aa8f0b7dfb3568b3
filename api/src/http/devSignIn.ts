import type { Request, Response } from 'express';
import type { Db } from '../db/types.js';
import { signToken, type JwtConfig } from '../auth/jwt.js';
import { log } from '../log.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Development only (config.devSignIn): the console's "sign in as a seeded operator". Operators are not
 * accounts but a role and a consulate in a token, so this signs an OPERATOR token for any seeded
 * consulate, or a SUPERVISOR token. Refused to anyone but this machine: `npm start` listens on every
 * interface, and a token minted for a neighbour on the network would be a real credential.
 */
export const devSignIn = (db: Db, jwt: JwtConfig) => async (req: Request, res: Response) => {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
    res.status(403).json({ error: 'development sign-in is only available from this machine' });
    return;
  }
  const body = (req.body ?? {}) as { role?: unknown; consulateId?: unknown };
  if (body.role === 'SUPERVISOR') {
    res.json({ token: await signToken({ role: 'SUPERVISOR', sub: 'dev-supervisor' }, jwt) });
    return;
  }
  if (body.role !== 'OPERATOR' || typeof body.consulateId !== 'string') {
    res.status(400).json({ error: 'role must be OPERATOR (with consulateId) or SUPERVISOR' });
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
