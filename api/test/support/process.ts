import { spawn, type ChildProcess } from 'node:child_process';
import { TEST_SECRET } from './server.js';

/** The real entry point as a child process: what `npm start` runs. */
export function startProcess(env: Record<string, string>): { child: ChildProcess; output: () => string; url: Promise<string> } {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
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

