/** The three screens one build serves; the API server answers every one of these paths with index.html. */
export type Route = 'console' | 'officer' | 'alert';

export function routeOf(pathname: string): Route {
  const p = pathname.replace(/\/+$/, '').toLowerCase();
  if (p === '/officer') return 'officer';
  if (p === '/alert') return 'alert';
  return 'console';
}
