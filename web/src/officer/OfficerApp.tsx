import { useCallback, useState } from 'react';
import { Provider } from 'urql';
import { I18nProvider, useI18n } from '../i18n/I18n';
import type { Messages } from '../i18n/es';
import { SignIn } from '../auth/SignIn';
import { checkTokenFor, type Session, type TokenProblem } from '../auth/session';
import { useApiClient } from '../graphql/useApiClient';
import { clearOfficerSession, saveOfficerToken } from './officerSession';
import { OfficerView } from './OfficerView';
import '../field/field.css';

interface Start {
  session: Session | null;
  problem: TokenProblem | null;
}

function start(token: string | null): Start {
  if (token === null) return { session: null, problem: null };
  const r = checkTokenFor(token, ['ADVISOR']);
  if ('session' in r) return { session: r.session, problem: null };
  clearOfficerSession();
  return { session: null, problem: r.problem };
}

const officerTitle = (t: Messages) => t.officer.title;

/** /officer: a PALE lawyer or protection officer in the field, signed in with an ADVISOR token. */
export function OfficerApp({ initialToken }: { initialToken: string | null }) {
  const [{ session, problem }, setState] = useState<Start>(() => start(initialToken));
  const signIn = useCallback((token: string) => {
    const next = start(token);
    if (next.session) saveOfficerToken(next.session.token);
    setState(next);
  }, []);
  const signOut = useCallback(() => {
    clearOfficerSession();
    setState({ session: null, problem: null });
  }, []);

  return (
    <I18nProvider title={officerTitle}>
      <div className="field">
        {session ? <OfficerClient key={session.token} session={session} onSignOut={signOut} /> : <OfficerSignIn problem={problem} onSubmit={signIn} />}
      </div>
    </I18nProvider>
  );
}

function OfficerSignIn(props: { problem: TokenProblem | null; onSubmit(token: string): void }) {
  const { t } = useI18n();
  return <SignIn {...props} texts={t.officer.signIn} dev="advisor" />;
}

/** One API client per token. */
function OfficerClient({ session, onSignOut }: { session: Session; onSignOut(): void }) {
  const api = useApiClient(session.token);
  if (!api) return null;
  return (
    <Provider value={api.urql}>
      <OfficerView api={api} advisorId={session.claims.advisorId ?? ''} onSignOut={onSignOut} />
    </Provider>
  );
}
