import type { Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Db } from '../db/types.js';
import type { EventHub } from '../realtime/hub.js';
import { dispatchStats } from '../sql/stats.js';
import { log } from '../log.js';

export type WsOperationObserver = (o: { operation: string | null; type: string; outcome: 'ok' | 'error'; seconds: number }) => void;

export interface MetricSources {
  db: Db;
  hub: EventHub;
  fanout: { executions: number; deliveries: number; serialisations: number };
  wsConnections(): number;
  wsSubscriptions(): number;
  /** The only operation names used as labels (the safelist's); any other is `other`, none `anonymous`. */
  operationNames: ReadonlySet<string>;
}

/** The label for an operation name a client sent: only known names, so clients cannot grow the series. */
export const OTHER_OPERATION = 'other';

/**
 * Prometheus metrics (GET /metrics). Counts and timings only: no label ever carries an id, a place or
 * a name, so the endpoint can be scraped without exposing anyone.
 */
export function createMetrics(src: MetricSources) {
  const registry = new Registry();
  // Any client names its operations as it likes: 300 anonymous requests with fresh names grew /metrics from
  // 44 KB to 1.13 MB, never freed. Names outside the safelist share one series, unnamed operations another.
  const label = (name: string | null | undefined) => (!name ? 'anonymous' : src.operationNames.has(name) ? name : OTHER_OPERATION);
  collectDefaultMetrics({ register: registry }); // includes nodejs_eventloop_lag_* and heap figures

  const opDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL queries and mutations by operation name and type, over HTTP and over WebSocket (transport="ws")',
    labelNames: ['operation', 'type', 'outcome', 'transport'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({ name: 'ws_connections', help: 'Open WebSocket connections', registers: [registry], collect() { this.set(src.wsConnections()); } });
  new Gauge({ name: 'ws_subscriptions', help: 'Active subscriptions', registers: [registry], collect() { this.set(src.wsSubscriptions()); } });
  new Gauge({ name: 'events_published_seq', help: 'Highest alert event sequence this process has read', registers: [registry], collect() { this.set(src.hub.deliveredSeq); } });
  new Counter({ name: 'events_delivered_total', help: 'Event copies handed to subscribers', registers: [registry], collect() { this.reset(); this.inc(src.fanout.deliveries); } });
  new Counter({ name: 'subscription_serialisations_total', help: 'Subscription results serialised to JSON (shared by identical subscribers, spliced into each frame)', registers: [registry], collect() { this.reset(); this.inc(src.fanout.serialisations); } });
  new Counter({ name: 'subscription_executions_total', help: 'GraphQL executions for subscription events (shared by identical subscribers)', registers: [registry], collect() { this.reset(); this.inc(src.fanout.executions); } });
  new Gauge({ name: 'hub_listeners', help: 'Local event stream listeners', registers: [registry], collect() { this.set(src.hub.listenerCount); } });
  const pool = new Gauge({ name: 'db_pool_clients', help: 'Database pool clients by state', labelNames: ['state'], registers: [registry] });
  const byStatus = new Gauge({ name: 'alerts_by_status', help: 'Alerts received in the last 24 h by status', labelNames: ['status'], registers: [registry] });
  const clocks = new Gauge({ name: 'dispatch_clock_seconds', help: 'Dispatch clocks over the last 24 h', labelNames: ['clock', 'quantile'], registers: [registry] });

  async function refreshFromDb() {
    const stats = await dispatchStats(src.db, null, 24);
    byStatus.reset();
    for (const c of stats.countsByStatus) byStatus.set({ status: c.status }, c.count);
    clocks.reset();
    for (const c of stats.clocks) {
      if (c.medianS !== null) clocks.set({ clock: c.clock, quantile: '0.5' }, c.medianS);
      if (c.p90S !== null) clocks.set({ clock: c.clock, quantile: '0.9' }, c.p90S);
    }
    const p = src.db.poolStats?.();
    if (p) for (const [state, n] of Object.entries(p)) pool.set({ state }, n);
  }

  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      const end = opDuration.startTimer();
      return {
        async willSendResponse({ operation, operationName, errors }) {
          end({ operation: label(operationName), type: operation?.operation ?? 'unknown', outcome: errors?.length ? 'error' : 'ok', transport: 'http' });
        },
      };
    },
  };

  const handler = async (_req: Request, res: Response) => {
    try {
      await refreshFromDb();
    } catch (err) {
      log.warn('metrics.db_failed', { err: err as Error }); // still serve the in-process metrics
    }
    res.type(registry.contentType).send(await registry.metrics());
  };
  /** A query or mutation sent over a graphql-ws socket (subscriptions are counted by the gauges above). */
  const observeWs: WsOperationObserver = (o) =>
    opDuration.observe({ operation: label(o.operation), type: o.type, outcome: o.outcome, transport: 'ws' }, o.seconds);
  return { plugin, handler, registry, observeWs };
}
