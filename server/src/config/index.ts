import * as yup from 'yup';
import {
  FIELD_TYPES,
  ORGANIZATION_CAPABILITIES,
  ONBOARDING_MODES,
  type OrganizationCapability,
  TEMPLATE_PLACEHOLDERS,
  type EmailTemplates,
  type FieldDefinition,
  type FieldType,
  type Onboarding,
  type Settings,
} from '../../../shared/contracts';
import { fieldOfHeader as csvColumnOfHeader } from '../services/csv-import/columns';
import { unknownPlaceholders } from '../services/email-delivery/render';
import { validateConfig } from '../validation/validate';

export interface DeliveryConfig {
  /** Run the send worker in this instance. Turn off on instances that must never send mail. */
  enabled: boolean;
  /** From address; falls back to the email plugin's `settings.defaultFrom`. */
  from: string | null;
  replyTo: string | null;
  /** How many mails one instance sends at once. */
  concurrency: number;
  /** Attempts before the invitation's delivery is marked `failed` (an admin can then resend). */
  maxAttempts: number;
  /** First retry waits this long; each further retry waits twice as long (capped at one hour). */
  retryBaseMs: number;
  /** How often the worker looks for due mails when nothing woke it. */
  pollIntervalMs: number;
  /** How long a claimed mail stays locked to one instance before another may retry it. */
  leaseMs: number;
}

export interface PluginConfig {
  /**
   * The portal frontend's page that shows an invitation; the link is `<acceptUrl>?token=<token>`, or
   * `<acceptUrl>token=<token>` when it ends in `#` (the token then stays out of every server's log).
   */
  acceptUrl: string;
  /**
   * The portal frontend's page that opens a join link; the link is built as from `acceptUrl` (end it
   * in `#` to keep the token in the fragment).
   */
  joinUrl: string;
  /** Shown in the subject "Join {organization} on {portal}". */
  portalName: string;
  /** Default lifetime of an invitation; organizations and single invites may override it. */
  expiresInHours: number;
  /** Organization roles an invitation can grant; null means DEFAULT_ROLES. */
  roles: string[] | null;
  defaultRole: string;
  /** Reasons an admin can give when revoking (`other` requires a note); null means DEFAULT_REVOKE_REASONS. */
  revokeReasons: string[] | null;
  /**
   * Secret the accept tokens are derived from (HMAC), at least 32 characters. Required in production;
   * in development the admin JWT secret stands in (with a warning). Changing it ends every link made
   * with the old one, unless the old one is listed in `previousTokenSecrets`.
   */
  tokenSecret: string | null;
  /** Secrets whose links still work during a rotation; null means none. */
  previousTokenSecrets: string[] | null;
  /**
   * Origins (scheme://host:port) an admin may point `acceptUrl` to from the settings page; null means
   * only the origin of the configured `acceptUrl`. The mails' links carry live tokens to that page.
   */
  allowedAcceptOrigins: string[] | null;
  /** Per-client budget of the public token routes (preview, accept, decline): `points` per `durationSeconds`. */
  rateLimit: {
    enabled: boolean;
    points: number;
    durationSeconds: number;
  };
  /**
   * What each membership role may do in its own organization through the Content API; null means
   * DEFAULT_CAPABILITIES. Roles are ranked by their order in `roles` (first is highest): a member never
   * grants a role above their own.
   */
  capabilities: Record<string, OrganizationCapability[]> | null;
  contentApi: {
    /**
     * Grant the plugin's signed-in Content API routes to users-permissions' Authenticated role, once per
     * route (a route an admin later revokes there stays revoked).
     */
    grantAuthenticatedRole: boolean;
  };
  /** Largest number of addresses one invite request may carry (use CSV import beyond). */
  maxEmailsPerRequest: number;
  templates: EmailTemplates;
  /** A partner invitation (`partnerName`, no organization) creates this kind of organization on accept. */
  partnerOrganizations: {
    /** Role of the partner's first user, and the new organization's default role. */
    defaultRole: string;
    /** `auto`: the partner is active at once; `approval`: it waits in Pending approvals. */
    onboarding: Onboarding;
  };
  delivery: DeliveryConfig;
  import: {
    /** Largest CSV file accepted, in bytes. */
    maxBytes: number;
    /** Most data rows in one file. */
    maxRows: number;
    /** Rows checked and inserted per transaction. */
    batchSize: number;
    /** Problems listed in a report (all are counted). */
    maxReportedProblems: number;
  };
  expireInvitations: {
    /** Schedule the expiry task in this instance (it is safe to run in several). */
    enabled: boolean;
    /** Cron rule of the expiry task. */
    rule: string;
  };
  /**
   * The fields the portal defines (Settings → Invitations can change them): `invitation` fields are
   * filled in by whoever invites, `application` fields by the invitee on accept or join. null means none.
   */
  fields: { invitation: FieldDefinition[] | null; application: FieldDefinition[] | null };
  database: {
    /**
     * PostgreSQL: run the token read (every preview and accept) as a named prepared statement, planned
     * once per connection. Turn it off behind a connection pooler that cannot keep prepared statements
     * (PgBouncer in transaction mode before 1.21).
     */
    preparedStatements: boolean;
  };
}

