/** The simulator's closing report: what was done, what the server made of it, what failed. */
import type { Counters } from './client.js';
import type { Tally } from './world.js';

export interface SummaryInput {
  durationS: number;
  tally: Tally;
  /** Alert id → consulate, for every alert raised by this run. */
  raised: Map<string, string>;
  /** Alert id → event types the control room stream delivered for it. */
  seen: Map<string, Set<string>>;
  counters: Counters;
  advisors: number;
}

function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
}

function raidLines(t: SummaryInput['tally']): string[] {
  const ms = [...t.raidMs].sort((a, b) => a - b);
  return [
    `  raid                   ${String(t.raidAlerts).padStart(6)}  accepted of ${t.raidAttempts} raid raises; ` +
      `answer (ms) p50 ${pct(ms, 50).toFixed(0)}, p95 ${pct(ms, 95).toFixed(0)}, p99 ${pct(ms, 99).toFixed(0)}`,
  ];
}

/** Lines of the summary (printed by the CLI; kept free of I/O for reuse). */
export function summaryLines(s: SummaryInput): string[] {
  const ids = [...s.raised.keys()];
  const withEvent = (type: string) => ids.filter((id) => s.seen.get(id)?.has(type)).length;
  const observed = ids.filter((id) => s.seen.has(id)).length;
  const byConsulate = new Map<string, number>();
  for (const c of s.raised.values()) byConsulate.set(c, (byConsulate.get(c) ?? 0) + 1);
  const top = [...byConsulate.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([c, n]) => `${c} ${n}`).join(', ');
  const ms = [...s.tally.raiseMs].sort((a, b) => a - b);
  const errors = Object.entries(s.counters.errors).sort((a, b) => b[1] - a[1]);
  const t = s.tally;
  const row = (label: string, n: number, extra = '') => `  ${label.padEnd(22)} ${String(n).padStart(6)}${extra ? `  ${extra}` : ''}`;
  return [
    '',
    `Simulation summary (${s.durationS.toFixed(0)} s, ${s.advisors} advisors)`,
    row('alerts raised', t.raised, `of ${t.raiseAttempts} attempts${t.raidAlerts ? `; ${t.raidAlerts} in the raid` : ''}`),
    ...(t.raidAttempts ? raidLines(t) : []),
    row('  offered', withEvent('OFFERED'), 'offered to an advisor at least once'),
    row('  claimed', withEvent('ACKNOWLEDGED'), 'acknowledged by an advisor'),
    row('  escalated', withEvent('ESCALATED'), 'to the control room (no advisor, offers used up, rate limit)'),
    row('  resolved', withEvent('RESOLVED'), t.wrapUpResolutions ? `${t.wrapUpResolutions} of them closed at the end of the run` : ''),
    row('  offers expired', ids.reduce((a, id) => a + (s.seen.get(id)?.has('OFFER_EXPIRED') ? 1 : 0), 0), 'alerts with at least one'),
    row('  seen by control room', observed, observed < ids.length ? 'the rest were routed outside the watched consulate' : 'every one'),
    `  raise answer (ms)      p50 ${pct(ms, 50).toFixed(0)}, p95 ${pct(ms, 95).toFixed(0)}, max ${pct(ms, 100).toFixed(0)}`,
    `  by consulate           ${top || '—'}`,
    'Advisors',
    row('location reports', t.locationReports),
    row('availability changes', t.availabilityChanges),
    row('claims', t.claimsTried, `${t.claimsWon} won`),
    row('declines', t.declines),
    row('EN_ROUTE / ON_SCENE', t.fieldUpdates),
    row('resolutions', t.resolutions),
    `Errors by code: ${errors.length ? errors.map(([k, v]) => `${k} ${v}`).join(', ') : 'none'}`,
    `Calls: ${Object.entries(s.counters.calls).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ];
}

export function printSummary(s: SummaryInput): void {
  process.stdout.write(summaryLines(s).join('\n') + '\n');
}
