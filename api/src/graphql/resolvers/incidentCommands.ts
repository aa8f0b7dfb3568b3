import type { MutationResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { confirmIncident, dismissIncident, postIncidentStatus, setIncidentLead, setIncidentTeam } from '../../services/incidentCommands.js';
import { mergeIncidents, splitIncident } from '../../services/incidentCommandsMerge.js';
import { incidentById } from '../../sql/incidents.js';

/**
 * The incident commands (schema/incidentCommands.graphql): thin adapters. Who may command is decided in the
 * service from the locked incident rows (never from what the client sends); the answer is the incident as
 * committed (for splitIncident, the new one).
 */
const answer = async (ctx: Context, id: string) => (await incidentById(ctx.db, id))!;
const reason = (r: string | null | undefined) => (r === undefined || r === null || r.trim() === '' ? null : r.trim());

export const IncidentCommandMutations: Pick<
  MutationResolvers<Context>,
  'confirmIncident' | 'dismissIncident' | 'mergeIncidents' | 'splitIncident' | 'setIncidentLead' | 'setIncidentTeam' | 'postIncidentStatus'
> = {
  confirmIncident: async (_r, { id }, ctx) => answer(ctx, await confirmIncident(ctx.db, ctx.viewer!, id)),
  dismissIncident: async (_r, { id, reason: r }, ctx) => answer(ctx, await dismissIncident(ctx.db, ctx.viewer!, id, reason(r))),
  mergeIncidents: async (_r, { into, from }, ctx) => answer(ctx, await mergeIncidents(ctx.db, ctx.viewer!, into, from)),
  splitIncident: async (_r, { id, alertIds }, ctx) => answer(ctx, await splitIncident(ctx.db, ctx.viewer!, id, alertIds)),
  setIncidentLead: async (_r, { id, advisorId }, ctx) => answer(ctx, await setIncidentLead(ctx.db, ctx.viewer!, id, advisorId ?? null)),
  setIncidentTeam: async (_r, { id, advisorIds }, ctx) => answer(ctx, await setIncidentTeam(ctx.db, ctx.viewer!, id, advisorIds)),
  postIncidentStatus: async (_r, { id, notice }, ctx) => answer(ctx, await postIncidentStatus(ctx.db, ctx.viewer!, id, notice)),
};
