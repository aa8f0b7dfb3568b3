/** The raid point's section of docs/BENCHMARKS.md: the raid against the same run's no-raid baseline, as ratios. */
import os from 'node:os';
import { errorsText, fmt, type Summary } from './svc-common.js';
import type { RaidResult } from './svc-raid.js';

const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `×${(a / b).toFixed(2)}` : '—');
const row = (label: string, base: Summary | null, raid: Summary | null, k: 'p50' | 'p99') =>
  `| ${label} ${k} (ms) | ${fmt(base?.[k] ?? NaN)} | ${fmt(raid?.[k] ?? NaN)} | ${ratio(raid?.[k] ?? NaN, base?.[k] ?? NaN)} |`;

export function renderRaid(r: RaidResult, o: { startedAt: Date; loadBefore: number[]; command: string }): string {
  const b = r.baseline;
  const w = r.withRaid;
  const perS = r.size / r.durationS;
  return [
    '## Raid point',
    '',
    `Run ${o.startedAt.toISOString()} with \`${o.command}\` (load average before: ${o.loadBefore.map((x) => x.toFixed(2)).join(', ')} on ${os.cpus().length} CPUs).`,
    `**Caveat:** this machine was shared and loaded while it ran, so absolute numbers say little; the baseline ran in the same`,
    'process a few seconds before the raid, and the ratios between the two are what this section reports.',
    '',
    `Background: ${b.rate} alerts/s × ${b.subscribers} control-room subscribers in Los Angeles for ${r.durationS} s${b.rate === 100 && b.subscribers === 50 ? ' (the heaviest latency point)' : ' (lighter than the heaviest latency point, 100 × 50, which this machine could not hold at the time)'},`,
    `with the console open in Chromium (an OPERATOR of Los Angeles). Raid: ${r.size} alerts (${perS.toFixed(0)}/s, each from its own person)`,
    `within 1 km of (${r.centre.lat.toFixed(4)}, ${r.centre.lon.toFixed(4)}), a point of the district 4 km from every background point, over the same ${r.durationS} s.`,
    '',
    '| | no raid | with the raid | raid / no raid |',
    '|---|---:|---:|---:|',
    row('background raise answer', b.raise, w.raise, 'p50'),
    row('background raise answer', b.raise, w.raise, 'p99'),
    row('RAISED event, each subscriber\'s copy', b.event, w.event, 'p50'),
    row('RAISED event, each subscriber\'s copy', b.event, w.event, 'p99'),
    row('console frame interval', r.framesBaseline, r.framesRaid, 'p50'),
    row('console frame interval', r.framesBaseline, r.framesRaid, 'p99'),
    `| background raises answered | ${b.ok}/${b.sent} (errors: ${errorsText(b.errors)}) | ${w.ok}/${w.sent} (errors: ${errorsText(w.errors)}) | |`,
    `| copies delivered | ${b.delivered}/${b.expected} | ${w.delivered}/${w.expected} | |`,
    `| background alerts/s achieved | ${fmt(b.achieved)} | ${fmt(w.achieved)} | |`,
    `| server event-loop delay p99 (ms) | ${fmt(b.eldP99)} | ${fmt(w.eldP99)} | ${ratio(w.eldP99, b.eldP99)} |`,
    '',
    `- The console's promise, an alert on screen within 2 s: before the baseline, on the otherwise idle service, ${r.rowOnScreen?.n ?? 0} alerts one every 500 ms ` +
      `(each its own person, points 3.5 km apart, so each is a row of the queue) went from the raise's request to its row in the page's DOM in ` +
      `${r.rowOnScreen ? `p50 ${fmt(r.rowOnScreen.p50)} ms, max ${fmt(r.rowOnScreen.max)} ms` : 'not measured'}${r.rowMissing ? ` (${r.rowMissing} never shown within 10 s)` : ''}.`,
    `- The raid's own raises: ${r.raidOk} of ${r.size} answered (errors: ${errorsText(r.raidErrors)}), answer p50 ${fmt(r.raidRaise.p50)} ms, p99 ${fmt(r.raidRaise.p99)} ms.`,
    `- Its incident: ${r.incidentNote}; it holds ${r.inIncident} of the raid's alerts.`,
    `- From the raid's 3rd alert (sent) to the incident's DETECTED event on an \`incidentEvents\` subscription: ` +
      `${r.detectFromSend === null ? 'not measured' : `${fmt(r.detectFromSend)} ms`} (${r.detectFromAnswer === null ? '—' : `${fmt(r.detectFromAnswer)} ms`} after that raise was answered).`,
    `- The console showed ${r.incidentRows} incident row(s) at the end of the raid; page errors: ${r.pageErrors.length ? r.pageErrors.slice(0, 3).join('; ') : 'none'}.`,
    '- The background\'s alerts come from 300 points reused all run long, so they form incidents of their own too (counted in the console\'s rows);',
    '  the raid\'s place is 4 km from all of them, so its incident is its own.',
    `- Frames: requestAnimationFrame intervals over each ${r.durationS} s window (${r.framesBaseline?.n ?? 0} and ${r.framesRaid?.n ?? 0} frames); headless Chromium with software rendering (swiftshader), at the lowest CPU priority (nice 19): an operator's console runs on another computer, here it shares the 2 cores.`,
    '',
    'Reproduce alone: `DATABASE_URL=postgres://… BENCH_ONLY=raid npm run bench` (BENCH_RAID_SIZE, default 300, sets the raid\'s size;',
    'BENCH_RAID_POINT, default `100x50`, the background: alerts/s x subscribers).',
  ].join('\n');
}
