/**
 * Runs in every test worker: captures every structured log line the code under test writes, and after
 * the file's tests fails if any line holds what must never be logged (a token, a precise coordinate,
 * a phone number). Child processes are checked the same way in process.test.ts.
 */
import { afterAll, expect } from 'vitest';
import { setLogSink } from '../../src/log.js';

const lines: string[] = [];
setLogSink({ write: (line) => void lines.push(line) }, 'debug');

export const FORBIDDEN: Array<[string, RegExp]> = [
  ['a JWT', /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}/],
  ['a precise coordinate', /(?<![\d:T])-?\d{1,3}\.\d{4,}(?!\d*Z)/],
  ['a phone number', /\+\d[\d ()-]{7,}\d/],
];

/** The first forbidden thing a log line holds, if any (timestamps aside). */
export const leakIn = (line: string): string | null => FORBIDDEN.find(([, re]) => re.test(line.replace(/"t":"[^"]*"/, '')))?.[0] ?? null;

afterAll(() => {
  for (const [what] of FORBIDDEN) {
    const leak = lines.find((l) => leakIn(l) === what);
    expect(leak, `a log line contains ${what}`).toBeUndefined();
  }
});
