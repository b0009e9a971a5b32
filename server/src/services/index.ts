import accounts from './accounts';
import admission from './admission';
import audit from './audit';
import csvImport from './csv-import';
import emailDelivery from './email-delivery';
import expireInvitations from './expire-invitations';
import fields from './fields';
import invitation from './invitation';
import invitationResponse from './invitation-response';
import invitationStore from './invitation-store';
import joinLink from './join-link';
import membership from './membership';
import organization from './organization';
import organizationAccess from './organization-access';
import organizationScope from './organization-scope';
import settings from './settings';
import token from './token';
import webhookEvents from './webhook-events';

const services = {
  accounts,
  admission,
  audit,
  'csv-import': csvImport,
  'email-delivery': emailDelivery,
  'expire-invitations': expireInvitations,
  fields,
  invitation,
  'invitation-response': invitationResponse,
  'invitation-store': invitationStore,
  'join-link': joinLink,
  membership,
  organization,
  'organization-access': organizationAccess,
  'organization-scope': organizationScope,
  settings,
  token,
  'webhook-events': webhookEvents,
};

export type Services = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };

export default services;
