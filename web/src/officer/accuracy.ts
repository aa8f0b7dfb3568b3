/** From here up a location is rough enough to say so (the console draws the same line, AlertDetail). */
const ROUGH_M = 1_000;

/**
 * The accuracy to show next to a distance, in whole km, or null when the point is good to the ~1 km
 * the list works in. A no-GPS alert sits on a city's centre with ± 50 km: a distance alone ("≈ 0 m")
 * would send the officer to the wrong place.
 */
export function roughKm(location: { accuracyM?: number | null }): number | null {
  const m = location.accuracyM;
  return typeof m === 'number' && m >= ROUGH_M ? Math.round(m / 1000) : null;
}
