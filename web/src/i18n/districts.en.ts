import type { districtsEs } from './districts.es';

export const districtsEn: typeof districtsEs = {
  heading: 'District evidence',
  counties: (n: number) => `${n} counties`,
  sourced: 'Sourced',
  strong: 'strong',
  medium: 'medium',
  weak: 'weak',
  ungraded: 'ungraded (1st pass)',
  recalled: 'Recalled',
  inferred: 'Inferred',
  corrected: 'Corrected',
  uncertain: (n: number) => `${n} uncertain: routing may be wrong there`,
  listUncertain: (n: number) => `Show the ${n} uncertain counties`,
  shade: 'Shade uncertain counties',
  shadeOff: 'Remove shading',
  legendInferred: 'Inferred or recalled',
  legendWeak: 'Weakly sourced',
  loadError: 'Could not load the uncertain counties.',
};
