import { useCallback, useRef, useState } from 'react';
import { playCue } from '../console/sound';
import type { CueKind } from '../console/cue';
import { browserStorage, readJson, writeJson } from '../field/storage';
import type { Announcement, AnnouncementKind } from './announce';

const SOUND_KEY = 'alerta.officer.sound';

/** The console's synthesised beeps (no audio file, works offline), mapped to what the officer must do. */
const SOUND: Record<AnnouncementKind, CueKind> = { duress: 'duress', offer: 'escalated', assigned: 'escalated', released: 'new', progress: 'new', nearby: 'new' };
/** In the field the phone is in a pocket: the pattern alone says how urgent it is. */
const VIBRATION: Record<AnnouncementKind, number[]> = {
  duress: [300, 100, 300, 100, 300],
  offer: [200, 100, 200],
  assigned: [200, 100, 200],
  released: [150],
  progress: [150],
  nearby: [150],
};

export interface Announcer {
  /** The latest announcement and how many so far (a repeat of the same text must be read again). */
  current: Announcement | null;
  count: number;
  sound: boolean;
  setSound(on: boolean): void;
  announce(a: Announcement): void;
}

const isBool = (v: unknown): v is boolean => typeof v === 'boolean';

/** Offers and progress, said three ways: an aria-live region (always), and sound and vibration (switchable). */
export function useAnnouncer(): Announcer {
  const [current, setCurrent] = useState<Announcement | null>(null);
  const [count, setCount] = useState(0);
  const [sound, setSoundState] = useState(() => readJson(browserStorage(), SOUND_KEY, isBool) ?? true);
  const soundRef = useRef(sound);
  const setSound = useCallback((on: boolean) => {
    writeJson(browserStorage(), SOUND_KEY, on);
    soundRef.current = on;
    setSoundState(on);
  }, []);
  const announce = useCallback((a: Announcement) => {
    setCurrent(a);
    setCount((n) => n + 1);
    if (!soundRef.current) return;
    playCue(SOUND[a.kind]);
    try {
      navigator.vibrate?.(VIBRATION[a.kind]);
    } catch {
      // No vibration motor, or the browser refuses it without a gesture: the text and sound remain.
    }
  }, []);
  return { current, count, sound, setSound, announce };
}
