import { useEffect, useState } from 'react';
import { errorMessage } from './api/client.ts';

export type Loaded<T> = { data?: T; error?: string; loading: boolean };

/** Loads once per change of `deps`; a later answer never overwrites a newer one. */
export function useLoad<T>(load: () => Promise<{ data?: { $data: T }; error?: unknown }>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  const effect = () => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(({ data, error }) => {
      if (!current) return;
      setState(data ? { data: data.$data, loading: false } : { error: errorMessage(error), loading: false });
    });
    return () => {
      current = false;
    };
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what its load depends on
  useEffect(effect, deps);
  return state;
}
