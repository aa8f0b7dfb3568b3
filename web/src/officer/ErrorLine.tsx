import { useI18n } from '../i18n/I18n';

/** A failure by its code (schema/README.md "Error codes"), in words, with the code kept for support. */
export function ErrorLine({ code }: { code: string | null }) {
  const { t } = useI18n();
  if (code === null) return null;
  return (
    <p className="field-error" role="alert" data-testid="action-error" data-code={code}>
      {t.officer.errors[code] ?? t.errors[code] ?? t.errors.UNKNOWN} <span className="code">({code})</span>
    </p>
  );
}
