import { useQuery } from 'urql';
import { graphql } from '../gql';
import { useI18n } from '../i18n/I18n';
import { UNCERTAINTY_COLORS } from '../map/uncertainCounties';

/** How well the operator's district is known: counts per provenance and evidence strength. */
export const DistrictEvidenceQuery = graphql(`
  query ConsoleDistrictEvidence($consulateId: ID!) {
    district(consulateId: $consulateId) {
      countyCount
      provenance { sourced recalled inferred corrected }
      evidence { strong medium weak ungraded uncertain }
      counties { fips name state provenance evidenceStrength uncertain }
    }
  }
`);

interface Props {
  /** The operator's consulate; a supervisor (null) sees only the shading switch. */
  consulateId: string | null;
  shading: boolean;
  onShadingChange(on: boolean): void;
  shadingError: boolean;
}

/**
 * The district's evidence in one box over the map, with the switch that shades the counties where routing
 * is uncertain (inferred, recalled or weakly sourced): a control room then sees where an alert may have
 * come to the wrong office, and which counties to verify first (docs/DISTRICTS.md).
 */
export function DistrictEvidence({ consulateId, shading, onShadingChange, shadingError }: Props) {
  const { t } = useI18n();
  const d = t.districts;
  const [result] = useQuery({ query: DistrictEvidenceQuery, variables: { consulateId: consulateId ?? '' }, pause: !consulateId });
  const district = result.data?.district;
  return (
    <section className="map-evidence" aria-label={d.heading} data-testid="district-evidence">
      {district ? (
        <>
          <h2>{d.heading}: {d.counties(district.countyCount)}</h2>
          <ul>
            <li data-testid="evidence-sourced">
              {d.sourced} {district.provenance.sourced} ({d.strong} {district.evidence.strong}, {d.medium} {district.evidence.medium},{' '}
              {d.weak} {district.evidence.weak}, {d.ungraded} {district.evidence.ungraded})
            </li>
            <li>{d.recalled} {district.provenance.recalled} · {d.inferred} {district.provenance.inferred} · {d.corrected} {district.provenance.corrected}</li>
            <li data-testid="evidence-uncertain"><strong>{d.uncertain(district.evidence.uncertain)}</strong></li>
          </ul>
          <UncertainList counties={district.counties.filter((c) => c.uncertain)} />
        </>
      ) : null}
      <button type="button" data-testid="uncertain-toggle" aria-pressed={shading} onClick={() => onShadingChange(!shading)}>
        {shading ? d.shadeOff : d.shade}
      </button>
      {shading ? (
        <ul className="evidence-legend">
          <li><span className="legend-swatch" style={{ background: UNCERTAINTY_COLORS.INFERRED }} /> {d.legendInferred}</li>
          <li><span className="legend-swatch" style={{ background: UNCERTAINTY_COLORS.WEAK }} /> {d.legendWeak}</li>
        </ul>
      ) : null}
      {shadingError ? <p role="status" className="evidence-error">{d.loadError}</p> : null}
    </section>
  );
}

interface CountyEvidence {
  fips: string;
  name: string;
  state: string;
  provenance: string;
  evidenceStrength?: string | null;
}

/** The district's uncertain counties by name, each with why: the list to verify first. */
function UncertainList({ counties }: { counties: CountyEvidence[] }) {
  const { t } = useI18n();
  const d = t.districts;
  if (counties.length === 0) return null;
  const why = (c: CountyEvidence) => (c.provenance === 'I' ? d.inferred : c.provenance === 'R' ? d.recalled : d.weak).toLowerCase();
  return (
    <details className="evidence-counties">
      <summary>{d.listUncertain(counties.length)}</summary>
      <ul data-testid="uncertain-counties">
        {counties.map((c) => (
          <li key={c.fips}>{c.name}, {c.state}: {why(c)}</li>
        ))}
      </ul>
    </details>
  );
}
