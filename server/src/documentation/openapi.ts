import {
  CSV_ENCODINGS,
  CSV_FIELDS,
  CSV_SEPARATORS,
  ERROR_CODES,
  FIELD_TYPES,
  INVITATION_STATUSES,
  INVITE_RESULT_CODES,
  JOIN_APPLICATION_FIELDS,
  JOIN_LINK_STATES,
  LIST_COUNT_LIMIT,
  ONBOARDING_MODES,
  ORGANIZATION_CAPABILITIES,
  PLUGIN_ID,
  type ErrorCode,
} from '../../../shared/contracts';
import contentApi from '../routes/content-api';

/**
 * The OpenAPI 3 description of the plugin's Content API, built from the route table itself (so a
 * route cannot go undocumented: `describeRoute` throws for a handler without an entry) and registered
 * with @strapi/plugin-documentation when the app has it (register.ts).
 */

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) });
const nullable = (schema: Schema): Schema => ({ ...schema, nullable: true });
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
});
const list = (items: Schema): Schema => ({ type: 'array', items });
const restPage = (item: string): Schema =>
  object({ data: list(ref(item)), meta: object({ pagination: ref('Pagination') }) }, ['data', 'meta']);

const schemas: Record<string, Schema> = {
  Error: object({
    data: nullable(object({})),
    error: object({
      status: { type: 'integer' },
      name: str(),
      message: str('What is wrong and how to fix it.'),
      details: object({ code: { type: 'string', enum: [...ERROR_CODES] } }),
    }),
  }),
  Pagination: object({
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    pageCount: { type: 'integer' },
    total: { type: 'integer' },
    totalCapped: {
      type: 'boolean',
      description: `Present (true) when an invitations list stopped counting at ${LIST_COUNT_LIMIT.toLocaleString('en')}, or at the page asked for: there are more than \`total\` matches, and \`pageCount\` reaches one page past them.`,
    },
  }),
  TokenBody: object({ token: str('The `token=` value of the invitation link.') }, ['token']),
  AcceptBody: object(
    {
      token: str('The `token=` value of the invitation link.'),
      password: str("Without a JWT: the new account's password (the app's password rules apply)."),
      username: str('Without a JWT: defaults to the invited email.'),
      deviceId: str("users-permissions' device id for the refresh session."),
      application: ref('Application'),
    },
    ['token']
  ),
  FieldDefinition: object(
    {
      key: str('Names the answer in `application` (and the value in `customFields`).'),
      label: str(),
      type: { type: 'string', enum: [...FIELD_TYPES] },
      required: { type: 'boolean', description: 'A required checkbox must be true.' },
      options: list(str('For `select`: the choices, as stored.')),
      help: str(),
    },
    ['key', 'label', 'type', 'required']
  ),
  Application: {
    type: 'object',
    description:
      "Answers to the preview's `applicationFields`, by key: text, email, URL, select and date (YYYY-MM-DD) as strings, numbers as numbers, checkboxes as booleans.",
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
  },
  DeclineBody: object({ token: str(), reason: nullable(str()) }, ['token']),
  ReasonBody: object({ reason: nullable(str()) }),
  InvitationPreview: object({
    email: str(),
    firstName: nullable(str()),
    lastName: nullable(str()),
    partnerName: nullable(str()),
    role: str(),
    status: { type: 'string', enum: [...INVITATION_STATUSES] },
    expiresAt: { type: 'string', format: 'date-time' },
    organization: nullable(object({ name: str(), slug: str() })),
    inviter: nullable(object({ name: str() })),
    portal: str(),
    applicationFields: list(ref('FieldDefinition')),
  }),
  MyInvitation: { allOf: [ref('InvitationPreview'), object({ documentId: str() })] },
  AcceptResult: object({
    status: { type: 'string', enum: ['accepted'] },
    organization: nullable(object({ documentId: str(), name: str(), slug: str() })),
    membership: nullable(object({ documentId: str(), status: { type: 'string', enum: ['active', 'pending'] } })),
    jwt: str('Only when the accept registered an account.'),
    refreshToken: str("With `jwt`, in users-permissions' refresh mode."),
    user: object({ id: { type: 'integer' }, documentId: str(), username: str(), email: str() }),
  }),
  Invitation: object({
    documentId: str(),
    email: str(),
    firstName: nullable(str()),
    lastName: nullable(str()),
    role: str(),
    status: { type: 'string', enum: [...INVITATION_STATUSES] },
    expiresAt: { type: 'string', format: 'date-time' },
    source: str(),
    organization: nullable(object({ documentId: str(), name: str(), slug: str() })),
    teams: list(object({ documentId: str(), name: str() })),
    invitedBy: nullable(object({ id: { type: 'integer' }, name: str(), email: str() })),
    delivery: object({ status: str(), attempts: { type: 'integer' }, lastSentAt: nullable(str()) }),
  }),
  InviteBody: object(
    {
      emails: {
        oneOf: [
          str('Addresses separated by commas, semicolons, spaces or new lines.'),
          list({
            oneOf: [
              str(),
              object(
                { email: str(), role: str('This address’s role.'), teams: list(str('Team name or documentId.')) },
                ['email']
              ),
            ],
          }),
        ],
      },
      role: str(),
      teams: list(str('Team name or documentId.')),
      firstName: str(),
      lastName: str(),
      customFields: {
        type: 'object',
        description: "Values of the portal's invitation fields (Settings → Invitations → Fields), by key.",
        additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
      },
      expiresInHours: { type: 'integer' },
    },
    ['emails']
  ),
  InviteOutcome: object({
    input: str(),
    email: str(),
    result: { type: 'string', enum: [...INVITE_RESULT_CODES] },
    message: str(),
    invitation: ref('Invitation'),
  }),
  RevokeBody: object({ ids: list(str()), reason: str(), note: nullable(str()) }, ['ids', 'reason']),
  Link: object({ link: str('The accept link (a credential: do not log it).'), expiresAt: str() }),
  ImportReport: object({
    dryRun: { type: 'boolean' },
    totals: object({
      lines: { type: 'integer', description: 'Physical lines of the file: skipped plus the lines of every row.' },
      skipped: { type: 'integer', description: 'The header, lines above it, blank lines.' },
      rows: { type: 'integer' },
      valid: { type: 'integer' },
      invalid: { type: 'integer' },
      warnings: { type: 'integer' },
      created: { type: 'integer' },
    }),
    problems: list(
      object({
        line: { type: 'integer' },
        endLine: { type: 'integer', description: 'The last line of a row spanning several.' },
        column: nullable(str()),
        value: str(),
        code: str(),
        severity: { type: 'string', enum: ['error', 'warning'] },
        message: str(),
        fix: str(),
      })
    ),
    columns: object({
      header: list(str()),
      mapping: list(
        object({
          field: str(`One of ${CSV_FIELDS.join(', ')}, or fields.<key> for an invitation field.`),
          column: { type: 'integer' },
          header: str(),
          matchedBy: { type: 'string', enum: ['name', 'mapping'] },
        })
      ),
      recognized: list(str()),
      ignored: list(str()),
    }),
    format: object({
      encoding: { type: 'string', enum: [...CSV_ENCODINGS] },
      separator: { type: 'string', enum: [...CSV_SEPARATORS] },
      separatorDeclared: { type: 'boolean' },
      headerLine: { type: 'integer' },
    }),
  }),
  Member: object({
    documentId: str(),
    status: str(),
    role: str(),
    joinedAt: nullable(str()),
    user: nullable(object({ id: { type: 'integer' }, email: str(), username: str() })),
    teams: list(object({ documentId: str(), name: str() })),
  }),
  MemberChange: object({ role: str(), teams: list(str()) }),
  Membership: object({
    documentId: str(),
    status: str(),
    role: str(),
    joinedAt: nullable(str()),
    rejectReason: nullable(str()),
    organization: object({ documentId: str(), name: str(), slug: str() }),
    teams: list(object({ documentId: str(), name: str() })),
    capabilities: list({ type: 'string', enum: [...ORGANIZATION_CAPABILITIES] }),
  }),
  JoinLink: object({
    documentId: str(),
    label: str('The campaign, as admins call it; never shown to joiners.'),
    organization: nullable(object({ documentId: str(), name: str(), slug: str() })),
    role: str(),
    teams: list(object({ documentId: str(), name: str() })),
    onboarding: { type: 'string', enum: [...ONBOARDING_MODES] },
    expiresAt: nullable({ type: 'string', format: 'date-time' }),
    maxUses: nullable({ type: 'integer' }),
    uses: { type: 'integer' },
    state: { type: 'string', enum: [...JOIN_LINK_STATES] },
    createdAt: { type: 'string', format: 'date-time' },
    createdBy: nullable(object({ name: str(), email: str() })),
    revokedAt: nullable({ type: 'string', format: 'date-time' }),
  }),
  JoinLinkBody: object(
    {
      label: str('The campaign, e.g. "Spring partner drive".'),
      role: str('No higher than your own.'),
      teams: list(str('Team name or documentId.')),
      onboarding: { type: 'string', enum: [...ONBOARDING_MODES] },
      expiresInHours: nullable({ type: 'integer', description: 'Null: never expires.' }),
      maxUses: nullable({ type: 'integer', description: 'Null: unlimited.' }),
    },
    ['label']
  ),
  JoinLinkWithUrl: object({
    joinLink: ref('JoinLink'),
    url: str('The link to share (a credential: do not log it).'),
  }),
  JoinLinkPreview: object({
    kind: { type: 'string', enum: ['organization', 'partner_program'] },
    organization: nullable(object({ name: str(), slug: str() })),
    role: str(),
    onboarding: { type: 'string', enum: [...ONBOARDING_MODES] },
    expiresAt: nullable({ type: 'string', format: 'date-time' }),
    allowedDomains: list(str()),
    asks: list({ type: 'string', enum: [...JOIN_APPLICATION_FIELDS] }),
    applicationFields: list(ref('FieldDefinition')),
    portal: str(),
  }),
  JoinBody: object(
    {
      token: str('The `token=` value of the join link.'),
      application: {
        allOf: [
          ref('Application'),
          object({ partnerName: str('Required by partner-program links: the company to create.') }),
        ],
      },
    },
    ['token']
  ),
  JoinResult: object({
    status: { type: 'string', enum: ['joined'] },
    organization: object({ documentId: str(), name: str(), slug: str() }),
    membership: object({ documentId: str(), status: { type: 'string', enum: ['active', 'pending'] } }),
  }),
  OrganizationOverview: object({
    documentId: str(),
    name: str(),
    slug: str(),
    allowedDomains: list(str()),
    teams: list(object({ documentId: str(), name: str() })),
    role: str('Your role here.'),
    capabilities: list({ type: 'string', enum: [...ORGANIZATION_CAPABILITIES] }),
    grantableRoles: list(str('A role you may invite with or give a member, highest first.')),
    defaultRole: str(),
    revokeReasons: list(str('A reason a revoke may give; `other` needs a note.')),
    fields: object({ invitation: list(ref('FieldDefinition')), application: list(ref('FieldDefinition')) }),
  }),
};