export const DEFAULT_TEMPLATES: EmailTemplates = {
  subject: 'Join {organization} on {portal}',
  text: [
    'Hello {firstName},',
    '',
    '{inviter} has invited you to join {organization} on {portal}.',
    "You've been assigned the role of {role}.",
    '',
    'Accept the invitation and set up your account:',
    '{link}',
    '',
    'This invitation expires on {expiresAt}.',
    'If you have questions, contact {inviter} at {inviterEmail}.',
  ].join('\n'),
  html: [
    '<p>Hello {firstName},</p>',
    '<p><strong>{inviter}</strong> has invited you to join <strong>{organization}</strong> on {portal}.</p>',
    "<p>You've been assigned the role of <strong>{role}</strong>.</p>",
    '<p><a href="{link}" style="display:inline-block;padding:10px 18px;background:#4945ff;color:#fff;border-radius:4px;text-decoration:none">Accept invitation</a></p>',
    '<p>Or paste this link into your browser: <br><a href="{link}">{link}</a></p>',
    '<p>This invitation expires on {expiresAt}.</p>',
    '<p>If you have questions, contact {inviter} at <a href="mailto:{inviterEmail}">{inviterEmail}</a>.</p>',
  ].join('\n'),
};

export const DEFAULT_ROLES = ['admin', 'user', 'viewer'];
export const DEFAULT_REVOKE_REASONS = ['sent_by_mistake', 'wrong_email', 'wrong_role', 'no_longer_needed', 'other'];

// The lists default to null rather than to their values: Strapi merges a portal's config over these
// defaults with lodash `defaultsDeep`, which fills arrays index by index, so `roles: ['owner']` would
// silently become ['owner', 'user', 'viewer']. The settings service applies the list defaults instead.
const defaultConfig: PluginConfig = {
  acceptUrl: 'http://localhost:3000/accept-invitation',
  joinUrl: 'http://localhost:3000/join',
  portalName: 'our portal',
  expiresInHours: 168,
  roles: null,
  defaultRole: 'user',
  revokeReasons: null,
  tokenSecret: null,
  previousTokenSecrets: null,
  allowedAcceptOrigins: null,
  rateLimit: { enabled: true, points: 30, durationSeconds: 60 },
  capabilities: null,
  contentApi: { grantAuthenticatedRole: true },
  maxEmailsPerRequest: 500,
  templates: DEFAULT_TEMPLATES,
  partnerOrganizations: { defaultRole: 'admin', onboarding: 'auto' },
  delivery: {
    enabled: true,
    from: null,
    replyTo: null,
    concurrency: 5,
    maxAttempts: 5,
    retryBaseMs: 30_000,
    pollIntervalMs: 5_000,
    leaseMs: 120_000,
  },
  import: { maxBytes: 20 * 1_048_576, maxRows: 100_000, batchSize: 1000, maxReportedProblems: 1000 },
  expireInvitations: { enabled: true, rule: '*/5 * * * *' },
  fields: { invitation: null, application: null },
  database: { preparedStatements: true },
};

