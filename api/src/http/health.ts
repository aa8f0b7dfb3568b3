import type { Request, Response } from 'express';
import type { Db } from '../db/types.js';
import { pendingMigrations } from '../db/migrate.js';

/** Process up: answers as long as the event loop runs. */
export const healthz = (_req: Request, res: Response) => {
  res.json({ status: 'ok' });
};

/** Ready to serve: the database answers and every migration is applied. 503 otherwise. */
export const readyz = (db: Db) => async (_req: Request, res: Response) => {
  try {
    await withTimeout(db.query('select 1'), 2_000);
    const pending = await pendingMigrations(db);
    if (pending.length > 0) {
      res.status(503).json({ status: 'not ready', reason: 'migrations pending', pending });
      return;
    }
    res.json({ status: 'ready', database: db.kind });
  } catch {
    res.status(503).json({ status: 'not ready', reason: 'database unreachable' });
  }
};

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then((v) => (clearTimeout(t), resolve(v)), (e) => (clearTimeout(t), reject(e)));
  });
}
