import { expect, it } from 'vitest';
import { formatSpan } from './format';

it('formats ages compactly', () => {
  expect(formatSpan(-500)).toBe('0 s');
  expect(formatSpan(12_400)).toBe('12 s');
  expect(formatSpan(5 * 60_000 + 59_000)).toBe('5 min');
  expect(formatSpan(2 * 3_600_000)).toBe('2 h');
  expect(formatSpan(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
});
