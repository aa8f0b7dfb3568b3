import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useI18n } from '../i18n/I18n';

/** Press and hold this long to arm the alert: a brush against the screen in a pocket does not count. */
export const HOLD_MS = 2_000;
/** Then this long to take it back before it is sent. */
export const CANCEL_WINDOW_S = 3;

type Phase = 'idle' | 'holding' | 'countdown';

interface Props {
  onFire(): void;
  /** A press is waiting for the first position. */
  waiting: boolean;
}

export function AlertButton({ onFire, waiting }: Props) {
  const { t } = useI18n();
  const b = t.person.button;
  const [phase, setPhase] = useState<Phase>('idle');
  const [left, setLeft] = useState(CANCEL_WINDOW_S);
  const [aborted, setAborted] = useState(false);
  const hold = useRef<ReturnType<typeof setTimeout> | null>(null);
  const fire = useRef(onFire);
  useEffect(() => {
    fire.current = onFire;
  }, [onFire]);

  const stopHold = () => {
    if (hold.current) clearTimeout(hold.current);
    hold.current = null;
  };
  useEffect(() => stopHold, []);

  const press = () => {
    if (phase !== 'idle' || waiting) return;
    setAborted(false);
    setPhase('holding');
    hold.current = setTimeout(() => {
      hold.current = null;
      setLeft(CANCEL_WINDOW_S);
      setPhase('countdown');
    }, HOLD_MS);
  };
  const release = () => {
    if (phase !== 'holding') return;
    stopHold();
    setPhase('idle');
  };

  // The cancel window: counts down, then sends.
  useEffect(() => {
    if (phase !== 'countdown') return;
    if (left <= 0) {
      setPhase('idle');
      fire.current();
      return;
    }
    const id = setTimeout(() => setLeft((n) => n - 1), 1_000);
    return () => clearTimeout(id);
  }, [phase, left]);

  if (phase === 'countdown') {
    return (
      <section className="countdown" aria-live="assertive" data-testid="countdown">
        <p className="countdown-text">{b.countdown(left)}</p>
        <button type="button" className="abort big" data-testid="abort-button" autoFocus onClick={() => (setPhase('idle'), setAborted(true))}>
          {b.abort}
        </button>
      </section>
    );
  }

  const onPointerDown = (e: PointerEvent<HTMLButtonElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    press();
  };
  const onKey = (down: boolean) => (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== ' ' && e.key !== 'Enter') return;
    e.preventDefault();
    if (down && !e.repeat) press();
    if (!down) release();
  };

  return (
    <section className="alert-button-wrap">
      <p className="hint">{b.hint}</p>
      <button
        type="button"
        className={`alert-button${phase === 'holding' ? ' holding' : ''}`}
        data-testid="alert-button"
        data-phase={waiting ? 'waiting' : phase}
        aria-describedby="alert-button-state"
        onPointerDown={onPointerDown}
        onPointerUp={release}
        onPointerCancel={release}
        onLostPointerCapture={release}
        onKeyDown={onKey(true)}
        onKeyUp={onKey(false)}
        onContextMenu={(e) => e.preventDefault()}
        style={{ ['--hold-ms' as string]: `${HOLD_MS}ms` }}
      >
        <span className="alert-button-label">{b.label}</span>
        <span className="hold-ring" aria-hidden="true" />
      </button>
      <p id="alert-button-state" className="hint" role="status">
        {waiting ? t.person.location.pending : phase === 'holding' ? b.holding : aborted ? b.aborted : ''}
      </p>
    </section>
  );
}
