import { useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import type { JoinLink, JoinLinkRequest, JoinLinkWithUrl, ListPage } from '../types';
import { apiPath, useApiGet } from './client';

/** Join links, newest first: of one organization, of the partner program, or all. */
export const useJoinLinkList = (
  params: { page: number; pageSize: number; organization?: string; partnerProgram?: 'true'; search?: string },
  fallbackError: string
) => useApiGet<ListPage<JoinLink>>('/join-links', params, fallbackError);

/** Every change to join links the panel makes. Create, copy and rotate answer the URL to share. */
export const useJoinLinkActions = () => {
  const { get, post } = useFetchClient();
  return useMemo(
    () => ({
      create: async (body: JoinLinkRequest) =>
        (await post<{ data: JoinLinkWithUrl }>(apiPath('/join-links'), body)).data.data,
      url: async (documentId: string) =>
        (await get<{ data: JoinLinkWithUrl }>(apiPath(`/join-links/${documentId}/link`))).data.data.url,
      revoke: async (documentId: string) =>
        (await post<{ data: JoinLink }>(apiPath(`/join-links/${documentId}/revoke`))).data.data,
      rotate: async (documentId: string) =>
        (await post<{ data: JoinLinkWithUrl }>(apiPath(`/join-links/${documentId}/rotate`))).data.data,
    }),
    [get, post]
  );
};
