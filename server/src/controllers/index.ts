import auditEvent from './audit-event';
import csvImport from './csv-import';
import invitation from './invitation';
import invitationResponse from './invitation-response';
import joinLink from './join-link';
import joinLinkResponse from './join-link-response';
import me from './me';
import organization from './organization';
import organizationPortal from './organization-portal';
import settings from './settings';

export default {
  'audit-event': auditEvent,
  'csv-import': csvImport,
  invitation,
  'invitation-response': invitationResponse,
  'join-link': joinLink,
  'join-link-response': joinLinkResponse,
  me,
  organization,
  'organization-portal': organizationPortal,
  settings,
};
