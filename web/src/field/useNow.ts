import { useEffect, useState } from 'react';

/** The current time, re-read every `ms`: one timer per screen for ages and countdowns. */
export function useNow(ms = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
