/** The raid point's section of docs/BENCHMARKS.md: the raid against the same run's no-raid baseline, as ratios. */
import os from 'node:os';
import { errorsText, fmt, type Summary } from './svc-common.js';
import type { RaidResult } from './svc-raid.js';
import type { LoadResult } from './svc-phases.js';

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : '—');
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `×${(a / b).toFixed(2)}` : '—');
const row = (label: string, base: Summary | null, raid: Summary | null, k: 'p50' | 'p99') =>
  `| ${label} ${k} (ms) | ${fmt(base?.[k] ?? NaN)} | ${fmt(raid?.[k] ?? NaN)} | ${ratio(raid?.[k] ?? NaN, base?.[k] ?? NaN)} |`;

const perAlert = (label: string, base: number, raid: number) =>
  `| ${label} | ${fmt(base)} | ${fmt(raid)} | ${ratio(raid, base)} |`;

/**
 * CPU per alert answered (ms), of the server process or of the database cluster: its CPU over the window and
 * the wait for its last copies, divided by the alerts answered in it (`raidOk`: the raid's own, in its window).
 */
export const cpuPerAlertMs = (w: LoadResult, side: 'serverCpu' | 'databaseCpu', raidOk = 0): number => (1000 * w[side] * w.wallS) / (w.ok + raidOk);

