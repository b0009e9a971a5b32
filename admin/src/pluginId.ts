export const PLUGIN_ID = 'invitations';
