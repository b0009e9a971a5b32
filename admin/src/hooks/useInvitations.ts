import { useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { PLUGIN_ID } from '../pluginId';

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'expired' | 'revoked';

export interface Invitation {
  documentId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  role: string;
  status: InvitationStatus;
  expiresAt: string;
  organization: { name: string } | null;
  invitedBy: { name: string } | null;
  delivery: { status: 'queued' | 'sent' | 'failed'; attempts: number; lastError: string | null };
}

export interface InvitationQuery {
  status?: InvitationStatus;
  search?: string;
  page: number;
}

interface ListResponse {
  results: Invitation[];
  pagination: { page: number; pageSize: number; pageCount: number; total: number };
}

export const useInvitations = (query: InvitationQuery) => {
  const { get } = useFetchClient();
  const [state, setState] = useState<{ data: ListResponse | null; loading: boolean; error: boolean }>({
    data: null,
    loading: true,
    error: false,
  });

  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    const params: Record<string, string> = { page: String(query.page), pageSize: '20' };
    if (query.status) params.status = query.status;
    if (query.search) params.search = query.search;
    get<ListResponse>(`/${PLUGIN_ID}/invitations`, { params })
      .then(({ data }) => !cancelled && setState({ data, loading: false, error: false }))
      .catch(() => !cancelled && setState({ data: null, loading: false, error: true }));
    return () => {
      cancelled = true;
    };
  }, [get, query.page, query.status, query.search]);

  return state;
};
