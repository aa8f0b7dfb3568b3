import { useEffect, useRef } from 'react';

/**
 * Escape closes the panel, as it closes any dialog, from anywhere on the page. A key another control
 * already handled (an open select's list, which Escape folds first) is left alone.
 */
export function useEscapeToClose(onClose: () => void): void {
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
      close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
