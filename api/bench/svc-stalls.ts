/**
 * Optional (BENCH_STALLS=1, latency-only runs): when the server process stood still, to line its slowest
 * transactions up with a garbage collection or a stalled event loop, and with the database's log
 * (autovacuum, checkpoints) by wall-clock time. Off by default: a 2 ms timer costs the process it measures.
 */
import { PerformanceObserver } from 'node:perf_hooks';

const wall = (ms: number) => new Date(performance.timeOrigin + ms).toISOString().slice(11, 23);
/** GC kinds as `PerformanceObserver` reports them (perf_hooks constants). */
const KIND: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental marking', 8: 'weak callbacks' };

export interface Stalls {
  /** What happened since the last call, oldest first, and the collections by kind. */
  take(): string[];
}

export function watchStalls(on: boolean, loopStallMs = 10, gcMs = 4): Stalls {
  if (!on) return { take: () => [] };
  const lines: Array<[number, string]> = [];
  const kinds = new Map<string, number>();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = KIND[(e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      if (e.duration > gcMs) lines.push([e.startTime, `gc (${kind}) ${e.duration.toFixed(1)} ms at ${wall(e.startTime)}`]);
    }
  }).observe({ entryTypes: ['gc'] });
  const tick = 2;
  let last = performance.now();
  setInterval(() => {
    const t = performance.now();
    if (t - last - tick > loopStallMs) lines.push([last, `event loop stood ${(t - last - tick).toFixed(1)} ms at ${wall(last)}`]);
    last = t;
  }, tick).unref();
  return {
    take() {
      const out = lines.splice(0).sort((a, b) => a[0] - b[0]).map(([, l]) => l);
      out.push(`collections: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}`);
      kinds.clear();
      return out;
    },
  };
}
