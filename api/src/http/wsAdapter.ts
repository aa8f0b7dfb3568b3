import type { IncomingMessage } from 'node:http';
import { WebSocket, type WebSocketServer } from 'ws';
import { CloseCode, handleProtocols, type Server } from 'graphql-ws';
import type { FormattedExecutionResult } from 'graphql';
import { log } from '../log.js';

/** Bytes queued to one socket beyond which its reader is considered gone. */
export const SLOW_CONSUMER_BYTES = 4 * 1024 * 1024;
/** Default interval between keep-alive pings. */
export const KEEP_ALIVE_MS = 30_000;

/** One connection as the graphql-ws hooks see it (`ctx.extra`). */
export interface Connection {
  readonly socket: WebSocket;
  /** The HTTP upgrade request. */
  readonly request: IncomingMessage;
  /** `next` payloads already serialised (shared by identical subscribers), by token, until their frame is sent. */
  readonly prepared: PreparedPayloads;
}

export interface AdapterOptions {
  /**
   * A ping every this many ms; a socket that has not answered one ping by the next tick is terminated,
   * so a dead peer is noticed within two intervals. 0 disables keep-alive.
   */
  keepAliveMs?: number;
  /** Unsent bytes one socket may hold before it is cut off (see `dropIfSlow`). */
  slowConsumerBytes?: number;
}

/**
 * graphql-ws's `makeServer` on a `ws` server. Written for us rather than `graphql-ws/use/ws` for three
 * reasons: a `next` frame can carry bytes serialised once for every identical subscriber (see
 * `preparePayload`), frames are queued without waiting for them to flush so a stalled reader's backlog is
 * measured by `bufferedAmount` and capped, and the keep-alive interval is ours to set.
 */
