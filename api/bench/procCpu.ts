import { readFileSync, readdirSync } from 'node:fs';
import type { Queryable } from '../src/db/types.js';

/**
 * CPU seconds used so far (user + system, from /proc) by every process `match` picks by its pid and its
 * parent's: the database's own work or an API process's, apart from the rest of a shared machine.
 */
export function cpuSeconds(match: (pid: number, ppid: number) => boolean): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // Fields after the command (which may hold spaces) start at ") ": state ppid ... utime(14) stime(15).
    const f = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    if (match(Number(entry), Number(f[1]))) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / 100; // USER_HZ is 100 on Linux
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
    const stat = readFileSync(`/proc/${backend}/stat`, 'utf8');
    postmaster = Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[1]);
  } catch {
    return () => NaN;
  }
  return () => cpuSeconds((pid, ppid) => pid === postmaster || ppid === postmaster);
}
