import { useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import type { FormOptions, MessagePreview, Settings, SettingsResponse } from '../types';
import { apiPath, useApiGet } from './client';

/** Roles, reasons, limits and audit actions for the panel's forms (any admin who may read invitations). */
export const useFormOptions = (fallbackError: string) =>
  useApiGet<{ data: FormOptions }>('/form-options', {}, fallbackError);

export const useSettings = (fallbackError: string) => useApiGet<SettingsResponse>('/settings', {}, fallbackError);

export const useSettingsActions = () => {
  const { post, put } = useFetchClient();
  return useMemo(
    () => ({
      save: async (settings: Partial<Settings>) =>
        (await put<{ data: Settings }>(apiPath('/settings'), settings)).data.data,
      /** Renders a mail from the unsaved draft, exactly as the worker would. */
      preview: async (draft: Pick<Settings, 'templates' | 'portalName' | 'acceptUrl'>) =>
        (await post<{ data: MessagePreview }>(apiPath('/settings/preview'), draft)).data.data,
    }),
    [post, put]
  );
};
