import { editableSettingsSchema, emailTemplatesSchema } from '../config';

/** What PUT /settings takes: the whole settings, after the saved ones are merged under the request. */
export { editableSettingsSchema as settingsSchema };

/**
 * The settings page previews its unsaved draft: the same rules as saving it, every part optional
 * (what the draft leaves out comes from the saved settings).
 */
export const templatePreviewSchema = editableSettingsSchema
  .pick(['portalName', 'acceptUrl'])
  .partial()
  .shape({ templates: emailTemplatesSchema.partial().optional() });
