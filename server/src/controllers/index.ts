import auditEvent from './audit-event';
import invitation from './invitation';
import invitationResponse from './invitation-response';
import organization from './organization';
import settings from './settings';

export default {
  'audit-event': auditEvent,
  invitation,
  'invitation-response': invitationResponse,
  organization,
  settings,
};
