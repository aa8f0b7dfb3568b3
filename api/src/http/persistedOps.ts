import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Safelist } from '../graphql/persisted.js';
import type { Context } from '../graphql/context.js';
import type { Role, Viewer } from '../domain/viewer.js';

/** A request body over HTTP or a graphql-ws subscribe payload: `extensions` is whatever the client sent. */
interface PersistedRef {
  extensions?: Record<string, unknown> | null;
  query?: unknown;
}

/**
 * Fills in `query` when a request names a safelisted operation by hash only (native apps on a weak
 * network send 70 bytes instead of the document). Returns an error text for an unknown hash.
 */
export function expandPersisted(body: PersistedRef, safelist: Safelist): string | null {
  const ref = body.extensions?.persistedQuery as { sha256Hash?: unknown } | null | undefined;
  const hash = ref?.sha256Hash;
  if (body.query || typeof hash !== 'string') return null;
  const text = safelist.byHash(hash);
  if (!text) return 'unknown persisted operation';
  body.query = text;
  delete body.extensions!.persistedQuery;
  return null;
}

export function persistedHttpMiddleware(safelist: Safelist) {
  return (req: Request, res: Response, next: NextFunction) => {
    const problem = req.body && typeof req.body === 'object' ? expandPersisted(req.body as PersistedRef, safelist) : null;
    if (problem) {
      res.status(400).json({ errors: [{ message: problem, extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
      return;
    }
    next();
  };
}

/** Whether this viewer may run this document text under the safelist policy. */
export function allowedBySafelist(viewer: Viewer | null, query: string, safelist: Safelist, enforcedFor: readonly Role[]): boolean {
  return !viewer || !enforcedFor.includes(viewer.role) || safelist.allows(query);
}

export const SAFELIST_REFUSAL = 'only the published app operations are accepted for this role';

/** Apollo side of the policy: refuse before execution, on the operation's full text. */
export function persistedPolicyPlugin(safelist: Safelist, enforcedFor: readonly Role[]): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, request }) {
          if (!allowedBySafelist(contextValue.viewer, request.query ?? '', safelist, enforcedFor))
            throw new GraphQLError(SAFELIST_REFUSAL, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
        },
      };
    },
  };
}