interface RouteDoc {
  summary: string;
  body?: string;
  /** Status and schema of the success answer. */
  ok: [number, Schema];
  /** Error codes this route answers besides the common ones (400, and 401/403/404 or 429 of its kind). */
  errors?: ErrorCode[];
  multipart?: boolean;
}

const data = (schema: Schema): Schema => object({ data: schema });

/** One entry per handler of routes/content-api.ts. */
const ROUTE_DOCS: Record<string, RouteDoc> = {
  'invitation-response.preview': {
    summary: 'What an invitation link offers (a link that no longer works answers 410 with only its status)',
    body: 'TokenBody',
    ok: [200, data(ref('InvitationPreview'))],
    errors: [
      'INVITATION_NOT_FOUND',
      'INVITATION_EXPIRED',
      'INVITATION_REVOKED',
      'INVITATION_ALREADY_USED',
      'RATE_LIMITED',
    ],
  },
  'invitation-response.accept': {
    summary:
      'Accept: with a JWT as the signed-in user, or without one by registering (201, like /api/auth/local/register)',
    body: 'AcceptBody',
    ok: [201, ref('AcceptResult')],
    errors: [
      'EMAIL_MISMATCH',
      'ALREADY_MEMBER',
      'ACCOUNT_EXISTS',
      'VALIDATION_ERROR',
      'INVITATION_EXPIRED',
      'RATE_LIMITED',
    ],
  },
  'invitation-response.decline': {
    summary: 'Decline, with an optional reason',
    body: 'DeclineBody',
    ok: [200, object({ status: { type: 'string', enum: ['declined'] } })],
    errors: ['INVITATION_NOT_FOUND', 'INVITATION_EXPIRED', 'RATE_LIMITED'],
  },
  'join-link-response.preview': {
    summary: 'What a join link grants (a link that no longer works answers 410 with only why)',
    body: 'TokenBody',
    ok: [200, data(ref('JoinLinkPreview'))],
    errors: ['JOIN_LINK_NOT_FOUND', 'JOIN_LINK_EXPIRED', 'JOIN_LINK_EXHAUSTED', 'JOIN_LINK_REVOKED', 'RATE_LIMITED'],
  },
  'join-link-response.join': {
    summary: 'Join through a link, as the signed-in, confirmed user (send the JWT)',
    body: 'JoinBody',
    ok: [201, data(ref('JoinResult'))],
    errors: [
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'JOIN_LINK_NOT_FOUND',
      'JOIN_LINK_EXPIRED',
      'JOIN_LINK_EXHAUSTED',
      'JOIN_LINK_REVOKED',
      'DOMAIN_NOT_ALLOWED',
      'ALREADY_MEMBER',
      'RATE_LIMITED',
    ],
  },
  'me.invitations': {
    summary: "Pending invitations to the signed-in user's confirmed address",
    ok: [200, data(list(ref('MyInvitation')))],
  },
  'me.acceptInvitation': {
    summary: 'Accept one of my invitations by id',
    ok: [200, ref('AcceptResult')],
    errors: ['ALREADY_MEMBER'],
  },
  'me.declineInvitation': {
    summary: 'Decline one of my invitations by id',
    body: 'ReasonBody',
    ok: [200, object({ status: { type: 'string', enum: ['declined'] } })],
  },
  'me.organizations': { summary: "The signed-in user's memberships", ok: [200, data(list(ref('Membership')))] },
  'me.leave': {
    summary: 'Leave an organization (the last member who can manage members cannot)',
    ok: [200, data(ref('Member'))],
    errors: ['LAST_ADMIN'],
  },
  'organization-portal.overview': {
    summary: 'The organization as you see it: your role, what it lets you do, the roles you may grant, its teams',
    ok: [200, data(ref('OrganizationOverview'))],
  },
  'organization-portal.findInvitations': {
    summary: "The organization's invitations (status, search, page, pageSize, sort)",
    ok: [200, restPage('Invitation')],
  },
  'organization-portal.invite': {
    summary: 'Invite one or many into the organization (roles no higher than your own)',
    body: 'InviteBody',
    ok: [201, object({ data: list(ref('InviteOutcome')), meta: object({ summary: object({}) }) })],
    errors: ['VALIDATION_ERROR', 'UNKNOWN_ROLE', 'UNKNOWN_TEAM', 'TOO_MANY_EMAILS'],
  },
  'organization-portal.revoke': {
    summary: 'Revoke pending invitations with one reason',
    body: 'RevokeBody',
    ok: [200, data(list(ref('Invitation')))],
    errors: ['INVALID_TRANSITION', 'REVOKE_REASON_INVALID'],
  },
  'organization-portal.resend': {
    summary: 'Re-deliver the same link (pending only)',
    ok: [200, data(ref('Invitation'))],
    errors: ['INVALID_TRANSITION'],
  },
  'organization-portal.reissue': {
    summary: 'Send a new invitation for an expired one',
    ok: [201, data(ref('Invitation'))],
    errors: ['INVALID_TRANSITION'],
  },
  'organization-portal.link': {
    summary: "Copy a pending invitation's accept link",
    ok: [200, data(ref('Link'))],
    errors: ['INVALID_TRANSITION'],
  },
  'organization-portal.importCsv': {
    summary:
      'CSV import into the organization (multipart field `file`, optional field `mapping`: JSON of field → header name; `?dryRun=true` checks without writing)',
    multipart: true,
    ok: [201, ref('ImportReport')],
    errors: [
      'CSV_FILE_REQUIRED',
      'CSV_FILE_TOO_LARGE',
      'CSV_TOO_MANY_ROWS',
      'CSV_MISSING_HEADER',
      'CSV_MAPPING_INVALID',
    ],
  },
  'organization-portal.findMembers': {
    summary: 'Members (status, search, page, pageSize)',
    ok: [200, restPage('Member')],
  },
  'organization-portal.updateMember': {
    summary: "Change a member's role or teams",
    body: 'MemberChange',
    ok: [200, data(ref('Member'))],
    errors: ['LAST_ADMIN', 'UNKNOWN_ROLE', 'MEMBERSHIP_NOT_FOUND'],
  },
  'organization-portal.removeMember': {
    summary: 'Remove a member',
    ok: [200, data(ref('Member'))],
    errors: ['LAST_ADMIN', 'MEMBERSHIP_NOT_FOUND'],
  },
  'organization-portal.findJoinLinks': {
    summary: "The organization's join links, newest first (search, page, pageSize)",
    ok: [200, restPage('JoinLink')],
  },
  'organization-portal.createJoinLink': {
    summary: 'Create a join link into the organization; answers its URL',
    body: 'JoinLinkBody',
    ok: [201, data(ref('JoinLinkWithUrl'))],
    errors: ['UNKNOWN_ROLE', 'UNKNOWN_TEAM'],
  },
  'organization-portal.joinLinkUrl': {
    summary: 'The URL of an active join link, to share again',
    ok: [200, data(ref('JoinLinkWithUrl'))],
    errors: ['JOIN_LINK_NOT_FOUND', 'INVALID_TRANSITION'],
  },
  'organization-portal.revokeJoinLink': {
    summary: 'Revoke a join link (its members stay)',
    ok: [200, data(ref('JoinLink'))],
    errors: ['JOIN_LINK_NOT_FOUND', 'INVALID_TRANSITION'],
  },
  'organization-portal.rotateJoinLink': {
    summary: 'A new URL for the link; the old one stops working',
    ok: [200, data(ref('JoinLinkWithUrl'))],
    errors: ['JOIN_LINK_NOT_FOUND', 'INVALID_TRANSITION'],
  },
  'organization-portal.findApprovals': { summary: 'Members waiting for approval', ok: [200, restPage('Member')] },
  'organization-portal.approve': {
    summary: 'Approve a pending member',
    ok: [200, data(ref('Member'))],
    errors: ['INVALID_TRANSITION', 'MEMBERSHIP_NOT_FOUND'],
  },
  'organization-portal.reject': {
    summary: 'Reject a pending member',
    body: 'ReasonBody',
    ok: [200, data(ref('Member'))],
    errors: ['INVALID_TRANSITION', 'MEMBERSHIP_NOT_FOUND'],
  },
};