const roleName = yup
  .string()
  .trim()
  .matches(/^[a-z0-9][a-z0-9_-]*$/i, 'a role is letters, digits, "-" or "_" (e.g. "billing-admin")')
  .max(100);

const template = (name: keyof EmailTemplates, max: number) =>
  yup
    .string()
    .min(
      1,
      `templates.${name} cannot be empty: write the ${name === 'subject' ? 'subject line' : `${name} body`} of the mail`
    )
    .max(max, `templates.${name} can be at most ${max.toLocaleString('en')} characters`)
    // A misspelt placeholder would reach every recipient verbatim: refuse it on save.
    // `{fields.key}` names an invitation field: checked against the fields saved with the templates, or,
    // in a draft being previewed (no fields beside it), left for rendering (an unknown one stays as typed).
    .test('placeholders', function knownPlaceholders(value) {
      const root = this.from?.[1]?.value as { fields?: { invitation?: FieldDefinition[] | null } } | undefined;
      const fieldKeys = root?.fields ? (root.fields.invitation ?? []).map((field) => field.key) : null;
      const unknown = unknownPlaceholders(value ?? '', fieldKeys);
      const known = [...TEMPLATE_PLACEHOLDERS, ...(fieldKeys ?? ['key']).map((key) => `fields.${key}`)];
      return unknown.length === 0
        ? true
        : this.createError({
            message: `templates.${name} uses unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => `{${key}}`).join(', ')}: use ${known.map((key) => `{${key}}`).join(', ')}`,
          });
    });

/** The mail templates: the settings route saves them, the preview route renders an unsaved draft of them. */
export const emailTemplatesSchema = yup.object({
  subject: template('subject', 300).required(),
  text: template('text', 20_000).required(),
  html: template('html', 50_000).required(),
});

/** A page of the portal frontend that links point to. */
const portalPageUrl = (field: string, example: string) =>
  yup
    .string()
    .required()
    // Not yup's url(): it refuses http://localhost:3000, the URL every portal developer starts with.
    .test('http-url', `${field} must be an absolute http(s) URL, e.g. ${example}`, (value) => {
      // Absence is `required()`'s to report (the preview's draft may leave it out).
      if (value === undefined) return true;
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    });

const MAX_FIELDS = 50;

/** One field definition; `list` names the list in messages ("fields.invitation[2].key"). */
const fieldDefinitionSchema = (list: string) =>
  yup
    .object({
      key: yup
        .string()
        .required(`${list}: each field needs a key`)
        .matches(
          /^[A-Za-z][A-Za-z0-9_]{0,49}$/,
          `${list}: a key is a letter then letters, digits or "_", at most 50 (e.g. "companySize"); it names the value in the API, the CSV header and {fields.key} in templates`
        ),
      label: yup.string().trim().required(`${list}: each field needs a label`).max(100),
      type: yup
        .mixed<FieldType>()
        .oneOf([...FIELD_TYPES], `${list}: a field's type is one of ${FIELD_TYPES.join(', ')}`)
        .required(),
      required: yup.boolean().default(false),
      options: yup
        .array(yup.string().trim().min(1, `${list}: an option cannot be empty`).max(100).required())
        .max(100, `${list}: a select has at most 100 options`)
        .optional(),
      help: yup.string().trim().max(500).optional(),
    })
    .test('options', function optionsFitType(value) {
      if (!value) return true;
      const options = value.options ?? [];
      if (value.type === 'select' && options.length === 0)
        return this.createError({ message: `${list}: "${value.key}" is a select: give its options` });
      if (value.type !== 'select' && options.length > 0)
        return this.createError({ message: `${list}: "${value.key}" is a ${value.type}: only a select has options` });
      const twice = options.find(
        (option, index) => options.findIndex((o) => o.toLowerCase() === option.toLowerCase()) !== index
      );
      return twice === undefined
        ? true
        : this.createError({ message: `${list}: "${value.key}" lists the option "${twice}" twice` });
    });

