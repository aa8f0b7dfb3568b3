import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { gql, operatorToken, personToken, serverFixture } from './support/server.js';
import { CITY, offset } from './support/dispatch.js';
import { onBothTransports } from './support/transports.js';

/**
 * A console reloads its open alerts with `alerts(openOnly: true)`: every open alert not flagged as abuse
 * must be in it, however many flagged ones one person raised after it (api/src/sql/openAlerts.ts).
 */
const RAISE = `mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id flags } }`;
const LOAD = `query($first: Int) { alerts(openOnly: true, first: $first) { id flags } openFlaggedAlertCount }`;

describe.each(backends())('console open-alerts load on %s', (backend) => {
  const f = serverFixture(backend);

  it("a person's flood of alerts flagged RATE_LIMITED never pushes an earlier genuine alert out of the load", async () => {
    const other = (await gql(f.server.url, RAISE, { i: { location: offset(CITY.omaha, 2), idempotencyKey: 'genuine' } }, await personToken(randomUUID()))).data!.raiseAlert;
    const flooder = await personToken(randomUUID());
    const flood: Array<{ id: string; flags: string[] }> = [];
    for (let i = 0; i < 12; i++)
      flood.push((await gql(f.server.url, RAISE, { i: { location: offset(CITY.omaha, 1, i * 0.1), idempotencyKey: `flood-${i}` } }, flooder)).data!.raiseAlert);
    const flagged = flood.filter((a) => a.flags.includes('RATE_LIMITED'));
    expect(flagged.length).toBe(7); // the limit (5 in 10 minutes) let the first five through unflagged
    const genuine = [other, ...flood.filter((a) => !a.flags.includes('RATE_LIMITED'))].map((a) => a.id);

    const load = await onBothTransports(f.server.url, LOAD, { first: 3 }, await operatorToken('omaha'));
    for (const r of [load.http, load.ws]) {
      const ids = (r.data?.alerts as Array<{ id: string }>).map((a) => a.id);
      expect(ids).toEqual(expect.arrayContaining(genuine));
      // `first` bounds only the flagged ones: the newest three of them.
      expect(ids.filter((id) => !genuine.includes(id))).toEqual(flagged.slice(-3).reverse().map((a) => a.id));
      // Not silently: the console learns how many flagged ones there are (7), so it can say 4 were left out.
      expect(r.data?.openFlaggedAlertCount).toBe(7);
    }
  });
});
