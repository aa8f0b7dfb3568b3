import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const heapFlags = (command: string) => command.match(/--(?:initial-old-space-size|max-old-space-size|max-semi-space-size|initial-heap-size)=\d+/g) ?? [];

/**
 * The service runs with room in its old generation (docs/DESIGN.md, "The service's heap"): with V8's default
 * sizing the old generation was collected every few seconds under load, and the slowest raises clustered
 * around those collections. The benchmark hosts the service in its own process, so it must run with the
 * same flags to measure what production runs.
 */
describe('the heap the service runs with', () => {
  it('npm start gives the old generation 256 MB, and npm run bench the same', () => {
    expect(heapFlags(scripts.start!)).toEqual(['--initial-old-space-size=256']);
    expect(heapFlags(scripts.bench!)).toEqual(heapFlags(scripts.start!));
  });

  it('tsx hands the flag to the Node process that runs the service', () => {
    const argv = execFileSync('node_modules/.bin/tsx', [...heapFlags(scripts.start!), '-e', 'process.stdout.write(JSON.stringify(process.execArgv))'], { encoding: 'utf8' });
    expect(JSON.parse(argv)).toContain('--initial-old-space-size=256');
  });
});
