/**
 * Entry point of the server: reads its configuration from the environment (`loadConfig`; only `LOG_LEVEL`
 * is read elsewhere, by `log.ts` when it loads, so that logging works before the configuration does),
 * opens the database and starts the server. The CLIs in `cli/` are entry points of their own.
 */
import { loadConfig } from './config.js';
import { openDatabase, prepareDatabase } from './db/open.js';
import { startServer } from './http/server.js';
import { log } from './log.js';
import { startMessage } from './startMessage.js';

async function main() {
  const config = loadConfig();
  const db = await openDatabase(config);
  await prepareDatabase(db);
  const server = await startServer(db, config);
  log.info('server.started', { url: server.url, graphql: `${server.url}/graphql`, database: db.kind });
  if (config.jwtSecretSource === 'dev-file') {
    // Development only: say how to get in, without printing a token into the log.
    console.log(startMessage(server.url, config.devSignIn));
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('server.stopping', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await server.close();
      await db.close();
      log.info('server.stopped', {});
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
  process.exit(1);
});
