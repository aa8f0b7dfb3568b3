import { useI18n } from '../i18n/I18n';
import type { Announcer as AnnouncerState } from './useAnnouncer';

/**
 * The live region screen readers read out (present from the start: a region added with its text is
 * often not read), and the switch for sound and vibration. A repeated text gets a trailing no-break
 * space every other time, so it is read again.
 */
export function Announcer({ announcer }: { announcer: AnnouncerState }) {
  const { t } = useI18n();
  const a = t.officer.announce;
  const { current, count, sound, setSound } = announcer;
  const text = current ? (current.kind === 'progress' ? a.progress(current.shortCode, t.status[current.status]) : a[current.kind](current.shortCode)) : '';
  return (
    <div className="announcer">
      <p
        className={current ? `announcement announcement-${current.kind}` : 'announcement'}
        role="status"
        aria-live={current?.kind === 'duress' || current?.kind === 'offer' ? 'assertive' : 'polite'}
        aria-atomic="true"
        data-testid="announcement"
        data-kind={current?.kind ?? ''}
        data-alert-id={current?.alertId ?? ''}
      >
        {text + (count % 2 ? '\u00a0' : '')}
      </p>
      <button type="button" aria-pressed={sound} data-testid="sound-switch" onClick={() => setSound(!sound)}>
        {sound ? a.soundOn : a.soundOff}
      </button>
    </div>
  );
}
