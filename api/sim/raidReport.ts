/**
 * The raid's part of the summary: which incidents the server formed from the raid's alerts, read as a
 * supervisor at the end of the run. A server without incidents says so instead of failing the run.
 */
import { ApiError, type Api } from './client.js';

export const INCIDENTS_DOC =
  'query SimIncidents { incidents(includeClosed: true) { id status severity alertCount consulate { id } alerts { id } } }';

interface IncidentRow {
  id: string;
  status: string;
  severity: string;
  alertCount: number;
  consulate: { id: string };
  alerts: Array<{ id: string }>;
}

/** Lines naming every incident holding raid alerts, and how many raid alerts are in none. */
export async function raidIncidentLines(api: Api, supervisorToken: string, raidIds: readonly string[]): Promise<string[]> {
  const raid = new Set(raidIds);
  const read = async () => (await api.call<{ incidents: IncidentRow[] }>('incidents', INCIDENTS_DOC, {}, supervisorToken)).incidents;
  const inAny = (rows: IncidentRow[]) => rows.reduce((n, r) => n + r.alerts.filter((a) => raid.has(a.id)).length, 0);
  let rows: IncidentRow[];
  try {
    rows = await read();
    // Detection runs right after each raise commits; on a busy server the last ones may still be on their way.
    for (const end = Date.now() + 10_000; inAny(rows) < raid.size && Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 500));
      rows = await read();
    }
  } catch (err) {
    const code = err instanceof ApiError ? err.code : 'ERROR';
    return [`Raid incidents: not read (${code}: ${(err as Error).message.slice(0, 120)})`];
  }
  const holding = rows
    .map((r) => ({ ...r, raid: r.alerts.filter((a) => raid.has(a.id)).length }))
    .filter((r) => r.raid > 0)
    .sort((a, b) => b.raid - a.raid);
  const inSome = holding.reduce((n, r) => n + r.raid, 0);
  return [
    `Raid incidents: ${holding.length} holding ${inSome} of the raid's ${raidIds.length} alerts`,
    ...holding.slice(0, 5).map((r) =>
      `  incident ${r.id} ${r.status} ${r.severity} at ${r.consulate.id}: ${r.alertCount} alerts, ${r.raid} of them the raid's`),
  ];
}
