import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { readFileSync } from 'node:fs';
const db = await PGlite.create({ extensions: { postgis } });
await db.exec(`create extension postgis; create table districts (consulate_id text primary key, geom geometry);
create table counties (fips text, consulate_id text, geom geometry); create table seed_state (x int);`);
const sql = readFileSync('db/migrations/0016_district_display_levels.sql', 'utf8');
await db.exec(sql.slice(sql.indexOf('create table county_display')));
try { await db.exec(`insert into districts values ('a', 'POINT(0 0)')`); console.log('ok1'); } catch (e) { console.log('e1', (e as Error).message); }
try { await db.exec(`select rebuild_district_display(array['a'])`); console.log('ok2'); } catch (e) { console.log('e2', (e as Error).message); }
