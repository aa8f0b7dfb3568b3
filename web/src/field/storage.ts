/**
 * JSON values in localStorage that never throw: private mode or a full disk leaves the screens
 * working, only without memory across reloads.
 */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function browserStorage(): KeyValue | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function readJson<T>(s: KeyValue | null, key: string, valid: (v: unknown) => v is T): T | null {
  try {
    const raw = s?.getItem(key);
    if (raw === null || raw === undefined) return null;
    const v: unknown = JSON.parse(raw);
    return valid(v) ? v : null;
  } catch {
    return null;
  }
}

export function writeJson(s: KeyValue | null, key: string, value: unknown): void {
  try {
    if (value === null) s?.removeItem(key);
    else s?.setItem(key, JSON.stringify(value));
  } catch {
    /* not remembered: fine */
  }
}

/** An in-memory KeyValue, for tests. */
export function memoryStorage(): KeyValue & { dump(): Record<string, string> } {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    dump: () => Object.fromEntries(m),
  };
}
