import { useCallback, useState } from 'react';
import { I18nProvider } from './i18n/I18n';
import { SignIn } from './auth/SignIn';
import { Console } from './console/Console';
import { checkToken, clearToken, saveToken, type Session, type TokenProblem } from './auth/session';

interface Start {
  session: Session | null;
  problem: TokenProblem | null;
}

function start(token: string | null): Start {
  if (token === null) return { session: null, problem: null };
  const r = checkToken(token);
  if ('session' in r) return { session: r.session, problem: null };
  clearToken(); // a stored token that no longer works would otherwise come back on every reload
  return { session: null, problem: r.problem };
}

export function App({ initialToken }: { initialToken: string | null }) {
  const [{ session, problem }, setState] = useState<Start>(() => start(initialToken));

  const signIn = useCallback((token: string) => {
    const next = start(token);
    if (next.session) saveToken(next.session.token);
    setState(next);
  }, []);
  const signOut = useCallback(() => {
    clearToken();
    setState({ session: null, problem: null });
  }, []);

  return (
    <I18nProvider>
      {session ? <Console key={session.token} session={session} onSignOut={signOut} /> : <SignIn problem={problem} onSubmit={signIn} dev />}
    </I18nProvider>
  );
}
