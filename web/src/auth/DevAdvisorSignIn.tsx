import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18n';
import { devAdvisors, devToken, useDevConsulates, type DevAdvisor } from './devApi';
import { DevConsulatePicker } from './DevConsulatePicker';

/**
 * Development only, on /officer: pick a consulate, then one of its seeded (active) advisors, and sign
 * in as them, as the console's panel does for operators. The server offers it only with DEV_SIGN_IN.
 */
export function DevAdvisorSignIn({ onToken }: { onToken(token: string): void }) {
  const { t } = useI18n();
  const d = t.officer.signIn.dev;
  const { consulates, failed, setFailed } = useDevConsulates();
  const [consulateId, setConsulateId] = useState('losangeles');
  const [advisors, setAdvisors] = useState<DevAdvisor[] | null>(null);
  const [advisorId, setAdvisorId] = useState('');

  useEffect(() => {
    let live = true;
    setAdvisors(null);
    devAdvisors(consulateId)
      .then((list) => {
        if (!live) return;
        setAdvisors(list);
        setAdvisorId(list[0]?.id ?? '');
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [consulateId]);

  const signIn = async () => {
    setFailed(false);
    try {
      onToken(await devToken({ role: 'ADVISOR', advisorId }));
    } catch {
      setFailed(true);
    }
  };
  return (
    <section className="dev-sign-in" data-testid="dev-sign-in" aria-labelledby="dev-advisor-heading">
      <h2 id="dev-advisor-heading">{d.heading}</h2>
      <DevConsulatePicker consulates={consulates} value={consulateId} onChange={setConsulateId} />
      <label htmlFor="dev-advisor">{d.advisor}</label>
      <select id="dev-advisor" data-testid="dev-advisor" value={advisorId} onChange={(e) => setAdvisorId(e.target.value)} disabled={!advisors?.length}>
        {advisors === null ? <option value="">{d.loading}</option> : advisors.length === 0 ? <option value="">{d.none}</option> : null}
        {(advisors ?? []).map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} · {t.availability[a.availability as keyof typeof t.availability] ?? a.availability}
          </option>
        ))}
      </select>
      <div className="dev-buttons">
        <button type="button" data-testid="dev-advisor-sign-in" disabled={!advisorId} onClick={() => void signIn()}>
          {d.submit}
        </button>
      </div>
      {failed ? <p className="form-error" role="alert">{t.signIn.devError}</p> : null}
    </section>
  );
}
