import auditEventSchema from './audit-event/schema.json';
import invitationSchema from './invitation/schema.json';
import joinLinkSchema from './join-link/schema.json';
import membershipSchema from './membership/schema.json';
import organizationSchema from './organization/schema.json';
import teamSchema from './team/schema.json';
import { InvitationError } from '../utils/errors';

const appendOnly = () => {
  throw new InvitationError(
    400,
    'AUDIT_EVENTS_ARE_APPEND_ONLY',
    'Audit events cannot be changed or deleted: the audit log is append-only.'
  );
};

export default {
  organization: { schema: organizationSchema },
  team: { schema: teamSchema },
  membership: { schema: membershipSchema },
  invitation: { schema: invitationSchema },
  'join-link': { schema: joinLinkSchema },
  'audit-event': {
    schema: auditEventSchema,
    // Every update or delete through Strapi (query engine, document service, content manager) is refused.
    lifecycles: {
      beforeUpdate: appendOnly,
      beforeUpdateMany: appendOnly,
      beforeDelete: appendOnly,
      beforeDeleteMany: appendOnly,
    },
  },
};
