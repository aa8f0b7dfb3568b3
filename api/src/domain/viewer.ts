/** Who is calling, as proven by their token. Anonymous callers have no Viewer. */
export type Role = 'PERSON' | 'ADVISOR' | 'OPERATOR' | 'SUPERVISOR';
export const ROLES: readonly Role[] = ['PERSON', 'ADVISOR', 'OPERATOR', 'SUPERVISOR'];

export interface Viewer {
  role: Role;
  /** Token subject: for a PERSON, their person id. */
  sub: string;
  /** OPERATOR only: the consulate they work for. */
  consulateId?: string;
  /** ADVISOR only. */
  advisorId?: string;
  /** Token expiry, seconds since the epoch. */
  exp: number;
}
