import type { Db } from '../db/types.js';
import type { Viewer } from '../domain/viewer.js';
import { AppError, ErrorCode, badInput, notFound } from '../domain/errors.js';
import type { ConsulateDirectory } from '../sql/consulates.js';
import { applyCountyCorrection, lockCorrections, lockCounty } from '../sql/countyCorrections.js';
import type { DistrictCountyRow } from '../sql/districts.js';
import { insertAudit } from '../sql/privacy.js';

export const CORRECTION_NOTE_MAX = 500;

export interface CountyCorrectionInput {
  fips: string;
  consulateId: string;
  note: string;
}

/**
 * An operator or supervisor moves a county to the office that really serves it, or confirms it where it
 * is. Input is checked before anything is read; then, in one transaction: the county is locked, the
 * caller's right to it checked (an operator: only their own district's counties), the correction recorded
 * and applied, both districts rebuilt for routing and maps, and an audit row written with who did it.
 * Alerts already raised keep their consulate; new raises and location updates route by the new districts.
 */
export async function correctCounty(db: Db, consulates: ConsulateDirectory, v: Viewer, input: CountyCorrectionInput): Promise<DistrictCountyRow> {
  if (!/^\d{5}$/.test(input.fips)) throw badInput('fips must be a 5-digit county FIPS code', 'fips');
  const note = input.note.trim();
  if (note.length < 3 || [...note].length > CORRECTION_NOTE_MAX)
    throw badInput(`note must say how the county was verified, 3-${CORRECTION_NOTE_MAX} characters`, 'note');
  const office = consulates.get(input.consulateId);
  if (!office) throw notFound('consulate');
  if (office.is_fallback) throw badInput('CIAM has no district: name the consulate that serves the county', 'consulateId');

  return db.tx(async (q) => {
    await lockCorrections(q);
    const county = await lockCounty(q, input.fips);
    if (!county) throw notFound('county');
    if (v.role === 'OPERATOR' && county.consulate_id !== v.consulateId)
      throw new AppError(ErrorCode.FORBIDDEN, "an operator corrects only their own district's counties; a supervisor corrects any");
    const actorId = v.sub;
    const row = await applyCountyCorrection(q, {
      fips: input.fips, consulateId: office.id, previousConsulateId: county.consulate_id, note, actorRole: v.role, actorId,
    });
    await insertAudit(q, [{ actorRole: v.role, actorId, action: 'COUNTY_CORRECTED', subjectType: 'county', subjectId: input.fips }]);
    return row;
  });
}
