import { describe } from 'vitest';
import { backends } from './db.js';

/** Whether this run has a real PostgreSQL + PostGIS server (TEST_DATABASE_URL is set). */
export const hasPostgres = (): boolean => backends().includes('postgres');

/** Put in the name of every case skipped for want of a real server, so the newcomer's run says why. */
export const SKIPPED_WITHOUT_POSTGRES = 'real PostgreSQL only, skipped without TEST_DATABASE_URL';

/**
 * A suite that only a real PostgreSQL can run (several connections, several processes, its catalogues).
 * It is declared on every run and skipped, with the reason in its name, when there is no server. Never
 * `describe.each(backends().filter(...))`: without TEST_DATABASE_URL that declares nothing, and a file
 * that declares nothing fails ("No test suite found in file"), and with it the newcomer's `npm test`
 * (`npm run check:tests-declared` fails when any file would).
 */
export function describePostgres(name: string, why: string, body: (backend: 'postgres') => void): void {
  describe.skipIf(!hasPostgres())(`${name} (${SKIPPED_WITHOUT_POSTGRES}: ${why})`, () => body('postgres'));
}