export function renderRaid(r: RaidResult, o: { startedAt: Date; loadBefore: number[]; command: string }): string {
  const b = r.baseline;
  const w = r.withRaid;
  const perS = r.size / r.durationS;
  const rr = r.rendered;
  const c = r.consoleReceived;
  return [
    '## Raid point',
    '',
    `Run ${o.startedAt.toISOString()} with \`${o.command}\` (load average before: ${o.loadBefore.map((x) => x.toFixed(2)).join(', ')} on ${os.cpus().length} CPUs).`,
    `**Caveat:** this machine is shared, so absolute numbers say little; the baseline ran in the same`,
    'process a few seconds before the raid (after an unreported 5 s window at the same load, so that it measures a warm service), and the ratios between the two are what this section reports.',
    '',
    `Background: ${b.rate} alerts/s × ${b.subscribers} control-room subscribers in Los Angeles for ${r.durationS} s${b.rate === 100 && b.subscribers === 50 ? ' (the heaviest latency point)' : ' (lighter than the heaviest latency point, 100 × 50)'},`,
    `plus the console's own subscriptions (an OPERATOR of Los Angeles: its alert stream, its incident stream with every incident's fields, its advisors' positions;`,
    `the page's generated documents over one graphql-ws socket, \`api/bench/svc-consoleClient.ts\`). Raid: ${r.size} alerts (${perS.toFixed(0)}/s, each from its own person)`,
    `within 1 km of (${r.centre.lat.toFixed(4)}, ${r.centre.lon.toFixed(4)}), a point of the district 4 km from every background point, over the same ${r.durationS} s.`,
    '',
    '| | no raid | with the raid | raid / no raid |',
    '|---|---:|---:|---:|',
    row('background raise answer', b.raise, w.raise, 'p50'),
    row('background raise answer', b.raise, w.raise, 'p99'),
    row('RAISED event, each subscriber\'s copy', b.event, w.event, 'p50'),
    row('RAISED event, each subscriber\'s copy', b.event, w.event, 'p99'),
    `| background raises answered | ${b.ok}/${b.sent} (errors: ${errorsText(b.errors)}) | ${w.ok}/${w.sent} (errors: ${errorsText(w.errors)}) | |`,
    `| copies delivered | ${b.delivered}/${b.expected} | ${w.delivered}/${w.expected} | |`,
    `| background alerts/s achieved | ${fmt(b.achieved)} | ${fmt(w.achieved)} | |`,
    `| server event-loop delay p99 (ms) | ${fmt(b.eldP99)} | ${fmt(w.eldP99)} | ${ratio(w.eldP99, b.eldP99)} |`,
    `| server process CPU (% of one core) | ${pct(b.serverCpu)} | ${pct(w.serverCpu)} | ${ratio(w.serverCpu, b.serverCpu)} |`,
    `| database CPU (% of one core) | ${pct(b.databaseCpu)} | ${pct(w.databaseCpu)} | ${ratio(w.databaseCpu, b.databaseCpu)} |`,
    perAlert('server CPU per alert answered (ms)', cpuPerAlertMs(b, 'serverCpu'), cpuPerAlertMs(w, 'serverCpu', r.raidOk)),
    perAlert('database CPU per alert answered (ms)', cpuPerAlertMs(b, 'databaseCpu'), cpuPerAlertMs(w, 'databaseCpu', r.raidOk)),
    `| machine CPU | ${pct(b.machineCpu)} | ${pct(w.machineCpu)} | |`,
    '',
    '- CPU per alert: the process\'s (or the database cluster\'s, every process of it) CPU time over the window and the wait for its last copies, ' +
      'divided by the alerts answered in it (with the raid: the background\'s and the raid\'s). Steadier from run to run than a p99 on these shared cores.',
    `- The raid's own raises: ${r.raidOk} of ${r.size} answered (errors: ${errorsText(r.raidErrors)}), answer p50 ${fmt(r.raidRaise.p50)} ms, p99 ${fmt(r.raidRaise.p99)} ms.`,
    ...(r.detection ? [
      `- Its incident: ${r.incidentNote}; it holds ${r.inIncident} of the raid's ${r.raidOk} answered alerts. Detection trails a loaded service: every raid alert was in an incident ` +
        `${r.settledAfter === null ? '(not within 30 s of the last answer)' : `${fmt(r.settledAfter, 0)} ms after the raid's last answer`}.`,
      `- From the raid's 3rd alert (sent) to the incident's DETECTED event on an \`incidentEvents\` subscription: ` +
        `${r.detectFromSend === null ? 'not measured' : `${fmt(r.detectFromSend)} ms`} (${r.detectFromAnswer === null ? '—' : `${fmt(r.detectFromAnswer)} ms`} after that raise was answered).`,
    ] : [`- **A control run: the service detected no incidents** (\`BENCH_DETECTION=0\`), so the raid cost only its raises, offers and events.`]),
    `- The console's subscriptions received ${c.alerts} alert events, ${c.incidents} incident events and ${c.positions} position updates over both windows (errors: ${r.consoleErrors.length ? r.consoleErrors.slice(0, 3).join('; ') : 'none'}).`,
    '- The background\'s alerts come from 300 points reused all run long, so they form incidents of their own too;',
    '  the raid\'s place is 4 km from all of them, so its incident is its own.',
    `- The console's promise, an alert on screen within 2 s: before the baseline, on the otherwise idle service, ${r.rowOnScreen?.n ?? 0} alerts one every 500 ms ` +
      `(each its own person, points 3.5 km apart, so each is a row of the queue) went from the raise's request to its row in the page's DOM (Chromium) in ` +
      `${r.rowOnScreen ? `p50 ${fmt(r.rowOnScreen.p50)} ms, max ${fmt(r.rowOnScreen.max)} ms` : 'not measured'}${r.rowMissing ? ` (${r.rowMissing} never shown within 10 s)` : ''}.`,
    '',
    '### The console drawn in Chromium',
    '',
    rr === null
      ? 'Not measured (no /usr/bin/chromium, or BENCH_RAID_CONSOLE=0).'
      : [
          `The same two windows again with the page itself in place of the headless client: Chromium (headless, software rendering with swiftshader, at the lowest`,
          `CPU priority: nice 19 and its session's autogroup at 19) draws the console, the first raid's incident on its map, while the background runs and a second`,
          `raid of ${r.size} alerts arrives within 1 km of (${rr.centre.lat.toFixed(4)}, ${rr.centre.lon.toFixed(4)}) (${rr.raidOk} answered). An operator's console runs on`,
          `another computer; here the renderer shares the 2 cores with the service, the database and the load, so the service's percentiles in these windows`,
          'are reported, not judged against the targets.',
          '',
          '| | no raid | with the raid | raid / no raid |',
          '|---|---:|---:|---:|',
          row('console frame interval', rr.framesBaseline, rr.framesRaid, 'p50'),
          row('console frame interval', rr.framesBaseline, rr.framesRaid, 'p99'),
          row('background raise answer (renderer on the same cores)', rr.baseline.raise, rr.withRaid.raise, 'p99'),
          row('RAISED event copy (renderer on the same cores)', rr.baseline.event, rr.withRaid.event, 'p99'),
          `| background alerts/s achieved | ${fmt(rr.baseline.achieved)} | ${fmt(rr.withRaid.achieved)} | |`,
          `| machine CPU | ${pct(rr.baseline.machineCpu)} | ${pct(rr.withRaid.machineCpu)} | |`,
          '',
          `- Frames: requestAnimationFrame intervals over each ${r.durationS} s window (${rr.framesBaseline.n} and ${rr.framesRaid.n} frames). The console showed ` +
            `${rr.incidentRows} incident row(s) at the end; page errors: ${r.pageErrors.length ? r.pageErrors.slice(0, 3).join('; ') : 'none'}.`,
        ].join('\n'),
    '',
    'Reproduce alone: `DATABASE_URL=postgres://… BENCH_ONLY=raid npm run bench` (BENCH_RAID_SIZE, default 300, sets the raid\'s size;',
    'BENCH_RAID_POINT, default `100x50`, the background: alerts/s x subscribers; BENCH_RAID_CONSOLE=0 leaves Chromium out).',
  ].join('\n');
}
