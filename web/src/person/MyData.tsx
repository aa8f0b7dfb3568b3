import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useI18n } from '../i18n/I18n';
import { errorCode } from '../graphql/errors';
import { PERSON_LANGUAGES, screenLanguage } from '../field/languages';
import { DeleteMyDataMutation, MeQuery, UpdateProfileMutation } from './documents';

/** What the service keeps about the person, the language its messages use, and "delete my data". */
export function MyData({ language, onForget }: { language: string; onForget(why: string | null): void }) {
  const { t, setLang } = useI18n();
  const m = t.person.myData;
  const [{ data }] = useQuery({ query: MeQuery });
  const me = data?.me;
  const [choice, setChoice] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [, update] = useMutation(UpdateProfileMutation);
  const [, remove] = useMutation(DeleteMyDataMutation);
  const current = choice ?? me?.preferredLanguage ?? language;

  const save = async () => {
    const r = await update({ input: { preferredLanguage: current } });
    if (r.error) return setError(errorCode(r.error));
    setSaved(true);
    setLang(screenLanguage(current));
  };
  const erase = async () => {
    const r = await remove({});
    if (r.error) return setError(errorCode(r.error));
    onForget(null);
  };

  return (
    <details className="field-card my-data">
      <summary>{m.heading}</summary>
      {me ? (
        <p>
          {me.displayName ? `${m.name}: ${me.displayName} · ` : ''}
          {m.contacts(me.trustedContacts.length)}
        </p>
      ) : null}
      <label htmlFor="my-language">{m.language}</label>
      <div className="row-actions">
        <select id="my-language" value={current} onChange={(e) => (setChoice(e.target.value), setSaved(false))}>
          {PERSON_LANGUAGES.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void save()}>
          {m.save}
        </button>
      </div>
      {saved ? <p className="field-ok">{m.saved}</p> : null}
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-label={m.delete}>
          <p>{m.deleteConfirm}</p>
          <div className="row-actions">
            <button type="button" className="danger" onClick={() => void erase()}>
              {m.yes}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {m.no}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {m.delete}
        </button>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {t.person.errors[error] ?? t.errors[error] ?? t.errors.UNKNOWN} ({error})
        </p>
      ) : null}
    </details>
  );
}
