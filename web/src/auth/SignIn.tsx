import { useState, type FormEvent } from 'react';
import { useAppConfig } from '../config/useAppConfig';
import { useI18n, LanguageSwitch } from '../i18n/I18n';
import type { TokenProblem } from './session';
import type { Messages } from '../i18n/es';
import { DevAdvisorSignIn } from './DevAdvisorSignIn';
import { devToken, useDevConsulates } from './devApi';
import { DevConsulatePicker } from './DevConsulatePicker';

interface Props {
  problem: TokenProblem | null;
  onSubmit(token: string): void;
  /** Wording for another screen's sign-in (the field officer's); default: the console's. */
  texts?: Pick<Messages['signIn'], 'heading' | 'help' | 'label' | 'submit' | 'problems'>;
  /** Offer the development sign-in: as an operator (the console) or as an advisor (/officer); the server must also allow it. */
  dev?: boolean | 'advisor';
}

export function SignIn({ problem, onSubmit, texts, dev = false }: Props) {
  const { t: all } = useI18n();
  const t = { signIn: texts ?? all.signIn };
  const config = useAppConfig();
  const [token, setToken] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(token);
  };
  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-heading">
        <div className="sign-in-top">
          <h1 id="sign-in-heading">{t.signIn.heading}</h1>
          <LanguageSwitch />
        </div>
        <p>{t.signIn.help}</p>
        <label htmlFor="token">{t.signIn.label}</label>
        {/* A password field: the token is a credential and must not show on a shared screen. */}
        <input
          id="token"
          data-testid="token-input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          required
        />
        {problem ? (
          <p className="form-error" role="alert" data-testid="sign-in-error">
            {t.signIn.problems[problem]}
          </p>
        ) : null}
        <button type="submit">{t.signIn.submit}</button>
      </form>
      {dev && config?.devSignIn ? dev === 'advisor' ? <DevAdvisorSignIn onToken={onSubmit} /> : <DevSignIn onToken={onSubmit} /> : null}
    </main>
  );
}

/**
 * Development only: sign in as the operator of any seeded consulate, or as a supervisor, without
 * minting a token by hand. The server offers it only with the generated development secret.
 */
function DevSignIn({ onToken }: { onToken(token: string): void }) {
  const { t } = useI18n();
  const { consulates, failed, setFailed } = useDevConsulates();
  const [consulateId, setConsulateId] = useState('losangeles');
  const signIn = async (role: 'OPERATOR' | 'SUPERVISOR') => {
    setFailed(false);
    try {
      onToken(await devToken({ role, consulateId }));
    } catch {
      setFailed(true);
    }
  };
  return (
    <section className="dev-sign-in" data-testid="dev-sign-in" aria-labelledby="dev-sign-in-heading">
      <h2 id="dev-sign-in-heading">{t.signIn.devHeading}</h2>
      <DevConsulatePicker consulates={consulates} value={consulateId} onChange={setConsulateId} />
      <div className="dev-buttons">
        <button type="button" data-testid="dev-operator" disabled={consulates.length === 0} onClick={() => void signIn('OPERATOR')}>
          {t.signIn.devOperator}
        </button>
        <button type="button" data-testid="dev-supervisor" onClick={() => void signIn('SUPERVISOR')}>
          {t.signIn.devSupervisor}
        </button>
      </div>
      {failed ? <p className="form-error" role="alert">{t.signIn.devError}</p> : null}
    </section>
  );
}
