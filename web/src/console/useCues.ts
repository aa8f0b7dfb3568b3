import { useCallback, useEffect, useState } from 'react';
import { cueFor, type Cue } from './cue';
import type { AlertEvent, AlertState } from './fold';
import { playCue } from './sound';

const SOUND_KEY = 'alerta.console.sound';
const SHOW_MS = 10_000;

export interface CueState {
  /** The latest cue, shown until a newer one or 10 s pass. */
  current: Cue | null;
  /** Cues so far this session (the banner restarts its animation on each). */
  count: number;
  sound: boolean;
  setSound(on: boolean): void;
  /** For useAlertStream: called with the state before each event. */
  onEvent(before: AlertState, event: AlertEvent): void;
}

/** The audible and visual cue for new, DURESS and ESCALATED alerts in the operator's scope. */
export function useCues(consulateId: string | null): CueState {
  const [current, setCurrent] = useState<Cue | null>(null);
  const [count, setCount] = useState(0);
  const [sound, setSoundState] = useState(() => localStorage.getItem(SOUND_KEY) !== 'off');
  const setSound = useCallback((on: boolean) => {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
    setSoundState(on);
  }, []);

  const onEvent = useCallback(
    (before: AlertState, event: AlertEvent) => {
      const cue = cueFor(before, event, consulateId);
      if (!cue) return;
      // A duress cue is never hidden behind a later, lesser one.
      setCurrent((shown) => (shown?.kind === 'duress' && cue.kind !== 'duress' && shown.alertId !== cue.alertId ? shown : cue));
      setCount((n) => n + 1);
      if (sound) playCue(cue.kind);
    },
    [consulateId, sound],
  );

  useEffect(() => {
    if (!current) return;
    const id = setTimeout(() => setCurrent(null), SHOW_MS);
    return () => clearTimeout(id);
  }, [current, count]);

  return { current, count, sound, setSound, onEvent };
}
