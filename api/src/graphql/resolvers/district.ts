import type { DistrictResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { notFound } from '../../domain/errors.js';

export const District: DistrictResolvers<Context> = {
  consulate: (d, _a, ctx) => {
    const c = ctx.consulates.get(d.consulate_id);
    if (!c) throw notFound('consulate');
    return c;
  },
  states: (d) => [...new Set(d.counties.map((c) => c.state))].sort(),
  counties: (d) => d.counties,
  countyCount: (d) => d.counties.length,
  provenance: (d) => ({
    sourced: d.counties.filter((c) => c.provenance === 'S').length,
    recalled: d.counties.filter((c) => c.provenance === 'R').length,
    inferred: d.counties.filter((c) => c.provenance === 'I').length,
    corrected: d.counties.filter((c) => c.provenance === 'C').length,
  }),
  evidence: (d) => ({
    strong: d.counties.filter((c) => c.evidenceStrength === 'STRONG').length,
    medium: d.counties.filter((c) => c.evidenceStrength === 'MEDIUM').length,
    weak: d.counties.filter((c) => c.evidenceStrength === 'WEAK').length,
    ungraded: d.counties.filter((c) => c.evidenceStrength === 'UNGRADED').length,
    uncertain: d.counties.filter((c) => c.uncertain).length,
  }),
};