interface ContentApiRoute {
  method: string;
  path: string;
  handler: string;
  config?: { auth?: false; policies?: { config?: { capability?: string | null } }[] };
}

/** The HTTP status each error code comes with; any other code is a 400. */
const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  EMAIL_MISMATCH: 403,
  INVITATION_NOT_FOUND: 404,
  ORGANIZATION_NOT_FOUND: 404,
  MEMBERSHIP_NOT_FOUND: 404,
  ALREADY_MEMBER: 409,
  ACCOUNT_EXISTS: 409,
  LAST_ADMIN: 409,
  INVITATION_EXPIRED: 410,
  INVITATION_REVOKED: 410,
  INVITATION_ALREADY_USED: 410,
  JOIN_LINK_NOT_FOUND: 404,
  JOIN_LINK_EXPIRED: 410,
  JOIN_LINK_EXHAUSTED: 410,
  JOIN_LINK_REVOKED: 410,
  RATE_LIMITED: 429,
  CSV_IMPORT_INTERRUPTED: 500,
};

const DESCRIPTION_OF: Record<number, string> = {
  400: 'Bad input: the message says what is wrong and how to fix it',
  401: 'No JWT, or an invalid one',
  403: 'Not allowed',
  404: 'Not found, or not yours',
  409: 'Conflict',
  410: 'The invitation or join link no longer works; the answer tells only why',
  429: 'Too many requests from this client; see Retry-After',
  500: 'The import stopped part-way; details.created says how many were created',
};