export function serveGraphqlWs<E extends Connection>(
  wss: WebSocketServer,
  server: Server<E>,
  extraFor: (connection: Connection) => E,
  opts: AdapterOptions = {},
): { dispose(): Promise<void> } {
  const keepAliveMs = opts.keepAliveMs ?? KEEP_ALIVE_MS;
  const limit = opts.slowConsumerBytes ?? SLOW_CONSUMER_BYTES;
  wss.options.handleProtocols = handleProtocols;

  wss.on('connection', (socket, request) => {
    const connection: Connection = { socket, request, prepared: new PreparedPayloads() };
    socket.once('error', (err) => {
      log.warn('ws.socket_error', { err });
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });

    let awaitingPong = false;
    socket.on('pong', () => (awaitingPong = false));
    const keepAlive =
      keepAliveMs > 0 && Number.isFinite(keepAliveMs)
        ? setInterval(() => {
            if (socket.readyState !== WebSocket.OPEN) return;
            if (awaitingPong) return socket.terminate(); // no pong for a whole interval: the peer is gone
            awaitingPong = true;
            socket.ping();
          }, keepAliveMs)
        : null;

    const closed = server.opened(
      {
        protocol: socket.protocol,
        // Queued, not awaited: waiting for each frame to flush made a stalled reader hold its subscription's
        // loop, so its events piled up in the stream's queue where no byte limit saw them. Queued in the
        // socket they are counted in `bufferedAmount`, and the reader is cut off at the limit.
        send: (data) => {
          const frame = connection.prepared.size > 0 ? withPreparedPayload(data, connection.prepared) : data;
          if (socket.readyState !== WebSocket.OPEN) return;
          coalesceWrites(socket);
          socket.send(frame, { binary: false });
          dropIfSlow(socket, limit);
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on('message', async (data) => {
            try {
              await cb(String(data));
            } catch (err) {
              log.error('ws.message_failed', { err: err as Error });
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      extraFor(connection),
    );

    socket.once('close', (code, reason) => {
      if (keepAlive) clearInterval(keepAlive);
      connection.prepared.clear();
      void closed(code, String(reason));
    });
  });

  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

const PREPARED_KEY = '__prepared';
/** A `next` frame whose payload is a stand-in from `preparePayload` (ids are JSON-escaped, so cannot fake it). */
const PREPARED_FRAME = /^(\{"id":"(?:[^"\\]|\\.)*","type":"next","payload":)\{"__prepared":"(\d+)"\}\}$/;
const FRAME_END = Buffer.from('}');
let lastToken = 0;

/**
 * Returns a stand-in for a `next` payload whose JSON is already made. graphql-ws stringifies the small
 * stand-in into the frame; the adapter's `send` swaps the stored bytes in, so N identical subscribers cost
 * one serialisation, and each frame still carries its subscriber's own `id`.
 */
export function preparePayload(connection: Connection, json: Buffer): FormattedExecutionResult {
  const token = String(++lastToken);
  connection.prepared.put(token, json);
  return { [PREPARED_KEY]: token } as FormattedExecutionResult;
}

function withPreparedPayload(data: string, prepared: PreparedPayloads): string | Buffer {
  const m = PREPARED_FRAME.exec(data);
  if (!m) return data;
  const json = prepared.take(m[2]!);
  // Never send the stand-in itself: throwing here ends that operation with an error frame instead.
  if (!json) throw new Error(`no prepared payload for token ${m[2]}`);
  return Buffer.concat([Buffer.from(m[1]!), json, FRAME_END]);
}

/**
 * The payloads one connection has prepared and not yet sent: one per subscription between `onNext` and
 * `send`, so a handful at most. Two arrays rather than a Map: a Map that is filled and emptied again
 * reallocates its table on every delete, once per frame, and in a heap sampling of the benchmark at
 * 10,000 frames/s those tables were the largest single kind of garbage that lived on into the old
 * generation, whose collections stall the process.
 */
export class PreparedPayloads {
  private readonly tokens: string[] = [];
  private readonly payloads: Buffer[] = [];

  get size(): number {
    return this.tokens.length;
  }

  put(token: string, json: Buffer): void {
    this.tokens.push(token);
    this.payloads.push(json);
  }

  /** The payload of `token`, forgotten as it is returned; undefined when there is none. */
  take(token: string): Buffer | undefined {
    const i = this.tokens.indexOf(token);
    if (i < 0) return undefined;
    const json = this.payloads[i]!;
    // The last entry moves into the hole: order does not matter, tokens are unique.
    this.tokens[i] = this.tokens[this.tokens.length - 1]!;
    this.payloads[i] = this.payloads[this.payloads.length - 1]!;
    this.tokens.pop();
    this.payloads.pop();
    return json;
  }

  clear(): void {
    this.tokens.length = 0;
    this.payloads.length = 0;
  }
}

const corked = new WeakSet<WebSocket>();

/**
 * Holds a socket's writes until the current burst of work is done, then sends them in one system call: a
 * mutation's `next` and `complete`, or a batch of events to one subscriber, were one `writev` per frame,
 * which was the largest single cost of location reports over WebSocket. Process.nextTick runs after the
 * promise jobs of the current turn, so frames sent from chained awaits go together.
 */
export function coalesceWrites(socket: WebSocket): void {
  const raw = (socket as unknown as { _socket?: { cork(): void; uncork(): void; destroyed: boolean } })._socket;
  if (!raw || corked.has(socket)) return;
  corked.add(socket);
  raw.cork();
  process.nextTick(() => {
    corked.delete(socket);
    if (!raw.destroyed) raw.uncork();
  });
}

/**
 * Cuts off a socket whose unsent data passed the limit: its reader has stopped (a phone in a tunnel, a
 * frozen tab). Buffering for it without bound would eat memory; it resumes from its cursor on reconnect.
 */
export function dropIfSlow(socket: Pick<WebSocket, 'bufferedAmount' | 'terminate'>, limit = SLOW_CONSUMER_BYTES): boolean {
  if (socket.bufferedAmount <= limit) return false;
  log.warn('ws.slow_consumer_dropped', { buffered: socket.bufferedAmount });
  socket.terminate();
  return true;
}
