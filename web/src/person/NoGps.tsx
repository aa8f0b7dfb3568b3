import { useQuery } from 'urql';
import { useI18n } from '../i18n/I18n';
import { PersonCitiesQuery } from './documents';
import type { ChosenCity } from './store';

/** How far from the consulate's city the person may be: the alert says the location is this rough. */
export const CITY_ACCURACY_M = 50_000;

export interface ApproximatePlace {
  location: { lat: number; lon: number; accuracyM: number };
  note: string;
}

/** The alert's location and note for a city picked without GPS. */
export const approximatePlace = (city: ChosenCity, note: (label: string) => string): ApproximatePlace => ({
  location: { lat: city.lat, lon: city.lon, accuracyM: CITY_ACCURACY_M },
  note: note(city.label),
});

/**
 * No GPS (denied, unavailable, or no fix in time): the alert still goes out. The person names the city
 * they are near once (it is remembered); the alert button then sends at once, routed there with a 50 km
 * accuracy and a note saying why, and the control room calls them back for the rest. A location never
 * stops an alert, and there is no second button to find in a hurry.
 */
export function NoGps({ chosen, onChoose }: { chosen: ChosenCity | null; onChoose(city: ChosenCity | null): void }) {
  const { t } = useI18n();
  const [cities] = useQuery({ query: PersonCitiesQuery });
  const list = (cities.data?.consulates ?? []).filter((c) => !c.isFallback).sort((a, b) => a.city.localeCompare(b.city));
  const choose = (id: string) => {
    const c = list.find((x) => x.id === id);
    onChoose(c ? { id: c.id, label: `${c.city}, ${c.state}`, lat: c.location.lat, lon: c.location.lon } : null);
  };
  return (
    <section className="no-gps" data-testid="no-gps" aria-labelledby="no-gps-heading">
      <h2 id="no-gps-heading">{t.person.noGps.heading}</h2>
      <p>{chosen ? t.person.noGps.ready(chosen.label) : t.person.noGps.help}</p>
      {cities.error && !cities.data && !chosen ? (
        <p className="field-error" role="alert">{t.person.noGps.error}</p>
      ) : (
        <>
          <label htmlFor="no-gps-city">{t.person.noGps.city}</label>
          <select id="no-gps-city" data-testid="no-gps-city" value={chosen?.id ?? ''} onChange={(e) => choose(e.target.value)} disabled={!cities.data}>
            <option value="">{cities.data ? t.person.noGps.choose : chosen ? chosen.label : t.person.noGps.loading}</option>
            {list.map((c) => (
              <option key={c.id} value={c.id}>
                {c.city}, {c.state}
              </option>
            ))}
          </select>
        </>
      )}
    </section>
  );
}
