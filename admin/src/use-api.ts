import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api';

export interface Loaded<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  reload(): void;
}

/** GETs `path` (null: nothing yet) and reloads when it changes; the last answer wins. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is how reload() asks for the same path again
  useEffect(() => {
    if (path === null) return;
    const call = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    api<T>(path).then(
      (data) => call === latest.current && setState({ data, error: null, loading: false }),
      (error: Error) => call === latest.current && setState({ data: null, error, loading: false }),
    );
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
