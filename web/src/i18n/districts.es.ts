/** The console's district evidence panel and uncertain-county shading (web/src/console/DistrictEvidence.tsx). */
export const districtsEs = {
  heading: 'Evidencia del distrito',
  counties: (n: number) => `${n} condados`,
  sourced: 'Con fuente',
  strong: 'fuerte',
  medium: 'media',
  weak: 'débil',
  ungraded: 'sin grado (1.ª pasada)',
  recalled: 'De memoria',
  inferred: 'Inferidos',
  corrected: 'Corregidos',
  uncertain: (n: number) => `${n} inciertos: el ruteo puede equivocarse allí`,
  shade: 'Sombrear condados inciertos',
  shadeOff: 'Quitar sombreado',
  legendInferred: 'Inferido o de memoria',
  legendWeak: 'Fuente débil',
  loadError: 'No se pudieron cargar los condados inciertos.',
};
