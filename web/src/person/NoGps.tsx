import { useState } from 'react';
import { useQuery } from 'urql';
import { useI18n } from '../i18n/I18n';
import { PersonCitiesQuery } from './documents';

/** How far from the consulate's city the person may be: the alert says the location is this rough. */
export const CITY_ACCURACY_M = 50_000;

export interface ApproximatePlace {
  location: { lat: number; lon: number; accuracyM: number };
  note: string;
}

/**
 * No GPS (denied, unavailable, or no fix in time): the alert still goes out. The person names the city
 * they are near, the alert is routed there with a 50 km accuracy and a note saying why, and the control
 * room calls them back for the rest. A location never stops an alert.
 */
export function NoGps({ onSend }: { onSend(place: ApproximatePlace): void }) {
  const { t } = useI18n();
  const [cities] = useQuery({ query: PersonCitiesQuery });
  const [chosen, setChosen] = useState('');
  const list = (cities.data?.consulates ?? []).filter((c) => !c.isFallback).sort((a, b) => a.city.localeCompare(b.city));
  const city = list.find((c) => c.id === chosen);
  return (
    <section className="no-gps" data-testid="no-gps" aria-labelledby="no-gps-heading">
      <h2 id="no-gps-heading">{t.person.noGps.heading}</h2>
      <p>{t.person.noGps.help}</p>
      {cities.error && !cities.data ? (
        <p className="field-error" role="alert">{t.person.noGps.error}</p>
      ) : (
        <>
          <label htmlFor="no-gps-city">{t.person.noGps.city}</label>
          <select id="no-gps-city" data-testid="no-gps-city" value={chosen} onChange={(e) => setChosen(e.target.value)} disabled={!cities.data}>
            <option value="">{cities.data ? t.person.noGps.choose : t.person.noGps.loading}</option>
            {list.map((c) => (
              <option key={c.id} value={c.id}>
                {c.city}, {c.state}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="no-gps-send"
            data-testid="no-gps-send"
            disabled={!city}
            onClick={() => city && onSend({ location: { lat: city.location.lat, lon: city.location.lon, accuracyM: CITY_ACCURACY_M }, note: t.person.noGps.note(`${city.city}, ${city.state}`) })}
          >
            {t.person.noGps.send}
          </button>
        </>
      )}
    </section>
  );
}
