import { useEffect, useState } from 'react';
import { createApiClient, type ApiClient } from './client';

/**
 * One API client per token (null: anonymous), disposed (its socket closed) when the token changes or the
 * component goes. Created in an effect, not during render, so StrictMode's remount cannot reuse a
 * disposed client. Null until the first client exists.
 */
export function useApiClient(token: string | null): ApiClient | null {
  const [api, setApi] = useState<ApiClient | null>(null);
  useEffect(() => {
    const a = createApiClient(token);
    setApi(a);
    return () => a.dispose();
  }, [token]);
  return api;
}
