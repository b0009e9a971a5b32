/**
 * The content types' enumerations are JSON (Strapi reads them as they are); the lists the code decides
 * with are the shared contracts. This keeps the two the same list.
 */
import {
  ACTOR_TYPES,
  DELIVERY_STATUSES,
  INVITATION_SOURCES,
  INVITATION_STATUSES,
  MEMBERSHIP_STATUSES,
  ONBOARDING_MODES,
} from '../../shared/contracts';
import fs from 'node:fs';
import path from 'node:path';
import { sampleCsv } from '../../server/src/services/csv-import';
import auditEvent from '../../server/src/content-types/audit-event/schema.json';
import invitation from '../../server/src/content-types/invitation/schema.json';
import joinLink from '../../server/src/content-types/join-link/schema.json';
import membership from '../../server/src/content-types/membership/schema.json';
import organization from '../../server/src/content-types/organization/schema.json';

describe('content-type enumerations match the shared contracts', () => {
  it.each([
    ['invitation.status', invitation.attributes.status.enum, INVITATION_STATUSES],
    ['invitation.source', invitation.attributes.source.enum, INVITATION_SOURCES],
    ['invitation.deliveryStatus', invitation.attributes.deliveryStatus.enum, DELIVERY_STATUSES],
    ['membership.status', membership.attributes.status.enum, MEMBERSHIP_STATUSES],
    ['organization.onboarding', organization.attributes.onboarding.enum, ONBOARDING_MODES],
    ['join-link.onboarding', joinLink.attributes.onboarding.enum, ONBOARDING_MODES],
    ['audit-event.actorType', auditEvent.attributes.actorType.enum, ACTOR_TYPES],
  ])('%s', (_attribute, schemaEnum, contract) => {
    expect(schemaEnum).toEqual([...contract]);
  });
});

describe('the README shows what the code does', () => {
  it('prints the sample CSV exactly as GET /invitations/import/sample answers it', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
    const block = /<!-- sample-csv -->\n```csv\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block?.split('\n')).toEqual(sampleCsv().split('\r\n'));
  });
});
