import { useState, type FormEvent } from 'react';
import { useI18n, LanguageSwitch } from '../i18n/I18n';
import type { TokenProblem } from './session';
import type { Messages } from '../i18n/es';

interface Props {
  problem: TokenProblem | null;
  onSubmit(token: string): void;
  /** Wording for another screen's sign-in (the field officer's); default: the console's. */
  texts?: Messages['signIn'];
}

export function SignIn({ problem, onSubmit, texts }: Props) {
  const { t: all } = useI18n();
  const t = { signIn: texts ?? all.signIn };
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
    </main>
  );
}
