import { readFileSync, readdirSync } from 'node:fs';

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
