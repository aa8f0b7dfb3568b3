import { useCallback, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { I18nProvider, LanguageSwitch, useI18n } from '../i18n/I18n';
import type { Messages } from '../i18n/es';
import { useApiClient } from '../graphql/useApiClient';
import { personStore, type PersonRecord } from './store';
import { Register } from './Register';
import { PersonHome } from './PersonHome';
import { raiseQueue } from './offline/delivery';
import '../field/field.css';

const personTitle = (t: Messages) => t.person.title;

/** /alert: the person's alert button. Registers once, then keeps its PERSON token on the phone. */
export function PersonApp() {
  return (
    <I18nProvider title={personTitle}>
      <div className="field person">
        <PersonRoot />
      </div>
    </I18nProvider>
  );
}

function PersonRoot() {
  const { t } = useI18n();
  const store = useMemo(() => personStore(), []);
  const [person, setPerson] = useState<PersonRecord | null>(() => store.person());
  const [notice, setNotice] = useState<string | null>(null);
  // Anonymous until registered (registerPerson is public), then authorised with the person's token.
  const api = useApiClient(person?.token ?? null);

  const registered = useCallback(
    (p: PersonRecord) => {
      store.setPerson(p);
      setNotice(null);
      setPerson(p);
    },
    [store],
  );
  /** The token was refused, or the person deleted their data: back to registration. */
  const forget = useCallback(
    (why: string | null) => {
      store.clear();
      void raiseQueue().clear(); // a saved press carries the token: it goes with it
      setNotice(why);
      setPerson(null);
    },
    [store],
  );

  if (!api) return null;
  return (
    <Provider value={api.urql}>
      <header className="field-header">
        <h1>{t.person.title}</h1>
        <LanguageSwitch />
      </header>
      <main className="field-main">
        {notice ? (
          <p className="field-banner" role="alert">
            {notice}
          </p>
        ) : null}
        {person ? <PersonHome key={person.token} api={api} person={person} store={store} onForget={forget} /> : <Register onRegistered={registered} />}
      </main>
    </Provider>
  );
}
