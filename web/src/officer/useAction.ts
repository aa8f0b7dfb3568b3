import { useCallback, useState } from 'react';
import type { Outcome } from '../field/retry';

export interface ActionState {
  /** Which action is in flight, e.g. "claim". */
  pending: string | null;
  /** The code of the last failure, shown until the next try. */
  error: string | null;
  run<T>(name: string, act: () => Promise<Outcome<T>>, onOk: (value: T) => void): Promise<void>;
}

/** One action at a time per card, with its failure code kept for display. */
export function useAction(): ActionState {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async <T,>(name: string, act: () => Promise<Outcome<T>>, onOk: (value: T) => void) => {
    setPending(name);
    setError(null);
    try {
      const r = await act();
      if (r.ok) onOk(r.value);
      else setError(r.code);
    } catch {
      setError('UNKNOWN');
    } finally {
      setPending(null);
    }
  }, []);
  return { pending, error, run };
}
