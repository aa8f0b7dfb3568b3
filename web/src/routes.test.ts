import { expect, it } from 'vitest';
import { routeOf } from './routes';

it('routes by path, tolerating a trailing slash, and defaults to the console', () => {
  expect(routeOf('/')).toBe('console');
  expect(routeOf('')).toBe('console');
  expect(routeOf('/officer')).toBe('officer');
  expect(routeOf('/officer/')).toBe('officer');
  expect(routeOf('/alert')).toBe('alert');
  expect(routeOf('/ALERT')).toBe('alert');
  expect(routeOf('/alerts')).toBe('console');
  expect(routeOf('/somewhere')).toBe('console');
});
