/**
 * Whether an advisor's reported position is believable, written into the statements that store it
 * (api/src/sql/roster.ts). A fix farther from the last plausible one than an advisor can travel is kept
 * (the control room sees where the device claims to be) but flagged `location_suspect`, and a flagged
 * position counts neither for offers (api/src/sql/candidates.ts) nor for `nearbyAlerts`' radius until a
 * plausible fix arrives. Without the check, one forged report placed an advisor next to any alert.
 */

/** 300 km/h in metres per second: faster than any advisor travels by road. */
export const MAX_PLAUSIBLE_SPEED_M_S = 300_000 / 3_600;
/**
 * Distance allowed whatever the time between two fixes: a phone's fix can jump by its error (cell-tower and
 * Wi-Fi positioning are often off by a kilometre or more) between two reports seconds apart.
 */
export const POSITION_SLACK_M = 2_000;

/**
 * SET clauses (of an UPDATE on `advisors`) that flag an implausible fix and move the plausible anchor only
 * with a plausible one. `point`/`at`: SQL expressions of the new fix. The anchor is the last plausible fix,
 * never the last stored one: a second report from the same forged place would otherwise look like an advisor
 * standing still. No anchor yet (a first report): plausible. Right-hand sides read the row as it was.
 */
export function plausibilitySet(point: string, at: string): string {
  const reach = `${POSITION_SLACK_M} + ${MAX_PLAUSIBLE_SPEED_M_S} * greatest(extract(epoch from (${at} - trusted_location_at)), 0)`;
  const implausible = `(trusted_location is not null and not ST_DWithin(trusted_location, ${point}, ${reach}, false))`;
  return `location_suspect = ${implausible},
      trusted_location = case when ${implausible} then trusted_location else ${point} end,
      trusted_location_at = case when ${implausible} then trusted_location_at else ${at} end`;
}
