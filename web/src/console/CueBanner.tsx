import { useI18n } from '../i18n/I18n';
import type { Cue } from './cue';

/** The visual half of the cue: a banner naming the alert (by its short code), which opens it. */
export function CueBanner({ cue, count, onSelect }: { cue: Cue | null; count: number; onSelect(id: string): void }) {
  const { t } = useI18n();
  if (!cue) return null;
  return (
    // key: a new cue restarts the flash animation.
    <button key={count} type="button" className={`cue cue-${cue.kind}`} data-testid="cue" data-kind={cue.kind} data-alert-id={cue.alertId} role="alert" onClick={() => onSelect(cue.alertId)}>
      {t.cue[cue.kind](cue.shortCode)}
    </button>
  );
}
