import { useCallback, useEffect, useState } from 'react';
import { isFetchError, useFetchClient } from '@strapi/strapi/admin';
import type { ErrorBody } from '../../../shared/contracts';
import { PLUGIN_ID } from '../pluginId';

/** The server's error body of a failed request, when there is one. */
const errorBodyOf = (error: unknown): ErrorBody['error'] | undefined =>
  isFetchError(error) ? (error.response?.data as Partial<ErrorBody> | undefined)?.error : undefined;

/** Every plugin route lives under `/<plugin id>` on the admin API. */
export const apiPath = (path: string) => `/${PLUGIN_ID}${path}`;

/** The server's own message (it says what is wrong and how to fix it), or `fallback`. */
export const errorMessage = (error: unknown, fallback: string): string => errorBodyOf(error)?.message || fallback;

/** The server's `details` of a failed request (what the error is about, e.g. the file's columns). */
export const errorDetails = (error: unknown): Record<string, unknown> =>
  (errorBodyOf(error)?.details as Record<string, unknown> | undefined) ?? {};

/** Per-field messages of a 400 VALIDATION_ERROR (`details.errors`), keyed by the field's path. */
export const fieldErrors = (error: unknown): Record<string, string> =>
  Object.fromEntries(
    (errorBodyOf(error)?.details?.errors ?? []).map((e) => [(e.path ?? '').replace(/\[\d+\]$/, ''), e.message])
  );

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
