/**
 * Optional CPU profiles of the server process, one per phase (BENCH_PROFILE=dir): `.cpuprofile` files
 * for Chrome DevTools, and a self-time summary by package printed to the terminal.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Profiler {
  start(): Promise<void>;
  /** Stops, writes `<dir>/<name>.cpuprofile` and returns the top self-time lines. */
  stop(name: string): Promise<string[]>;
}

export async function profiler(dir: string | undefined): Promise<Profiler> {
  if (!dir) return { start: async () => undefined, stop: async () => [] };
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  return {
    start: async () => void (await session.post('Profiler.start')),
    async stop(name) {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
      writeFileSync(`${dir}/${name}.cpuprofile`, JSON.stringify(profile));
      return summarizeProfile(profile);
    },
  };
}

/** Self time by package (node_modules/<pkg>, api/src/<dir>, node: internals, GC, idle). */
export function summarizeProfile(p: Profile, top = 12): string[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const cf = byId.get(id)!.callFrame;
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(cf.url) ?? /(api\/src\/[^/]+|api\/bench)/.exec(cf.url);
    // Native frames have no url: `dispatch` is the inspector serialising the profile itself, `run` a
    // WebCrypto job (jose's HMAC for every token verification).
    const native = cf.functionName === 'dispatch' ? '(profiler)' : cf.functionName === 'run' ? '(crypto job)' : cf.functionName || '(native)';
    const key = m ? m[1]! : cf.url.startsWith('node:') ? cf.url.split('/')[0]! : native;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}
