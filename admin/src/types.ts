/**
 * The API's shapes: the contracts the server answers with (shared/contracts), under the names the
 * panel uses. Nothing of the server is bundled.
 */
export type {
  AuditEvent,
  CsvColumnMapping,
  CsvField,
  CsvMappingRequest,
  CsvProblem,
  FormOptions,
  ImportReport,
  InvitationDto as Invitation,
  InvitationSortField,
  InvitationStatus,
  InviteOutcome,
  InviteRequest,
  InviteResponse,
  InviteResultCode,
  JoinLinkDto as JoinLink,
  JoinLinkRequest,
  JoinLinkState,
  JoinLinkWithUrl,
  MemberDto as Member,
  MessagePreview,
  OrganizationChoice,
  OrganizationDto as Organization,
  Page as ListPage,
  Pagination,
  Settings,
  SettingsResponse,
  TeamDto as Team,
} from '../../shared/contracts';
