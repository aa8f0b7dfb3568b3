import type { AlertStatus } from '../gql/graphql';

/**
 * One colour per status, shared by the list badges and the map circles so an operator can match a
 * dot to a row at a glance. Red = nobody has it yet; amber = being handled; grey = closed.
 */
export const STATUS_COLORS: Record<AlertStatus, string> = {
  RAISED: '#d32f2f',
  ESCALATED: '#8e24aa',
  OFFERED: '#f57c00',
  ACKNOWLEDGED: '#f9a825',
  EN_ROUTE: '#1e88e5',
  ON_SCENE: '#00897b',
  RESOLVED: '#757575',
  CANCELLED: '#9e9e9e',
};

export const UNKNOWN_STATUS_COLOR = '#424242';

/** A style expression colouring a feature by its `status` property (same palette as the list). */
export function statusColorExpression(): unknown[] {
  const pairs = Object.entries(STATUS_COLORS).flat();
  return ['match', ['get', 'status'], ...pairs, UNKNOWN_STATUS_COLOR];
}
