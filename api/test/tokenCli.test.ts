import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../src/auth/jwt.js';
import { devSecret } from '../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'alerta-token-'));
const run = (args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'api/src/cli/token.ts', ...args], {
    env: { ...process.env, DATA_DIR: dir, AUTH_JWT_SECRET: '', NODE_ENV: 'development' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

describe('npm run token', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints an operator token the server (sharing DATA_DIR) accepts, with the consulate claim', async () => {
    const token = run(['--role', 'OPERATOR', '--consulate', 'losangeles']);
    const viewer = await verifyToken(token, { secret: devSecret(dir) });
    expect(viewer).toMatchObject({ role: 'OPERATOR', consulateId: 'losangeles' });
    expect(viewer.exp * 1000).toBeGreaterThan(Date.now());
  });

  it('--help and -h print the usage and exit 0; an unknown option is refused with the usage, not a stack trace', () => {
    for (const flag of ['--help', '-h']) {
      const usage = run([flag]);
      expect(usage).toContain('--role');
      expect(usage).toContain('npm run token -- --role OPERATOR --consulate losangeles');
    }
    let failed: { status: number; stderr: string } | undefined;
    try {
      run(['--bogus']);
    } catch (err) {
      failed = err as { status: number; stderr: string };
    }
    expect(failed?.status).toBe(2);
    expect(failed?.stderr).toMatch(/Unknown option '--bogus'[\s\S]*--role/);
    expect(failed?.stderr).not.toMatch(/\n\s+at /); // no stack frames
  });

  it('refuses an operator token without a consulate, and an unknown role', () => {
    expect(() => run(['--role', 'OPERATOR'])).toThrow(/--consulate/);
    expect(() => run(['--role', 'ADMIN'])).toThrow(/--role must be one of/);
  });
});
