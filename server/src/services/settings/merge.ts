import type { EmailTemplates, Settings } from '../../../../shared/contracts';

/** Part of the settings: what the store holds, a PUT body, the preview's draft. */
export type SettingsPatch = Partial<Omit<Settings, 'templates' | 'importLimits' | 'fields'>> & {
  templates?: Partial<EmailTemplates> | null;
  importLimits?: Partial<Settings['importLimits']> | null;
  fields?: Partial<Settings['fields']> | null;
};

/** `patch` over `base`; the nested groups merge field by field, and absent values keep the base's. */
export const mergeSettings = (base: Settings, patch: SettingsPatch): Settings => {
  const present = <T extends object>(values: T | null | undefined) =>
    Object.fromEntries(Object.entries(values ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>;
  return {
    ...base,
    ...present(patch),
    templates: { ...base.templates, ...present(patch.templates) },
    importLimits: { ...base.importLimits, ...present(patch.importLimits) },
    // Each list is replaced whole: a PUT that sends the invitation fields means exactly those fields.
    fields: { ...base.fields, ...present(patch.fields) },
  };
};