/**
 * A list of field definitions: keys and labels each used once (a CSV column is matched by either),
 * and, for invitation fields, none that the CSV import already reads as one of its own columns.
 */
const fieldListSchema = (list: 'invitation' | 'application') =>
  yup
    .array(fieldDefinitionSchema(`fields.${list}`).required())
    .max(MAX_FIELDS, `fields.${list} can hold at most ${MAX_FIELDS} fields`)
    .test('distinct', function distinctFields(value) {
      const definitions = (value ?? []) as FieldDefinition[];
      for (const [index, definition] of definitions.entries()) {
        const earlier = definitions.slice(0, index);
        if (earlier.some((d) => d.key.toLowerCase() === definition.key.toLowerCase()))
          return this.createError({ message: `fields.${list}: the key "${definition.key}" is used twice` });
        if (earlier.some((d) => d.label.toLowerCase() === definition.label.toLowerCase()))
          return this.createError({ message: `fields.${list}: the label "${definition.label}" is used twice` });
        if (list === 'application' && definition.key.toLowerCase() === 'partnername')
          return this.createError({
            message:
              'fields.application: "partnerName" is the company a partner-program applicant names already; choose another key',
          });
        if (list === 'invitation') {
          const builtIn = [definition.key, definition.label].map(csvColumnOfHeader).find(Boolean);
          if (builtIn)
            return this.createError({
              message: `fields.invitation: "${definition.label}" (${definition.key}) would be read by the CSV import as its own ${builtIn} column; choose another key and label`,
            });
        }
      }
      return true;
    });

export const fieldDefinitionsSchema = yup.object({
  invitation: fieldListSchema('invitation').required(),
  application: fieldListSchema('application').required(),
});

/** Settings an admin may change at run time (Settings → Invitations); shared with the settings route. */
export const editableSettingsSchema: yup.ObjectSchema<Settings> = yup.object({
  acceptUrl: portalPageUrl('acceptUrl', 'https://portal.example.com/invite'),
  portalName: yup.string().trim().min(1).max(100).required(),
  expiresInHours: yup
    .number()
    .integer()
    .min(1, 'expiresInHours must be at least 1 (hour)')
    .max(24 * 365, 'expiresInHours can be at most 8760 (one year)')
    .required(),
  roles: yup.array(roleName.required()).min(1, 'roles needs at least one role').required(),
  defaultRole: yup
    .string()
    .required()
    .test('is-listed', 'defaultRole must be one of roles', function isListed(value) {
      return (this.parent.roles as string[] | undefined)?.includes(value) ?? false;
    }),
  revokeReasons: yup.array(roleName.required()).min(1, 'revokeReasons needs at least one reason').required(),
  templates: emailTemplatesSchema.required(),
  /** The CSV import's limits as admins set them; `config.import` gives their defaults. */
  importLimits: yup
    .object({
      maxBytes: yup
        .number()
        .integer()
        .min(1024, 'importLimits.maxBytes must be at least 1024 bytes')
        .max(200 * 1_048_576, "importLimits.maxBytes can be at most 200 MB (the upload limit of Strapi's body parser)")
        .required(),
      maxRows: yup
        .number()
        .integer()
        .min(1, 'importLimits.maxRows must be at least 1')
        .max(1_000_000, 'importLimits.maxRows can be at most 1,000,000')
        .required(),
    })
    .required(),
  fields: fieldDefinitionsSchema.required(),
});

