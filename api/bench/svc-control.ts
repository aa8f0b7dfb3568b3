/** The server side's handle on a load generator child process (api/bench/svc-loadgen.ts): request/response over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpuOfStat, statFields } from './procCpu.js';

export class LoadGen {
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(`load generator: ${m.error}`));
      else p.resolve(m.result);
    });
    child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`load generator exited (${code})`));
      this.pending.clear();
    });
  }

  static async start(init: { base: bigint; url: string; secret: string }): Promise<LoadGen> {
    // The parent's execArgv carries tsx's loader, so the child runs TypeScript too.
    const child = fork(fileURLToPath(new URL('./svc-loadgen.ts', import.meta.url)), [], { serialization: 'advanced', stdio: 'inherit', execArgv: [...process.execArgv, ...(process.env.BENCH_LOADGEN_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_LOADGEN_PROFILE}`] : [])] });
    const g = new LoadGen(child);
    await g.call('init', init);
    return g;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  call<T = any>(cmd: string, args?: unknown): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, cmd, args });
    });
  }

  /** CPU seconds (user + system) this child has used so far, from /proc (Linux); NaN elsewhere. */
  cpuSeconds(): number {
    try {
      return cpuOfStat(statFields(this.child.pid!));
    } catch {
      return NaN;
    }
  }

  stop(): void {
    this.child.disconnect();
  }
}

/** Busy share of all CPUs since the previous sample; `steal`: the part of it the hypervisor gave to others. */
export interface MachineCpu {
  (): number;
  steal: number;
}

/** From /proc/stat (Linux); NaN elsewhere. Steal counts as busy: the CPU was not this machine's to use. */
export function machineCpu(): MachineCpu {
  const read = () => {
    try {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
      const idle = f[3]! + (f[4] ?? 0);
      return { idle, steal: f[7] ?? 0, total: f.reduce((a, b) => a + b, 0) };
    } catch {
      return { idle: NaN, steal: NaN, total: NaN };
    }
  };
  let prev = read();
  const sample = (() => {
    const cur = read();
    const span = cur.total - prev.total;
    const busy = 1 - (cur.idle - prev.idle) / span;
    sample.steal = (cur.steal - prev.steal) / span;
    prev = cur;
    return busy;
  }) as MachineCpu;
  sample.steal = NaN;
  return sample;
}
