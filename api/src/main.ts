/** Entry point: the only place that reads the environment, opens the database and starts the server. */
import { loadConfig } from './config.js';
import { openDatabase, prepareDatabase } from './db/open.js';
import { startServer } from './http/server.js';
import { log } from './log.js';

async function main() {
  const config = loadConfig();
  const db = await openDatabase(config);
  await prepareDatabase(db);
  const server = await startServer(db, config);
  log.info('server.started', { url: server.url, graphql: `${server.url}/graphql`, database: db.kind });
  if (config.jwtSecretSource === 'dev-file') {
    // Development only: say how to get in, without printing a token into the log.
    console.log(`\n  Alerta Consular is running at ${server.url}\n` +
      (config.devSignIn ? `  Open it on this machine and pick a seeded operator (development sign-in), or\n` : '') +
      `  get an operator token:  npm run token -- --role OPERATOR --consulate losangeles\n` +
      `  then open ${server.url}/#token=<token>\n`);
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
