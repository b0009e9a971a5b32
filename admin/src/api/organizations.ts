import { useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import type { ListPage, Member, Organization, OrganizationChoice, Team } from '../types';
import { apiPath, useApiGet } from './client';

export const useOrganizationList = (
  params: { page: number; pageSize: number; search?: string },
  fallbackError: string
) => useApiGet<ListPage<Organization>>('/organizations', params, fallbackError);

/** One organization with its teams; `null` loads nothing (creating a new one). */
export const useOrganization = (documentId: string | null, fallbackError: string) =>
  useApiGet<{ data: Organization }>(documentId ? `/organizations/${documentId}` : null, {}, fallbackError);

/** The pickers' server-side search (GET /organization-choices, any admin who may read invitations). */
export const useOrganizationChoices = (params: { search: string; limit: number }, fallbackError: string) =>
  useApiGet<{ results: OrganizationChoice[]; more: boolean }>('/organization-choices', params, fallbackError);

/** An organization's active members, or its pending approvals. */
export type MemberListMode = 'active' | 'pending';
const membersPath = (organization: string, mode: MemberListMode) =>
  `/organizations/${organization}/${mode === 'active' ? 'members' : 'approvals'}`;

export const useMemberList = (
  organization: string,
  mode: MemberListMode,
  params: { page: number; pageSize: number },
  fallbackError: string
) => useApiGet<ListPage<Member>>(membersPath(organization, mode), params, fallbackError);

/** The body of POST /organizations and PUT /organizations/:id. */
export interface OrganizationBody {
  name: string;
  slug?: string;
  allowedDomains: string[];
  pendingLimit: number | null;
  onboarding: Organization['onboarding'];
  defaultRole: string | null;
  expiresInHours: number | null;
}

/** Every change to organizations, their teams and members that the panel makes. */
export const useOrganizationActions = () => {
  const { post, put, del } = useFetchClient();
  return useMemo(() => {
    const member = (organization: string, memberId: string, mode: MemberListMode) =>
      apiPath(`${membersPath(organization, mode)}/${memberId}`);
    return {
      save: async (documentId: string | null, body: OrganizationBody) =>
        (documentId
          ? await put<{ data: Organization }>(apiPath(`/organizations/${documentId}`), body)
          : await post<{ data: Organization }>(apiPath('/organizations'), body)
        ).data.data,
      createTeam: async (organization: string, name: string) =>
        (await post<{ data: Team }>(apiPath(`/organizations/${organization}/teams`), { name })).data.data,
      updateMember: async (organization: string, memberId: string, change: { role?: string; teams?: string[] }) =>
        (await put<{ data: Member }>(member(organization, memberId, 'active'), change)).data.data,
      removeMember: async (organization: string, memberId: string) =>
        (await del<{ data: Member }>(member(organization, memberId, 'active'))).data.data,
      approve: async (organization: string, memberId: string) =>
        (await post<{ data: Member }>(`${member(organization, memberId, 'pending')}/approve`)).data.data,
      reject: async (organization: string, memberId: string) =>
        (await post<{ data: Member }>(`${member(organization, memberId, 'pending')}/reject`, {})).data.data,
    };
  }, [post, put, del]);
};
