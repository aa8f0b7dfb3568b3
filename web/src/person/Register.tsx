import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { useI18n } from '../i18n/I18n';
import { errorCode } from '../graphql/errors';
import { PERSON_LANGUAGES, screenLanguage } from '../field/languages';
import { RegisterPersonMutation } from './documents';
import { MAX_CONTACTS, checkRegistration, toRegisterInput, type RegistrationForm } from './registration';
import type { PersonRecord } from './store';

export function Register({ onRegistered }: { onRegistered(p: PersonRecord): void }) {
  const { t, lang, setLang } = useI18n();
  const r = t.person.register;
  const [form, setForm] = useState<RegistrationForm>({ displayName: '', preferredLanguage: lang, contacts: [{ name: '', phone: '' }], cancelPin: '', duressPin: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, register] = useMutation(RegisterPersonMutation);
  const set = (over: Partial<RegistrationForm>) => {
    setProblem(null);
    setForm((f) => ({ ...f, ...over }));
  };
  const setContact = (i: number, over: Partial<RegistrationForm['contacts'][number]>) =>
    setForm((f) => ({ ...f, contacts: f.contacts.map((c, j) => (j === i ? { ...c, ...over } : c)) }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = checkRegistration(form);
    if (local) return setProblem(r.problems[local]);
    setProblem(null);
    const res = await register({ input: toRegisterInput(form) });
    const reg = res.data?.registerPerson;
    if (!reg) {
      const code = res.error ? errorCode(res.error) : 'UNKNOWN';
      return setProblem(`${t.person.errors[code] ?? t.errors[code] ?? t.errors.UNKNOWN} (${code})`);
    }
    setLang(screenLanguage(reg.person.preferredLanguage));
    onRegistered({ token: reg.token, language: reg.person.preferredLanguage });
  };

  const pin = (id: 'cancelPin' | 'duressPin', label: string, help: string) => (
    <div className="field-group">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={id}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        pattern="\d{4,8}"
        minLength={4}
        maxLength={8}
        required
        value={form[id]}
        onChange={(e) => set({ [id]: e.target.value.replace(/\D/g, '') })}
        aria-describedby={`${id}-help`}
      />
      <p id={`${id}-help`} className="help">
        {help}
      </p>
    </div>
  );

  return (
    <form className="field-card register" onSubmit={(e) => void submit(e)} aria-labelledby="reg-h" data-testid="register-form">
      <h2 id="reg-h">{r.heading}</h2>
      <p>{r.intro}</p>
      <div className="field-group">
        <label htmlFor="displayName">{r.displayName}</label>
        <input id="displayName" data-testid="displayName" autoComplete="name" maxLength={80} value={form.displayName} onChange={(e) => set({ displayName: e.target.value })} />
      </div>
      <div className="field-group">
        <label htmlFor="preferredLanguage">{r.language}</label>
        <select id="preferredLanguage" data-testid="preferredLanguage" value={form.preferredLanguage} onChange={(e) => set({ preferredLanguage: e.target.value })}>
          {PERSON_LANGUAGES.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="contacts">
        <legend>{r.contacts}</legend>
        {form.contacts.map((c, i) => (
          <div className="contact-row" key={i}>
            <input aria-label={r.contactName} placeholder={r.contactName} data-testid={`contact-name-${i}`} maxLength={80} value={c.name} onChange={(e) => setContact(i, { name: e.target.value })} />
            <input aria-label={r.contactPhone} placeholder={r.contactPhone} data-testid={`contact-phone-${i}`} type="tel" autoComplete="off" maxLength={32} value={c.phone} onChange={(e) => setContact(i, { phone: e.target.value })} />
            <button type="button" onClick={() => set({ contacts: form.contacts.filter((_, j) => j !== i) })}>
              {r.removeContact}
            </button>
          </div>
        ))}
        {form.contacts.length < MAX_CONTACTS ? (
          <button type="button" onClick={() => set({ contacts: [...form.contacts, { name: '', phone: '' }] })}>
            {r.addContact}
          </button>
        ) : null}
      </fieldset>
      {pin('cancelPin', r.cancelPin, r.cancelPinHelp)}
      {pin('duressPin', r.duressPin, r.duressPinHelp)}
      {problem ? (
        <p className="field-error" role="alert" data-testid="register-error">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="primary big" data-testid="register-submit" disabled={fetching}>
        {r.submit}
      </button>
    </form>
  );
}
