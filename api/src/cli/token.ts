/**
 * Prints a signed token: `npm run token -- --role OPERATOR --consulate losangeles`
 *   --role PERSON|ADVISOR|OPERATOR|SUPERVISOR  --sub ID  --consulate ID  --advisor ID  --ttl SECONDS
 * Uses AUTH_JWT_SECRET, or the development secret kept in DATA_DIR (the one the server uses).
 */
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config.js';
import { signToken } from '../auth/jwt.js';
import { ROLES, type Role } from '../domain/viewer.js';

const USAGE = `Prints a signed token for this server (development and tests).

  npm run token -- --role OPERATOR --consulate losangeles
  npm run token -- --role SUPERVISOR
  npm run token -- --role ADVISOR --advisor <advisor uuid>
  npm run token -- --role PERSON [--sub <id>]

Options:
  --role       ${ROLES.join(' | ')} (required)
  --consulate  the operator's consulate id (required for OPERATOR)
  --advisor    the advisor's id (required for ADVISOR)
  --sub        the subject (default: a new id for a PERSON, else derived from the role)
  --ttl        lifetime in seconds
  -h, --help   this text

Signs with AUTH_JWT_SECRET, or with the development secret kept in DATA_DIR (the one the server uses).
Open the console with a token: http://localhost:4000/#token=<token>`;

let parsed;
try {
  parsed = parseArgs({
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      consulate: { type: 'string' },
      advisor: { type: 'string' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (err) {
  // An unknown or malformed option: say which, and how to call it, not a stack trace.
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const role = (values.role ?? '').toUpperCase() as Role;
if (!ROLES.includes(role)) {
  console.error(`--role must be one of ${ROLES.join(', ')}`);
  process.exit(2);
}
if (role === 'OPERATOR' && !values.consulate) {
  console.error('an OPERATOR token needs --consulate <id>, e.g. --consulate losangeles');
  process.exit(2);
}
if (role === 'ADVISOR' && !values.advisor) {
  console.error('an ADVISOR token needs --advisor <advisor uuid>');
  process.exit(2);
}
const config = loadConfig();
const token = await signToken(
  {
    role,
    sub: values.sub ?? (role === 'PERSON' ? randomUUID() : `${role.toLowerCase()}-${values.consulate ?? values.advisor ?? 'hq'}`),
    ...(values.consulate ? { consulateId: values.consulate } : {}),
    ...(values.advisor ? { advisorId: values.advisor } : {}),
    ...(values.ttl ? { ttlSeconds: Number(values.ttl) } : {}),
  },
  config.jwt,
);
console.log(token);
