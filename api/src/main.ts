/**
 * Entry point of the server: reads its configuration from the environment (`loadConfig`; only `LOG_LEVEL`
 * is read elsewhere, by `log.ts` when it loads, so that logging works before the configuration does),
 * opens the database and starts the server. The CLIs in `cli/` are entry points of their own.
 */
import { loadConfig } from './config.js';
import { openServingDatabase } from './db/startup.js';
import { startServer } from './http/server.js';
import { log } from './log.js';
import { startMessage } from './startMessage.js';

async function main() {
  const config = loadConfig();
  // `npm start -- --demo`: the fictional demo advisors, as SEED_DEMO=1 (api/src/db/demoData.ts).
  const db = await openServingDatabase(config, config.ops.seedDemo || process.argv.includes('--demo'));
  const server = await startServer(db, config);
  log.info('server.started', { url: server.url, graphql: `${server.url}/graphql`, database: db.kind });
  if (config.jwtSecretSource === 'dev-file') {
    // Development only: say how to get in, without printing a token into the log.
    console.log(startMessage(server.url, config.devSignIn));
  }

  // The one owner of the shutdown, the same in every NODE_ENV (Apollo's own signal handler is off): drain
  // HTTP and WebSockets (server.close), then close the pool, then exit 0. The force timer only guards a hang.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const t0 = Date.now();
    log.info('server.stopping', { signal, graceMs: config.ops.shutdownGraceMs });
    const force = setTimeout(() => {
      log.error('server.stop_timeout', { ms: Date.now() - t0 });
      process.exit(1);
    }, config.ops.shutdownGraceMs + 15_000);
    force.unref();
    try {
      const drained = await server.close();
      await db.close();
      log.info('server.stopped', {
        signal,
        ms: Date.now() - t0,
        requestsInFlight: drained.http.inFlightAtStart,
        requestsAnswered: drained.http.answered,
        requestsCut: drained.http.cut,
        webSocketsClosed: drained.webSockets,
        auditRowsFlushed: drained.auditRows,
      });
      process.exit(0);
    } catch (err) {
      log.error('server.stop_failed', { err: err as Error });
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  log.error('server.start_failed', { errName: (err as Error).name, message: (err as Error).message });
  // The log line keeps 200 characters; the whole reason (what to set, what to remove) goes to stderr.
  console.error(`\nAlerta Consular did not start: ${(err as Error).message}\n`);
  process.exit(1);
});