const configSchema = editableSettingsSchema.omit(['importLimits', 'fields']).shape({
  joinUrl: portalPageUrl('joinUrl', 'https://portal.example.com/join#'),
  roles: yup.array(roleName.required()).min(1, 'roles needs at least one role').nullable(),
  defaultRole: yup
    .string()
    .required()
    .test('is-listed', 'defaultRole must be one of roles', function isListed(value) {
      return ((this.parent.roles as string[] | null) ?? DEFAULT_ROLES).includes(value);
    }),
  revokeReasons: yup.array(roleName.required()).min(1, 'revokeReasons needs at least one reason').nullable(),
  tokenSecret: yup.string().min(32, 'tokenSecret must be at least 32 characters').nullable(),
  previousTokenSecrets: yup
    .array(yup.string().min(32, 'previousTokenSecrets: each secret has at least 32 characters').required())
    .nullable(),
  allowedAcceptOrigins: yup
    .array(
      yup
        .string()
        .required()
        .test(
          'origin',
          'allowedAcceptOrigins: each entry is an origin such as https://portal.example.com (scheme, host and port only)',
          (value) => {
            try {
              return new URL(value).origin === value.replace(/\/$/, '');
            } catch {
              return false;
            }
          }
        )
    )
    .nullable(),
  rateLimit: yup
    .object({
      enabled: yup.boolean().required(),
      points: yup.number().integer().min(1, 'rateLimit.points must be at least 1').required(),
      durationSeconds: yup.number().integer().min(1, 'rateLimit.durationSeconds must be at least 1').required(),
    })
    .required(),
  capabilities: yup
    .object()
    .nullable()
    .test('capabilities', function knownCapabilities(value) {
      if (value == null) return true;
      const roles = (this.parent.roles as string[] | null) ?? DEFAULT_ROLES;
      for (const [role, list] of Object.entries(value as Record<string, unknown>)) {
        if (!roles.includes(role))
          return this.createError({ message: `capabilities: "${role}" is not one of roles (${roles.join(', ')})` });
        const unknown = Array.isArray(list)
          ? list.filter((c) => !(ORGANIZATION_CAPABILITIES as readonly unknown[]).includes(c))
          : [list];
        if (unknown.length > 0)
          return this.createError({
            message: `capabilities.${role}: ${unknown.map(String).join(', ')} is not a capability; use ${ORGANIZATION_CAPABILITIES.join(', ')}`,
          });
      }
      return true;
    }),
  contentApi: yup.object({ grantAuthenticatedRole: yup.boolean().required() }).required(),
  maxEmailsPerRequest: yup.number().integer().min(1).required(),
  partnerOrganizations: yup
    .object({
      defaultRole: yup
        .string()
        .required()
        .test('is-listed', 'partnerOrganizations.defaultRole must be one of roles', function isListed(value) {
          return ((this.from?.[1]?.value?.roles as string[] | null) ?? DEFAULT_ROLES).includes(value);
        }),
      onboarding: yup
        .string()
        .oneOf(
          [...ONBOARDING_MODES],
          `partnerOrganizations.onboarding must be ${ONBOARDING_MODES.map((m) => `"${m}"`).join(' or ')}`
        )
        .required(),
    })
    .required(),
  delivery: yup
    .object({
      enabled: yup.boolean().required(),
      from: yup.string().nullable(),
      replyTo: yup.string().nullable(),
      concurrency: yup.number().integer().min(1).max(100).required(),
      maxAttempts: yup.number().integer().min(1).max(50).required(),
      retryBaseMs: yup.number().integer().min(10).required(),
      pollIntervalMs: yup.number().integer().min(50).required(),
      leaseMs: yup.number().integer().min(1000).required(),
    })
    .required(),
  import: yup
    .object({
      maxBytes: yup.number().integer().min(1024, 'import.maxBytes must be at least 1024').required(),
      maxRows: yup.number().integer().min(1).required(),
      batchSize: yup.number().integer().min(1).max(10_000).required(),
      maxReportedProblems: yup.number().integer().min(1).required(),
    })
    .required(),
  expireInvitations: yup.object({ enabled: yup.boolean().required(), rule: yup.string().required() }).required(),
  database: yup.object({ preparedStatements: yup.boolean().required() }).required(),
  fields: yup
    .object({
      invitation: fieldListSchema('invitation').nullable(),
      application: fieldListSchema('application').nullable(),
    })
    .required(),
});

export default {
  default: defaultConfig,
  validator(config: unknown) {
    validateConfig(configSchema, config, 'Invalid config of plugin "invitations" (config/plugins)');
  },
};
