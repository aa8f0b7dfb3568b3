/**
 * Choosing whom to offer an alert to. Pure: candidates come in with their distances, the order comes out.
 * Rules, in order: the responsible consulate's advisors before a neighbouring consulate's; within that,
 * the nearest by "effective distance", where an advisor who does not speak the person's language counts
 * as LANGUAGE_MISMATCH_PENALTY_M farther away (a Mixteco speaker 8 km away beats a Spanish-only one 3 km
 * away, but not one 30 km closer); ties broken by id for a stable order.
 */
export interface Candidate {
  advisorId: string;
  consulateId: string;
  distanceM: number;
  languages: readonly string[];
}

export const LANGUAGE_MISMATCH_PENALTY_M = 10_000;

export function rankCandidates(candidates: readonly Candidate[], alert: { consulateId: string; language: string | null }): Candidate[] {
  const effective = (c: Candidate) =>
    c.distanceM + (alert.language && !c.languages.includes(alert.language) ? LANGUAGE_MISMATCH_PENALTY_M : 0);
  return [...candidates].sort((a, b) => {
    const home = Number(b.consulateId === alert.consulateId) - Number(a.consulateId === alert.consulateId);
    if (home !== 0) return home;
    const d = effective(a) - effective(b);
    return d !== 0 ? d : a.advisorId.localeCompare(b.advisorId);
  });
}
