import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

/** PostgreSQL 15's binaries, which .ci/pg-replicas.sh needs to start clusters of its own. */
export const hasPg15 = (): boolean => existsSync('/usr/lib/postgresql/15/bin/pg_basebackup');

const run = (...args: string[]) => execFileSync('bash', ['.ci/pg-replicas.sh', ...args], { encoding: 'utf8' }).trim();
const runAsync = async (...args: string[]) => (await promisify(execFile)('bash', ['.ci/pg-replicas.sh', ...args])).stdout.trim();
const url = (port: string | number) => `postgres://postgres@127.0.0.1:${port}/postgres`;

/** A primary with a synchronous standby (.ci/pg-replicas.sh), private to one test file. */
export class ReplicaPair {
  readonly dir: string;
  readonly primaryUrl: string;
  readonly standbyUrl: string;
  readonly primaryPort: number;
  readonly standbyPort: number;

  constructor() {
    const [dir, p, s] = run('start-pair').split('\n').at(-1)!.split(' ');
    this.dir = dir!;
    this.primaryPort = Number(p);
    this.standbyPort = Number(s);
    this.primaryUrl = url(p!);
    this.standbyUrl = url(s!);
  }

  /** libpq's multi-host form, as an operator would write DATABASE_URL. */
  get multiHostUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.primaryPort},127.0.0.1:${this.standbyPort}/postgres?target_session_attrs=read-write`;
  }

  /** DATABASE_URLS: one connection string per host. */
  get urlList(): string {
    return `${this.primaryUrl},${this.standbyUrl}`;
  }

  /** An asynchronous hot standby of the primary, for lag-tolerant reads; its URL. */
  async addReader(): Promise<string> {
    return url(await runAsync('add-async', this.dir));
  }

  killPrimary(): void {
    run('kill-primary', this.dir);
  }

  promote(): Promise<string> {
    return runAsync('promote', this.dir);
  }

  /** The primary stops waiting for its standby (for the bench's "without" numbers). */
  unsync(): void {
    run('unsync', this.dir);
  }

  stop(): void {
    run('stop', this.dir);
  }
}
