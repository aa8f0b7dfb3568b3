import pg from 'pg';
import { log } from '../log.js';

/**
 * The database hosts a deployment lists, one connection string each. Accepts
 * - `DATABASE_URLS`: connection strings separated by commas (`postgres://a:5432/db,postgres://b:5432/db`);
 * - libpq's multi-host form (`postgres://user@a:5432,b:5432/db?target_session_attrs=read-write`), which
 *   node-postgres does not understand: it is expanded into one string per host, the rest kept.
 * A single string comes back as it is.
 */
export function databaseHosts(spec: string): string[] {
  const parts = spec.split(/,(?=\s*postgres(?:ql)?:\/\/)/).map((s) => s.trim()).filter(Boolean);
  return parts.flatMap(expandMultiHost);
}

function expandMultiHost(url: string): string[] {
  const m = /^(postgres(?:ql)?:\/\/)([^@/]*@)?([^/?]*)(.*)$/.exec(url);
  if (!m || !m[3]!.includes(',')) return [url];
  // target_session_attrs is libpq's; here finding the writable host is PrimaryTarget's job.
  const rest = m[4]!.replace(/([?&])target_session_attrs=[^&]*&?/, '$1').replace(/[?&]$/, '');
  return m[3]!.split(',').map((host) => `${m[1]}${m[2] ?? ''}${host}${rest}`);
}

/** What a connection to a server that cannot take writes fails with: retryable (graphql/errors.ts). */
export function notWritable(): Error {
  return Object.assign(new Error('the database server is read-only (a standby): looking for the primary'), { code: '57P03' });
}

/**
 * Which of several hosts is the primary (`pg_is_in_recovery()` is false), and finding it again after a
 * failover. Every pool connection asks `current()` where to go; whoever sees a connection fail or land on a
 * standby calls `failed()`, which probes the hosts (one search at a time, repeated every `retryMs` until a
 * writable one answers). Requests in the gap fail with connection errors, which the API answers as
 * SERVICE_UNAVAILABLE (retryable): they never reach a standby's data or a dead server's.
 *
 * Fencing the old primary (so that a restarted one does not take writes next to the promoted standby) is
 * the operator's job (docs/DEPLOY.md): this picks the first writable host in list order.
 */
export class PrimaryTarget {
  private index = 0;
  private searching: Promise<boolean> | null = null;
  private closed = false;

  constructor(
    readonly hosts: readonly string[],
    private readonly opts: { probeTimeoutMs?: number; retryMs?: number } = {},
  ) {
    if (hosts.length === 0) throw new Error('no database host given');
  }

  /** More than one host: connections are checked to be writable, and failures trigger a search. */
  get multi(): boolean {
    return this.hosts.length > 1;
  }

  readonly current = (): string => this.hosts[this.index]!;

  /** A connection to `current()` failed or found a standby: search again (coalesced; not awaited by callers). */
  readonly failed = (): void => {
    if (this.multi && !this.searching && !this.closed) void this.search();
  };

  /** Resolves once a writable host is current, or rejects after `deadlineMs` (start-up). */
  async ready(deadlineMs: number): Promise<void> {
    if (!this.multi) return;
    const until = Date.now() + deadlineMs;
    while (!(await (this.searching ?? this.search()))) {
      if (Date.now() > until) throw new Error(`no writable database among ${this.hosts.length} hosts after ${deadlineMs} ms`);
    }
  }

  close(): void {
    this.closed = true;
  }

  private search(): Promise<boolean> {
    this.searching = (async () => {
      for (;;) {
        // The current host first: most failures are a dropped connection, not a failover.
        const order = this.hosts.map((_, i) => (this.index + i) % this.hosts.length);
        for (const i of order) {
          if (await this.isWritable(this.hosts[i]!)) {
            if (i !== this.index) log.warn('db.primary_changed', { from: this.index, to: i });
            this.index = i;
            return true;
          }
        }
        if (this.closed) return false;
        await new Promise((r) => setTimeout(r, this.opts.retryMs ?? 250));
        if (this.closed) return false;
      }
    })().finally(() => (this.searching = null));
    return this.searching;
  }

  private async isWritable(connectionString: string): Promise<boolean> {
    const c = new pg.Client({ connectionString, connectionTimeoutMillis: this.opts.probeTimeoutMs ?? 1_000 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      const r = await c.query<{ r: boolean }>('select pg_is_in_recovery() as r');
      return r.rows[0]?.r === false;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  }
}

/**
 * A pg Client class for pools that connects wherever `target` points at the moment of connecting, and
 * reports failures to it. With several hosts, a new connection that lands on a standby is refused (its
 * writes would fail; its reads could be stale) and triggers a search.
 */
export function targetedClient(target: PrimaryTarget): typeof pg.Client {
  return class TargetedClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionString: target.current() });
      // A server killed with -9 makes every backend send "terminating connection due to unexpected postmaster
      // exit", and pg emits it as 'error' on a client with no query running; a client then held by code with no
      // listener of its own (between checkout and use) would end the process (seen in the failover drill).
      // The death still reaches whoever holds the client: its next query fails ("not queryable", retryable),
      // and the pool drops a client that is no longer queryable when it comes back.
      this.on('error', (err: Error & { code?: string }) => {
        target.failed();
        log.warn('db.connection_lost', { code: err.code ?? 'unknown' });
      });
    }

    override connect(): Promise<pg.Client>;
    override connect(callback: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): void;
    override connect(callback?: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): Promise<pg.Client> | void {
      const checked = super.connect().then(async () => {
        if (!target.multi) return this;
        const r = await super.query<{ r: boolean }>('select pg_is_in_recovery() as r');
        if (r.rows[0]?.r !== false) {
          await this.end().catch(() => undefined);
          throw notWritable();
        }
        return this;
      });
      const reported = checked.catch((err: Error) => {
        target.failed();
        throw err;
      });
      if (!callback) return reported;
      const cb = callback as (err: Error | null, c?: pg.Client) => void;
      reported.then((c) => cb(null, c), (err: Error) => cb(err));
    }
  };
}
