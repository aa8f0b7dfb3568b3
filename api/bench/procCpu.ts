import { readFileSync, readdirSync } from 'node:fs';
import type { Queryable } from '../src/db/types.js';

/**
 * The fields of /proc/<pid>/stat after the command (which may hold spaces): state, ppid, … utime at 11, stime at
 * 12. Throws when there is no such process (it ended meanwhile, or this is not Linux).
 */
export function statFields(pid: number | string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
}

/** CPU seconds (user + system) in `statFields`. */
export const cpuOfStat = (f: string[]): number => (Number(f[11]) + Number(f[12])) / 100; // USER_HZ is 100 on Linux

/**
 * CPU seconds used so far (user + system, from /proc) by every process `match` picks by its pid and its
 * parent's: the database's own work or an API process's, apart from the rest of a shared machine.
 */
export function cpuSeconds(match: (pid: number, ppid: number) => boolean): number {
  let seconds = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let f: string[];
    try {
      f = statFields(entry);
    } catch {
      continue; // ended meanwhile
    }
    if (match(Number(entry), Number(f[1]))) seconds += cpuOfStat(f);
  }
  return seconds;
}

/**
 * The CPU seconds of the database cluster `q` is connected to (its postmaster and every process it started),
 * found through a backend's parent; NaN ever after when that backend is not a process of this machine.
 */
export async function clusterCpu(q: Queryable): Promise<() => number> {
  const backend = (await q.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  let postmaster: number;
  try {
    // The pid is the server's: on another machine this one may be any process, or none.
    if (readFileSync(`/proc/${backend}/comm`, 'utf8').trim() !== 'postgres') return () => NaN;
    postmaster = Number(statFields(backend)[1]);
  } catch {
    return () => NaN;
  }
  return () => cpuSeconds((pid, ppid) => pid === postmaster || ppid === postmaster);
}
