import auditEvent from './audit-event';
import csvImport from './csv-import';
import invitation from './invitation';
import invitationResponse from './invitation-response';
import organization from './organization';
import settings from './settings';

export default {
  'audit-event': auditEvent,
  'csv-import': csvImport,
  invitation,
  'invitation-response': invitationResponse,
  organization,
  settings,
};
