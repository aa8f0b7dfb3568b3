import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_SECRET } from './server.js';

/**
 * What `npm start` runs once the web app is built: the command after the last `&&` of its script (read from
 * package.json, so the test follows it); `node` is this Node, anything else is resolved in node_modules/.bin.
 */
export function npmStartCommand(): { command: string; args: string[] } {
  const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [bin, ...args] = script.split('&&').at(-1)!.trim().split(/\s+/);
  return { command: bin === 'node' ? process.execPath : join('node_modules', '.bin', bin!), args };
}

/**
 * The real entry point as a child process (NODE_ENV=test unless `env` says otherwise). `npmStart`: through
 * the same command `npm start` runs (tsx CLI as parent), instead of node with tsx's loader.
 */
export function startProcess(env: Record<string, string>, opts: { npmStart?: boolean } = {}): { child: ChildProcess; output: () => string; url: Promise<string> } {
  let out = '';
  const { command, args } = opts.npmStart ? npmStartCommand() : { command: process.execPath, args: ['--import', 'tsx', 'api/src/main.ts'] };
  const child = spawn(command, args, {
    env: { ...process.env, NODE_ENV: 'test', AUTH_JWT_SECRET: TEST_SECRET, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = new Promise<string>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /"event":"server.started","url":"([^"]+)"/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${out.slice(-2000)}`)));
  });
  return { child, output: () => out, url };
}

/** Sends `signal` and resolves to the exit code. */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.kill(signal);
  return exited;
}

/** The fields of the last log line of `event` in a process's output. */
export function lastLogLine(output: string, event: string): Record<string, unknown> | null {
  const lines = output.split('\n').filter((l) => l.includes(`"event":"${event}"`));
  return lines.length ? (JSON.parse(lines.at(-1)!) as Record<string, unknown>) : null;
}
