import { useCallback, useEffect, useRef, useState } from "react";
import { useRequest } from "./session";

export interface QueryState<TData> {
  data: TData | undefined;
  /** Message of the latest failure; cleared by the next success. */
  error: string | null;
  /** True until the first response (or failure) for the current variables. */
  loading: boolean;
  reload: () => void;
}

export interface QueryOptions {
  /** Repeats the query this long after each response ends; requests never overlap. */
  pollMs?: number;
  /** Keeps the previous data on screen while new variables load, for example while a slider moves. */
  keepPreviousData?: boolean;
}

/**
 * Runs a GraphQL query whenever its variables change, and optionally polls it. Pass null as variables to skip
 * the query. While polling, the last data stays on screen when a later request fails.
 */
export function useQuery<TData, TVariables>(
  query: string,
  variables: TVariables | null,
  options: QueryOptions = {},
): QueryState<TData> {
  const request = useRequest();
  const [data, setData] = useState<TData | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(variables !== null);
  const [generation, setGeneration] = useState(0);
  const key = variables === null ? null : JSON.stringify(variables);
  const variablesRef = useRef(variables);
  variablesRef.current = variables;
  const { pollMs, keepPreviousData = false } = options;

  useEffect(() => {
    if (key === null) {
      setLoading(false);
      return undefined;
    }
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    let firstRun = true;
    setLoading(true);
    if (!keepPreviousData) {
      setData(undefined);
    }
    setError(null);

    const run = async () => {
      // A hidden tab skips its polls; the next visible one refreshes the data.
      if (pollMs !== undefined && document.hidden && !firstRun) {
        timer = setTimeout(() => void run(), pollMs);
        return;
      }
      firstRun = false;
      controller = new AbortController();
      try {
        const result = await request<TData, TVariables>(query, variablesRef.current as TVariables, controller.signal);
        if (cancelled) return;
        setData(result);
        setError(null);
      } catch (failure) {
        if (cancelled) return;
        setError(failure instanceof Error ? failure.message : String(failure));
      }
      setLoading(false);
      if (pollMs !== undefined && !cancelled) {
        timer = setTimeout(() => void run(), pollMs);
      }
    };
    void run();
    return () => {
      cancelled = true;
      controller?.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [query, key, pollMs, keepPreviousData, request, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}
