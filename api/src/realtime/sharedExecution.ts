import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Viewer } from '../domain/viewer.js';
import { RevealedReads, recordReads, type RevealingContext } from './revealedReads.js';

/** Numbers shapes across every shared subscribe of the process; never reused. */
let lastShape = 0;

/**
 * graphql-ws runs a subscription's selection set once per subscriber per event; with a room full of
 * identical consoles that is the cost that grows with the audience. Here each subscriber keeps its own
 * cheap, filtered source stream, but the GraphQL execution of an event is shared: results are memoised
 * per (event, document, variables without the cursor, what the viewer may see), so N identical
 * subscribers cost one execution per event. The `next` payload of a result is serialised once too
 * (`payloadBytes`), so they also share the bytes sent.
 */
export function createSharedSubscribe(opts: SharedSubscribeOptions = {}) {
  const maxEntries = opts.maxEntries ?? 20_000;
  const present = opts.present ?? ((r: ExecutionResult) => r);
  // Promises, not results: subscribers handle the same event concurrently, and the first one's
  // execution in flight must serve the rest.
  const cache = new Map<string, Promise<ExecutionResult>>();
  // Keyed by the result object, which every subscriber of one (event, shape) receives: the bytes live
  // exactly as long as the cached result, and no key needs building again.
  const serialised = new WeakMap<ExecutionResult, Buffer>();
  const revealedBy = new WeakMap<ExecutionResult, RevealedReads>();
  const stats: FanoutStats = { executions: 0, deliveries: 0, serialisations: 0 };
  // A shape (a few hundred characters) by a short number, so the cache key each subscriber builds for each
  // event is a short string: the long one was built and hashed anew for every copy. One shape per kind of
  // screen and scope, and one per person or advisor watching their own stream; bounded.
  const shapes = new Map<string, string>();
  const shapeId = (shape: string) => {
    let id = shapes.get(shape);
    if (id === undefined) {
      if (shapes.size >= maxEntries) shapes.clear(); // only new subscriptions get new numbers: keys stay distinct
      id = `#${++lastShape}`;
      shapes.set(shape, id);
    }
    return id;
  };

  async function subscribe(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    const context = args.contextValue as RevealingContext | undefined;
    const viewer = context?.viewer ?? null;
    const shape = shapeId(JSON.stringify([print(args.document), args.operationName ?? null, withoutCursor(args.variableValues), viewerKey(viewer)]));
    const results = (async function* () {
      try {
        for await (const payload of source) {
          const k = eventKey(payload);
          let result = k === null ? undefined : cache.get(k + shape);
          if (!result) {
            stats.executions++;
            result = executeRevealing(args, payload);
            if (k !== null) remember(k + shape, result);
          }
          stats.deliveries++;
          const r = await result;
          // Audited per receiver, not per execution: the reads it revealed, under this subscriber's name.
          if (context) recordReads(context, revealedBy.get(r));
          yield r;
        }
      } finally {
        await (source as AsyncGenerator).return?.(undefined);
      }
    })();
    // Stopping must reach the source first: it wakes the source's pending wait, which ends our loop.
    const it: AsyncGenerator<ExecutionResult> = {
      next: () => results.next(),
      async return() {
        await (source as AsyncGenerator).return?.(undefined);
        return results.return(undefined);
      },
      throw: (e) => results.throw(e),
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  /** One execution, with the precise reads it revealed kept beside its result (revealedReads.ts). */
  async function executeRevealing(args: ExecutionArgs, payload: unknown): Promise<ExecutionResult> {
    const revealed = new RevealedReads();
    const contextValue = args.contextValue ? { ...(args.contextValue as RevealingContext), revealed } : args.contextValue;
    const r = await (execute({ ...args, contextValue, rootValue: payload }) as ExecutionResult | Promise<ExecutionResult>);
    if (revealed.reads.length > 0) revealedBy.set(r, revealed);
    return r;
  }

  function remember(key: string, result: Promise<ExecutionResult>) {
    cache.set(key, result);
    // Oldest first (Map keeps insertion order): recent events are the ones still being delivered.
    if (cache.size > maxEntries) for (const old of cache.keys()) {
      cache.delete(old);
      if (cache.size <= maxEntries * 0.9) break;
    }
  }

  /** A result's `next` payload as UTF-8 JSON (`present`ed first), made once per result object. */
  function payloadBytes(result: ExecutionResult): Buffer {
    let bytes = serialised.get(result);
    if (!bytes) {
      stats.serialisations++;
      bytes = Buffer.from(JSON.stringify(present(result)));
      serialised.set(result, bytes);
    }
    return bytes;
  }

  return { subscribe, payloadBytes, stats };
}

export interface SharedSubscribeOptions {
  /** Cached results kept (oldest dropped first). */
  maxEntries?: number;
  /** What a result looks like on the wire (e.g. errors formatted); applied once per result. */
  present?: (result: ExecutionResult) => unknown;
}

/** Counters of the shared work: flat per event however many identical subscribers there are. */
export interface FanoutStats {
  /** GraphQL executions of subscription events. */
  executions: number;
  /** Results handed to subscribers (one per subscriber per event). */
  deliveries: number;
  /** `next` payloads serialised to JSON. */
  serialisations: number;
}

/** What changes an event's rendering for a viewer: role and scope, never the token itself. */
function viewerKey(v: Viewer | null): string {
  if (!v) return 'anon';
  if (v.role === 'PERSON') return `P:${v.sub}`;
  if (v.role === 'ADVISOR') return `A:${v.advisorId}`;
  if (v.role === 'OPERATOR') return `O:${v.consulateId}`;
  return 'S';
}

/** The resume cursor only decides where a stream starts, not how an event renders. */
function withoutCursor(vars: ExecutionArgs['variableValues']) {
  if (!vars) return null;
  const { after: _after, ...rest } = vars as Record<string, unknown>;
  return rest;
}

/** Identity of a stream payload: an alert event by its seq, an incident event by its id, an advisor position by id and change time. */
function eventKey(p: unknown): string | null {
  const o = p as { seq?: number; id?: string | number; incident_id?: string; changed_at?: Date } | null;
  if (o && typeof o.seq === 'number') return `e${o.seq}|`;
  if (o && typeof o.id === 'number' && typeof o.incident_id === 'string') return `i${o.id}|`;
  if (o && o.id && o.changed_at instanceof Date) return `p${o.id}@${o.changed_at.getTime()}|`;
  return null;
}

const isAsyncIterable = (x: unknown): x is AsyncIterable<unknown> =>
  typeof x === 'object' && x !== null && Symbol.asyncIterator in x;
