import { isStateOrDc, type MembershipRow, type OfficeSeed } from './model.js';

/**
 * Checks the seed files before anything is written. Returns every problem, each naming the row,
 * so an operator fixing the data sees them all at once. Pure: no files, no database.
 */
export function validateSeed(
  offices: readonly OfficeSeed[],
  rows: readonly MembershipRow[],
  geometryFips: ReadonlySet<string>,
): string[] {
  const errors: string[] = [];
  const officeIds = new Set<string>();
  for (const o of offices) {
    const name = `offices.json: office '${o.id}'`;
    if (!/^[a-z0-9][a-z0-9_-]{1,39}$/.test(o.id)) errors.push(`${name}: id must be a lowercase slug`);
    if (officeIds.has(o.id)) errors.push(`${name}: listed twice`);
    officeIds.add(o.id);
    if (typeof o.lat !== 'number' || !(o.lat >= -90 && o.lat <= 90))
      errors.push(`${name}: lat ${String(o.lat)} is out of range [-90, 90]`);
    if (typeof o.lon !== 'number' || !(o.lon >= -180 && o.lon <= 180))
      errors.push(`${name}: lon ${String(o.lon)} is out of range [-180, 180]`);
    if (!o.name || !o.city || !o.state) errors.push(`${name}: name, city and state are required`);
  }
  if (offices.filter((o) => o.isFallback).length !== 1)
    errors.push('offices.json: exactly one office must be the fallback (isFallback: true)');

  const seen = new Map<string, MembershipRow>();
  for (const r of rows) {
    const where = `county-membership.csv line ${r.line} (fips ${r.fips || '?'}, ${r.county || '?'}, ${r.state || '?'})`;
    if (!/^\d{5}$/.test(r.fips)) {
      errors.push(`${where}: fips must be 5 digits`);
      continue;
    }
    const prev = seen.get(r.fips);
    if (prev) errors.push(`${where}: county already assigned on line ${prev.line}; a county belongs to exactly one office`);
    else seen.set(r.fips, r);
    if (!geometryFips.has(r.fips)) errors.push(`${where}: fips ${r.fips} is not a county in the us-atlas geometry`);
    if (r.officeId === '') {
      if (isStateOrDc(r.fips)) errors.push(`${where}: belongs to no office; every county of the 50 states and DC needs one`);
    } else if (!officeIds.has(r.officeId)) {
      errors.push(`${where}: office '${r.officeId}' is unknown (not in offices.json)`);
    }
    if (r.officeId !== '' && !['S', 'R', 'I'].includes(r.provenance))
      errors.push(`${where}: provenance must be S (sourced), R (recalled) or I (inferred), got '${r.provenance}'`);
    // The console's "uncertain" shading reads these words: a typo would hide a weak county.
    if (!['', 'pass1', 'strong', 'medium', 'weak'].includes(r.evidenceStrength))
      errors.push(`${where}: evidence_strength must be strong, medium, weak, pass1 or empty, got '${r.evidenceStrength}'`);
  }
  const missing = [...geometryFips].filter((f) => isStateOrDc(f) && !seen.has(f)).sort();
  for (const f of missing) errors.push(`county-membership.csv: county ${f} (in the us-atlas geometry) has no row; it belongs to no office`);
  return errors;
}
