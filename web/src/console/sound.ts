import type { CueKind } from './cue';

/** Beeps per cue: one for a new alert, two for escalated, three quick high ones for duress. */
const PATTERNS: Record<CueKind, { hz: number; beeps: number; ms: number }> = {
  new: { hz: 880, beeps: 1, ms: 180 },
  escalated: { hz: 660, beeps: 2, ms: 200 },
  duress: { hz: 1320, beeps: 3, ms: 140 },
};

let audio: AudioContext | null = null;

/**
 * Browsers start audio suspended until the page gets a gesture; the operator's first click anywhere
 * (signing in counts when it happens in this page) unlocks it for the whole shift.
 */
function context(): AudioContext | null {
  if (audio) return audio;
  const Ctor = typeof window === 'undefined' ? undefined : window.AudioContext;
  if (!Ctor) return null;
  audio = new Ctor();
  const unlock = () => void audio?.resume();
  window.addEventListener('pointerdown', unlock, { once: true });
  window.addEventListener('keydown', unlock, { once: true });
  return audio;
}

/** Plays a cue's pattern (synthesised: no audio file to fetch, works offline). Never throws. */
export function playCue(kind: CueKind): void {
  try {
    const ctx = context();
    if (!ctx) return;
    if (ctx.state === 'suspended') void ctx.resume();
    const { hz, beeps, ms } = PATTERNS[kind];
    const t0 = ctx.currentTime + 0.01;
    for (let i = 0; i < beeps; i++) {
      const start = t0 + (i * ms * 1.6) / 1000;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.3, start + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + ms / 1000);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + ms / 1000 + 0.02);
    }
  } catch {
    // A console without sound still shows the visual cue.
  }
}
