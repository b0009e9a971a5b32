import { useFetchClient } from '@strapi/strapi/admin';
import { useCallback } from 'react';
import type { AuditEvent, ListPage } from '../types';
import { apiPath, useApiGet } from './client';

export type AuditQuery = Record<string, string | undefined>;

export const useAuditEvents = (query: AuditQuery, params: { page: number; pageSize: number }, fallbackError: string) =>
  useApiGet<ListPage<AuditEvent>>('/audit-events', { ...query, ...params }, fallbackError);

/** The filtered log as a CSV file (formulae neutralised by the server). */
export const useAuditExport = () => {
  const { get } = useFetchClient();
  return useCallback(
    async (query: AuditQuery) =>
      (await get<Blob>(apiPath('/audit-events/export'), { params: query, responseType: 'blob' })).data,
    [get]
  );
};
