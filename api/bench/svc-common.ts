/** Shared by the service benchmark's parts: one clock for every process, percentiles, the doc writer. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Milliseconds on CLOCK_MONOTONIC since `base` (a process.hrtime.bigint() taken by the main process):
 * the same clock in the server and in the load generator processes, so a send time taken in one and
 * an arrival time taken in another can be subtracted.
 */
export function clockFrom(base: bigint): () => number {
  return () => Number(process.hrtime.bigint() - base) / 1e6;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles; NaN everywhere for no samples. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const s = Float64Array.from(samples).sort();
  const pct = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  let sum = 0;
  for (const x of s) sum += x;
  return { n: s.length, p50: pct(50), p95: pct(95), p99: pct(99), max: s[s.length - 1]!, mean: sum / s.length };
}

export const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');
export const verdict = (ok: boolean): string => (ok ? '**met**' : '**not met**');

/** Counts of errors by `extensions.code` (or a transport failure's name). */
export type ErrorCounts = Record<string, number>;
export function addError(counts: ErrorCounts, code: string): void {
  counts[code] = (counts[code] ?? 0) + 1;
}
export const errorsText = (c: ErrorCounts): string =>
  Object.keys(c).length === 0 ? 'none' : Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ');

/** The exact document the published person app sends (web/src/gql/persisted-documents.json). */
export const RAISE_DOCUMENT =
  'mutation PersonRaiseAlert($input: RaiseAlertInput!) { raiseAlert(input: $input) { consulate { id name } createdAt id status } }';
export const EVENTS_DOCUMENT = 'subscription { alertEvents { cursor type alert { id status } } }';
export const REPORT_LOCATION_DOCUMENT =
  'mutation ($location: LocationInput!) { reportAdvisorLocation(location: $location) { id locationAt } }';

/** Replaces the section between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`, or appends it. */
export function writeSection(file: string, name: string, body: string): void {
  const START = `<!-- bench:${name}:start -->`;
  const END = `<!-- bench:${name}:end -->`;
  const block = `${START}\n${body}\n${END}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\nMeasured numbers, each section written by its script.\n';
  const a = current.indexOf(START);
  const b = current.indexOf(END);
  const next = a >= 0 && b > a ? current.slice(0, a) + block + current.slice(b + END.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
