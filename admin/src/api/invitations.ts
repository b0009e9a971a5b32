import { useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import type { CsvMappingRequest, ImportReport, Invitation, InviteRequest, InviteResponse, ListPage } from '../types';
import { apiPath, useApiGet } from './client';

/** The Invites Sent list: GET /invitations with status, search, sort and page. */
export const useInvitationList = (
  params: { page: number; pageSize: number; status?: string; search?: string; sort: string },
  fallbackError: string
) => useApiGet<ListPage<Invitation>>('/invitations', params, fallbackError);

/** Every change to invitations the panel makes; each answers the server's body. */
export const useInvitationActions = () => {
  const { get, post } = useFetchClient();
  return useMemo(
    () => ({
      invite: async (body: InviteRequest) => (await post<InviteResponse>(apiPath('/invitations'), body)).data,
      resend: async (documentId: string) =>
        (await post<{ data: Invitation }>(apiPath(`/invitations/${documentId}/resend`))).data.data,
      reissue: async (documentId: string) =>
        (await post<{ data: Invitation }>(apiPath(`/invitations/${documentId}/reissue`))).data.data,
      link: async (documentId: string) =>
        (await get<{ data: { link: string } }>(apiPath(`/invitations/${documentId}/link`))).data.data.link,
      revoke: async (body: { ids: string[]; reason: string; note?: string }) =>
        (await post<{ data: Invitation[] }>(apiPath('/invitations/revoke'), body)).data.data,
    }),
    [get, post]
  );
};

/** CSV import: a dry run or a commit of one file, and the sample file. */
export const useCsvImport = () => {
  const { get, post } = useFetchClient();
  return useMemo(
    () => ({
      /** A dry run or a commit; `mapping` (field → header) replaces the columns' recognition. */
      run: async (file: File, dryRun: boolean, mapping?: CsvMappingRequest) => {
        const body = new FormData();
        body.append('file', file);
        if (mapping) body.append('mapping', JSON.stringify(mapping));
        return (await post<ImportReport>(apiPath(`/import?dryRun=${dryRun}`), body)).data;
      },
      sample: async () => (await get<Blob>(apiPath('/import/sample'), { responseType: 'blob' })).data,
    }),
    [get, post]
  );
};