/** The error answers of a route, grouped by status, naming their `details.code`s. */
const errorResponses = (codes: readonly ErrorCode[]): Record<string, Schema> => {
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const code of codes) {
    const status = STATUS_OF[code] ?? 400;
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  return Object.fromEntries(
    [...byStatus].map(([status, set]) => [
      status,
      {
        description: `${DESCRIPTION_OF[status]} (details.code: ${[...set].join(', ')})`,
        content: { 'application/json': { schema: ref('Error') } },
      },
    ])
  );
};

const describeRoute = (route: ContentApiRoute): Schema => {
  const doc = ROUTE_DOCS[route.handler];
  if (!doc) throw new Error(`openapi: no description for the route ${route.method} ${route.path} (${route.handler})`);
  const isPublic = route.config?.auth === false;
  const memberPolicy = route.config?.policies?.[0];
  const capability = memberPolicy?.config?.capability ?? null;
  const parameters = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: str(),
    description: name === 'org' ? "The organization's documentId or slug." : 'A documentId.',
  }));
  const codes: ErrorCode[] = [
    'VALIDATION_ERROR',
    ...(isPublic ? (['RATE_LIMITED'] as const) : (['UNAUTHENTICATED', 'FORBIDDEN'] as const)),
    ...(memberPolicy ? (['ORGANIZATION_NOT_FOUND'] as const) : []),
    ...(doc.errors ?? []),
  ];
  const responses: Record<string, Schema> = {
    [doc.ok[0]]: { description: 'OK', content: { 'application/json': { schema: doc.ok[1] } } },
    ...errorResponses([...new Set(codes)]),
  };
  return {
    tags: [isPublic ? 'Invitations: invitee' : memberPolicy ? 'Invitations: organization' : 'Invitations: me'],
    summary: doc.summary,
    ...(memberPolicy
      ? {
          description: capability
            ? `Needs an active membership of \`:org\` whose role has \`${capability}\`.`
            : 'Needs an active membership of `:org` (any role).',
        }
      : {}),
    // Token routes need no JWT, except joining, which acts for the signed-in user.
    ...(isPublic && !doc.errors?.includes('UNAUTHENTICATED') ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(doc.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: ref(doc.body) } } } }
      : doc.multipart
        ? {
            requestBody: {
              required: true,
              content: {
                'multipart/form-data': {
                  schema: object(
                    {
                      file: { type: 'string', format: 'binary' },
                      mapping: str('JSON: which header column is read as each field, e.g. {"emailAddress":"E-mail"}.'),
                    },
                    ['file']
                  ),
                },
              },
            },
          }
        : {}),
    responses,
  };
};

/** The document, with paths as the documentation plugin writes them (below the server's `/api`). */
export const openApiDocument = () => {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const route of contentApi.routes as ContentApiRoute[]) {
    const path = `/${PLUGIN_ID}${route.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: describeRoute(route) };
  }
  return {
    tags: [
      { name: 'Invitations: invitee', description: 'Token routes: the token travels in the body, never in the URL.' },
      { name: 'Invitations: me', description: "The signed-in user's invitations and organizations." },
      {
        name: 'Invitations: organization',
        description: `Organization admins: capabilities ${ORGANIZATION_CAPABILITIES.join(', ')} per membership role.`,
      },
    ],
    paths,
    components: { schemas },
  };
};
