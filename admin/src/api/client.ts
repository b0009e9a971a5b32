import { useCallback, useEffect, useState } from 'react';
import { isFetchError, useFetchClient } from '@strapi/strapi/admin';
import { PLUGIN_ID } from '../pluginId';

/** Every plugin route lives under `/<plugin id>` on the admin API. */
export const apiPath = (path: string) => `/${PLUGIN_ID}${path}`;

/** The server's own message (it says what is wrong and how to fix it), or `fallback`. */
export const errorMessage = (error: unknown, fallback: string): string => {
  if (isFetchError(error)) {
    const message = error.response?.data?.error?.message;
    if (message) return message;
  }
  return fallback;
};

/** Per-field messages of a 400 VALIDATION_ERROR (`details.errors`), keyed by the field's path. */
export const fieldErrors = (error: unknown): Record<string, string> => {
  if (!isFetchError(error)) return {};
  const details = error.response?.data?.error?.details as { errors?: { path?: string; message: string }[] } | undefined;
  return Object.fromEntries((details?.errors ?? []).map((e) => [(e.path ?? '').replace(/\[\d+\]$/, ''), e.message]));
};

export interface Resource<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
  reload: () => void;
}

type Params = Record<string, string | number | undefined>;

/** GETs a plugin route and keeps the last answer while a new one loads (no flashing tables). */
export const useApiGet = <T>(
  path: string | null,
  params: Params = {},
  fallbackError = 'Request failed'
): Resource<T> => {
  const { get } = useFetchClient();
  const [state, setState] = useState<{ data: T | null; loading: boolean; error: string | null }>({
    data: null,
    loading: path !== null,
    error: null,
  });
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // Params arrive as a fresh object each render: key the effect on their content.
  const paramsKey = JSON.stringify(params);

  useEffect(() => {
    if (path === null) return undefined;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const query = Object.fromEntries(
      Object.entries(JSON.parse(paramsKey) as Params).filter(([, v]) => v !== undefined && v !== '')
    );
    get<T>(apiPath(path), { params: query, signal: controller.signal })
      .then(({ data }) => setState({ data, loading: false, error: null }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ data: s.data, loading: false, error: errorMessage(error, fallbackError) }));
      });
    return () => controller.abort();
  }, [get, path, paramsKey, version, fallbackError]);

  return { ...state, reload };
};

/** Saves a blob (CSV export, sample file) under `filename` through a temporary link. */
export const saveBlob = (blob: Blob, filename: string) => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};
