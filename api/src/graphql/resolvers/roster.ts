import type { MutationResolvers, QueryResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { controlRoomScope } from './stats.js';
import { AppError, ErrorCode, badInput, forbidden, notFound } from '../../domain/errors.js';
import { isUuid } from '../../domain/ids.js';
import { isLanguageCode } from '../../domain/languages.js';
import { parseLocation } from '../../domain/geo.js';
import type { Viewer } from '../../domain/viewer.js';
import { advisorById, deactivateAdvisorRow, insertAdvisor, listAdvisors, setAdvisorAvailability, updateAdvisorRow, type AdvisorFields } from '../../sql/roster.js';
import type { AdvisorRow } from '../../sql/rows.js';
import { withdrawOffersOf } from '../../services/offers.js';
import { dispatchDeps } from './dispatch.js';
import { advisorWatchFor } from '../../realtime/advisorWatch.js';
import { lagTolerantReads } from '../lagTolerantReads.js';

/** An advisor on the caller's roster, or NOT_FOUND (also for advisors of other consulates). */
async function rosterAdvisor(ctx: Context, id: string): Promise<AdvisorRow> {
  const a = isUuid(id) ? await advisorById(ctx.db, id) : null;
  const v = ctx.viewer!;
  if (!a || (v.role === 'OPERATOR' && a.consulate_id !== v.consulateId)) throw notFound('advisor');
  return a;
}

function fields(input: { name?: string | null; kind?: AdvisorFields['kind'] | null; languages?: string[] | null; capacity?: number | null; consulateId?: string | null }, base: AdvisorFields): AdvisorFields {
  const name = input.name === undefined || input.name === null ? base.name : input.name.trim();
  if (name.length < 1 || [...name].length > 120) throw badInput('name must be 1-120 characters', 'name');
  const languages = input.languages ?? base.languages;
  if (languages.length === 0 || languages.length > 10 || !languages.every(isLanguageCode)) throw badInput('languages must be 1-10 codes from docs/LANGUAGES.md', 'languages');
  const capacity = input.capacity ?? base.capacity;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 20) throw badInput('capacity must be 1-20', 'capacity');
  return { consulateId: input.consulateId ?? base.consulateId, name, kind: input.kind ?? base.kind, languages: [...new Set(languages)], capacity };
}

/** The advisor behind an ADVISOR token; a deactivated one may no longer act. */
async function self(ctx: Context, v: Viewer): Promise<AdvisorRow> {
  const a = isUuid(v.advisorId) ? await advisorById(ctx.db, v.advisorId!) : null;
  if (!a || !a.active) throw new AppError(ErrorCode.FORBIDDEN, 'this advisor is not active');
  return a;
}

export const RosterQueries: Pick<QueryResolvers<Context>, 'advisors'> = {
  advisors: (_r, { consulateId }, ctx) => listAdvisors(lagTolerantReads(ctx).q, controlRoomScope(ctx, consulateId)),
};

export const RosterMutations: Pick<MutationResolvers<Context>, 'createAdvisor' | 'updateAdvisor' | 'deactivateAdvisor' | 'reportAdvisorLocation' | 'setAvailability'> = {
  createAdvisor: (_r, { input }, ctx) => {
    const consulateId = controlRoomScope(ctx, input.consulateId)!;
    return insertAdvisor(ctx.db, fields(input, { consulateId, name: '', kind: input.kind, languages: ['es'], capacity: 1 }));
  },
  updateAdvisor: async (_r, { id, input }, ctx) => {
    const a = await rosterAdvisor(ctx, id);
    if (input.consulateId && input.consulateId !== a.consulate_id) {
      if (ctx.viewer!.role !== 'SUPERVISOR') throw forbidden();
      controlRoomScope(ctx, input.consulateId);
    }
    const next = fields(input, { consulateId: a.consulate_id, name: a.name, kind: a.kind, languages: a.languages, capacity: a.capacity ?? 1 });
    return (await updateAdvisorRow(ctx.db, a.id, next))!;
  },
  deactivateAdvisor: async (_r, { id }, ctx) => {
    const row = (await deactivateAdvisorRow(ctx.db, (await rosterAdvisor(ctx, id)).id))!;
    await withdrawOffersOf(dispatchDeps(ctx), row.id, 'advisor deactivated');
    void advisorWatchFor(ctx.db).poke(); // their live streams here end now, not at the next watch tick
    return row;
  },
  // One statement per batch of concurrent reports (group commit, ctx.locations): the active check is
  // part of the write, and the answer is the row as stored once that batch committed.
  reportAdvisorLocation: async (_r, { location, recordedAt }, ctx) => {
    const notActive = () => new AppError(ErrorCode.FORBIDDEN, 'this advisor is not active');
    const advisorId = ctx.viewer!.advisorId;
    if (!isUuid(advisorId)) throw notActive();
    const p = parseLocation(location);
    const at = recordedAt ?? new Date();
    if (at.getTime() > Date.now() + 60_000) throw badInput('recordedAt is in the future', 'recordedAt');
    const stored = await ctx.locations.report({ advisorId, lon: p.lon, lat: p.lat, at });
    if (!stored) throw notActive();
    return stored;
  },
  setAvailability: async (_r, { availability }, ctx) => {
    const me = await self(ctx, ctx.viewer!);
    await setAdvisorAvailability(ctx.db, me.id, availability);
    // Whoever stops being available hands back what they were offered, at once.
    if (availability !== 'AVAILABLE') await withdrawOffersOf(dispatchDeps(ctx), me.id, `advisor now ${availability}`);
    return (await advisorById(ctx.db, me.id))!;
  },
};
