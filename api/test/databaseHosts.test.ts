import { describe, expect, it } from 'vitest';
import { databaseHosts } from '../src/db/primary.js';

describe('database host lists (DATABASE_URLS, libpq multi-host DATABASE_URL)', () => {
  it('a single connection string stays as it is', () => {
    expect(databaseHosts('postgres://app:pw@db.internal:5432/alerta?sslmode=require')).toEqual(['postgres://app:pw@db.internal:5432/alerta?sslmode=require']);
  });

  it('DATABASE_URLS: one connection string per host, separated by commas', () => {
    expect(databaseHosts('postgres://u@a:5432/db, postgresql://u@b:5433/db')).toEqual(['postgres://u@a:5432/db', 'postgresql://u@b:5433/db']);
  });

  it("libpq's multi-host form becomes one string per host, credentials and options kept, target_session_attrs dropped", () => {
    expect(databaseHosts('postgres://u:p@a:5432,b:5433/db?target_session_attrs=read-write&sslmode=require')).toEqual([
      'postgres://u:p@a:5432/db?sslmode=require',
      'postgres://u:p@b:5433/db?sslmode=require',
    ]);
    expect(databaseHosts('postgres://a:1,b:2/db?target_session_attrs=read-write')).toEqual(['postgres://a:1/db', 'postgres://b:2/db']);
  });
});
