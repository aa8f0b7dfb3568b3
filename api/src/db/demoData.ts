/**
 * Fictional demo people must never reach a real deployment: 424 AVAILABLE demo advisors in production
 * receive real offers, and a real alert can wait minutes on offers to nobody. They are seeded only when
 * asked for (config.ops.seedDemo: the embedded development default, SEED_DEMO=1 or `--demo`), marked
 * `advisors.demo`, and a production start refuses while any of them can still be offered an alert.
 */
import type { Db, Queryable } from './types.js';
import { insertDemoAdvisors, readSeedFiles } from '../../../seeds/src/load.js';
import { demoAdvisors } from '../../../seeds/src/advisors.js';

/** Inserts the demo advisors that are missing (idempotent: existing rows, changed or not, are left alone). */
export async function seedDemoAdvisors(db: Db): Promise<number> {
  const advisors = demoAdvisors(readSeedFiles().offices.filter((o) => !o.isFallback));
  await db.tx((q) => insertDemoAdvisors(q, advisors));
  return advisors.length;
}

/** Whether any demo advisor is there (a start asked for demo data adds them only to a database without). */
export async function hasDemoAdvisors(q: Queryable): Promise<boolean> {
  return (await q.query('select 1 from advisors where demo limit 1')).rowCount > 0;
}

/** Demo advisors that could be offered an alert (active ones; a retired one keeps its alerts' history). */
export async function activeDemoAdvisors(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>('select count(*)::int as n from advisors where demo and active');
  return r.rows[0]!.n;
}

export class DemoDataInProduction extends Error {
  constructor(readonly advisors: number) {
    super(`refusing to start with NODE_ENV=production: the database holds ${advisors} active fictional demo advisors ` +
      `(advisors.demo), who would be offered real alerts. Remove them with \`npm run db:seed -- --remove-demo\`, ` +
      `or set ALLOW_DEMO_DATA=1 if this deployment is a demonstration.`);
    this.name = 'DemoDataInProduction';
  }
}

/** Throws DemoDataInProduction when production meets active demo rows and ALLOW_DEMO_DATA is not set. */
export async function refuseDemoDataInProduction(db: Queryable, opts: { production: boolean; allowDemoData: boolean }): Promise<void> {
  if (!opts.production || opts.allowDemoData) return;
  const n = await activeDemoAdvisors(db);
  if (n > 0) throw new DemoDataInProduction(n);
}

/**
 * `npm run db:seed -- --remove-demo`: deletes the demo advisors no alert refers to; the others (offered or
 * assigned an alert, whose history must stay whole) are deactivated and taken off duty, never offered again.
 */
export async function removeDemoData(db: Db): Promise<{ deleted: number; retired: number }> {
  return db.tx(async (q) => {
    const deleted = await q.query(
      `delete from advisors a where a.demo
         and not exists (select 1 from alerts where assigned_advisor_id = a.id)
         and not exists (select 1 from alert_offers where advisor_id = a.id)`,
    );
    const retired = await q.query(
      `update advisors set active = false, availability = 'OFF_DUTY', deactivated_at = coalesce(deactivated_at, now()),
              changed_at = clock_timestamp()
       where demo and active`,
    );
    return { deleted: deleted.rowCount, retired: retired.rowCount };
  });
}
