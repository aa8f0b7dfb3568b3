import type { NextFunction, Request, Response } from 'express';
import type { DocumentChecker } from '../graphql/documentCheck.js';
import { formatErrors } from '../graphql/errors.js';

/**
 * The HTTP side of `createDocumentChecker`, before Apollo: the same order of checks as on WebSocket, so a
 * document that would be slow to validate is refused by a cheap step first (Apollo validates with every
 * rule in one pass, where graphql-js's dearest rule ran before our limits could refuse). A document that
 * passes is parsed and validated again by Apollo (cached there by text), which keeps its own behaviour.
 */
export function documentCheckMiddleware(checker: DocumentChecker) {
  return (req: Request, res: Response, next: NextFunction) => {
    const source = req.method === 'GET' ? (req.query as Record<string, unknown>).query : (req.body as { query?: unknown } | undefined)?.query;
    if (typeof source !== 'string') return next(); // Apollo answers a missing or odd query itself
    const checked = checker.check(source);
    if (!checked.errors) return next();
    res.status(400).json({ errors: formatErrors(checked.errors) });
  };
}
