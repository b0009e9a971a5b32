import { UID, expiryAfter } from '../../utils/constants';
import { isDomainAllowed, isValidEmail, normalizeEmail } from '../../utils/emails';
import { getService } from '../../utils/get-service';
import type { StrapiContext } from '../../utils/types';
import { pendingKeyOf } from '../invitation-store/rules';
import type { InvitationDraft, InvitationRow } from '../invitation-store/types';
import { checkFieldValues } from '../fields/rules';
import type { OrganizationRow } from '../organization/types';
import { mayGrant } from '../organization-access/rules';
import type { Settings } from '../settings';
import { checkRole, lifetimeHours, matchTeams, refusal, roleFor, type Refusal } from './rules';

/** One address to invite, as any entry point hands it over (a form address, an API entry, a CSV row). */
export interface AdmissionEntry {
  /** The address as given. */
  email: string;
  /** Where the entry came from, for messages that point back at it ("line 3"). */
  at?: string;
  /** documentId or slug; empty means a portal-wide (or partner) invitation. */
  organization?: string | null;
  role?: string | null;
  /** The inviting member's own role, when a portal user invites: the role granted may not be above it. */
  grantorRole?: string | null;
  /** documentIds or names of the organization's teams. */
  teams?: readonly string[];
  firstName?: string | null;
  lastName?: string | null;
  partnerName?: string | null;
  /** Checked against the portal's invitation field definitions (Settings → Invitations → Fields). */
  customFields?: Record<string, unknown> | null;
  /**
   * "Send new invitation": the fields as the old invitation stored them, not checked again. A field
   * defined (or made required) since must not make an invitation impossible to re-send.
   */
  keepStoredFields?: boolean;
  expiresInHours?: number | null;
  reissuedFrom?: Pick<InvitationRow, 'id' | 'documentId'> | null;
}

export type Admission = { admitted: true; draft: InvitationDraft } | ({ admitted: false; email: string } & Refusal);

export interface AdmitOptions {
  /**
   * The caller inserts with ON CONFLICT on the pending key and reports skipped entries as already
   * invited, so pending invitations need not be looked up first, unless a pending limit depends on
   * them. The CSV commit's hot path.
   */
  insertSkipsTaken?: boolean;
}

// An address with stray characters around it: <a@b.com>, "a@b.com";, mailto:a@b.com. Only searched in
// values of a plausible length, so a huge cell never costs more than a short scan.
const EMBEDDED_EMAIL =
  /[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+/i;
const MAX_DECORATED_EMAIL = 512;

/** The text fields of an entry, each checked against its column's length before anything else. */
const TEXT_FIELDS = ['firstName', 'lastName', 'partnerName', 'role'] as const;
/** An organization or team reference longer than any slug, id or team name cannot name one. */
const MAX_REFERENCE_LENGTH = 200;

const trimmed = (value: string | null | undefined): string | null => value?.trim() || null;

/**
 * Admission: who may be invited, and how. One module decides, for every entry point: the address
 * (normalized, valid, once per run), the organization, the role, the teams, the expiry, the allowed
 * domains, "already a member", "already invited" and the pending limit. It answers one outcome per
 * entry; callers turn refusals into their own shape (a form result, a CSV line report, an error).
 *
 * `begin()` opens a run: a CSV import admits its rows batch by batch in one run, so duplicates across
 * batches, organization lookups and the room left under pending limits carry over.
 */
const admissionService = ({ strapi }: StrapiContext) => ({
  /**
   * The pending limit, atomically: run inside the insert's transaction (as its `beforeInsert`), it
   * locks the limited organizations' rows, counts their pending invitations and keeps the drafts that
   * fit. Concurrent invites into one organization wait for each other here, so 20 simultaneous
   * invites under a limit of 1 create one invitation. `admit` checks the same limit earlier, for its
   * report; this is what makes it hold (the count reads the latest commit on every database).
   */
  async fitUnderLimits(
    drafts: readonly InvitationDraft[]
  ): Promise<{ fit: InvitationDraft[]; over: InvitationDraft[] }> {
    const limited = new Map<number, OrganizationRow>();
    for (const { organization } of drafts) {
      if (organization?.pendingLimit != null) limited.set(organization.id, organization);
    }
    if (limited.size === 0) return { fit: [...drafts], over: [] };
    await getService('organization', strapi).lockRows([...limited.keys()]);
    const room = new Map<number, number>();
    for (const organization of limited.values()) {
      const pending = await getService('invitation-store', strapi).countPending(organization.id);
      room.set(organization.id, organization.pendingLimit! - pending);
    }
    const fit: InvitationDraft[] = [];
    const over: InvitationDraft[] = [];
    for (const draft of drafts) {
      const id = draft.organization?.pendingLimit != null ? draft.organization.id : null;
      if (id === null) fit.push(draft);
      else if (room.get(id)! > 0) {
        room.set(id, room.get(id)! - 1);
        fit.push(draft);
      } else over.push(draft);
    }
    return { fit, over };
  },

  async begin(options: { settings?: Settings } = {}) {
    const settings = options.settings ?? (await getService('settings', strapi).get());
    // Every invitation of one run expires at the same time, counted from its start.
    const startedAt = Date.now();
    const firstSeen = new Map<string, string | undefined>();
    // The organizations the run's entries name, by reference as written, looked up once each.
    const organizations = new Map<string, OrganizationRow | null>();
    const room = new Map<number, number>();
    // The columns' own limits (schema.json), so that what is admitted is what the table holds.
    const attributes = strapi.getModel(UID.invitation as Parameters<typeof strapi.getModel>[0]).attributes as Record<
      string,
      { maxLength?: number }
    >;
    const columnLimits = Object.fromEntries(
      TEXT_FIELDS.map((field) => [field, attributes[field]?.maxLength ?? Number.POSITIVE_INFINITY])
    ) as Record<(typeof TEXT_FIELDS)[number], number>;
    /** The first value longer than it may be; refused before it reaches a lookup or a message. */
    const tooLong = (entry: AdmissionEntry): Refusal | null => {
      for (const field of TEXT_FIELDS) {
        const value = trimmed(entry[field]);
        if (value && value.length > columnLimits[field]) return refusal.tooLong(field, value, columnLimits[field]);
      }
      const organization = trimmed(entry.organization);
      if (organization && organization.length > MAX_REFERENCE_LENGTH)
        return refusal.tooLong('organization', organization, MAX_REFERENCE_LENGTH);
      const team = (entry.teams ?? []).find((ref) => ref.trim().length > MAX_REFERENCE_LENGTH);
      return team ? refusal.tooLong('teams', team.trim(), MAX_REFERENCE_LENGTH) : null;
    };

    /**
     * Looks up the organizations `entries` name that are not known yet, so that `decide` finds them
     * all without waiting: deciding is then synchronous, with no promise per row (an import decides
     * 100,000 of them).
     */
    const lookUpOrganizations = async (entries: readonly AdmissionEntry[]): Promise<void> => {
      for (const entry of entries) {
        const ref = trimmed(entry.organization);
        // An overlong reference is refused by `tooLong` before any lookup.
        if (!ref || ref.length > MAX_REFERENCE_LENGTH || organizations.has(ref)) continue;
        organizations.set(ref, await getService('organization', strapi).findByRef(ref));
      }
    };

    /**
     * The checks that need no more than the organization (looked up by `lookUpOrganizations`). The
     * request's shared fields (organization, role, teams) come first: when they are wrong, every
     * address of a form is, and the form refuses the request as a whole.
     */
    const decide = (entry: AdmissionEntry): InvitationDraft | Refusal => {
      const overlong = tooLong(entry);
      if (overlong) return overlong;
      const orgRef = trimmed(entry.organization);
      const organization = orgRef ? (organizations.get(orgRef) ?? null) : null;
      if (orgRef && !organization) return refusal.unknownOrganization(orgRef);
      const role = roleFor(trimmed(entry.role), organization, settings.defaultRole);
      const badRole = checkRole(role, settings.roles);
      if (badRole) return badRole;
      if (entry.grantorRole && !mayGrant(entry.grantorRole, role, settings.roles))
        return refusal.roleAboveOwn(role, entry.grantorRole);
      const teams = matchTeams(organization, (entry.teams ?? []).map((t) => t.trim()).filter(Boolean));
      if ('code' in teams) return teams;
      let customFields = entry.customFields ?? null;
      if (!entry.keepStoredFields) {
        const fields = checkFieldValues(settings.fields.invitation, customFields);
        if (fields.problems.length > 0) return refusal.invalidFields(fields.problems);
        customFields = Object.keys(fields.values).length > 0 ? fields.values : null;
      }

      const raw = entry.email.trim();
      if (raw === '') return refusal.missingEmail();
      const email = normalizeEmail(raw);
      if (!isValidEmail(email)) {
        const embedded = raw.length <= MAX_DECORATED_EMAIL ? raw.match(EMBEDDED_EMAIL)?.[0]?.toLowerCase() : undefined;
        return refusal.invalidEmail(raw, embedded && isValidEmail(embedded) ? embedded : undefined);
      }
      if (firstSeen.has(email)) return refusal.duplicate(raw, email, firstSeen.get(email));
      firstSeen.set(email, entry.at);
      if (!isDomainAllowed(email, organization?.allowedDomains))
        return refusal.domainNotAllowed(raw, email, organization!);

      return {
        email,
        organization,
        teams: teams.teams,
        role,
        expiresAt: expiryAfter(lifetimeHours(entry.expiresInHours, organization, settings.expiresInHours), startedAt),
        firstName: trimmed(entry.firstName),
        lastName: trimmed(entry.lastName),
        partnerName: trimmed(entry.partnerName),
        customFields,
        pendingKey: pendingKeyOf(email, organization),
        reissuedFrom: entry.reissuedFrom ?? null,
      };
    };

    return {
      settings,

      async admit(entries: readonly AdmissionEntry[], options: AdmitOptions = {}): Promise<Admission[]> {
        await lookUpOrganizations(entries);
        // In order: "duplicate of line 3" must point at the first occurrence.
        const decided = entries.map(decide);
        const drafts = decided.filter((d): d is InvitationDraft => !('code' in d));
        const lookUpPending = !options.insertSkipsTaken || drafts.some((d) => d.organization?.pendingLimit != null);
        const [members, pending] = await Promise.all([
          this.withAccess(drafts),
          lookUpPending
            ? getService('invitation-store', strapi).takenPendingKeys(drafts.map((d) => d.pendingKey))
            : new Set<string>(),
        ]);

        const outcomes: Admission[] = [];
        for (let index = 0; index < decided.length; index += 1) {
          const decision = decided[index];
          const value = entries[index].email.trim();
          const refuse = (r: Refusal): Admission => ({ admitted: false, email: normalizeEmail(value), ...r });
          if ('code' in decision) {
            outcomes.push(refuse(decision));
            continue;
          }
          const { organization } = decision;
          if (members.has(decision.pendingKey))
            outcomes.push(refuse(refusal.alreadyMember(value, decision.email, organization)));
          else if (pending.has(decision.pendingKey))
            outcomes.push(refuse(refusal.alreadyInvited(value, decision.email)));
          else if (organization?.pendingLimit != null && (await this.takeRoom(organization)) === false) {
            outcomes.push(refuse(refusal.limitReached(value, organization)));
          } else outcomes.push({ admitted: true, draft: decision });
        }
        return outcomes;
      },

      /** Takes one place under the organization's pending limit; false when none is left. */
      async takeRoom(organization: OrganizationRow): Promise<boolean> {
        if (!room.has(organization.id)) {
          room.set(
            organization.id,
            organization.pendingLimit! - (await getService('invitation-store', strapi).countPending(organization.id))
          );
        }
        const left = room.get(organization.id)!;
        if (left <= 0) return false;
        room.set(organization.id, left - 1);
        return true;
      },

      /**
       * Pending keys of the drafts whose address already has access: a live membership of the
       * organization, or, for portal-wide invitations, an account on the portal.
       */
      async withAccess(drafts: readonly InvitationDraft[]): Promise<Set<string>> {
        const byOrganization = new Map<number | null, { organization: OrganizationRow | null; emails: string[] }>();
        for (const { email, organization } of drafts) {
          const group = byOrganization.get(organization?.id ?? null) ?? { organization, emails: [] };
          group.emails.push(email);
          byOrganization.set(organization?.id ?? null, group);
        }
        const keys = new Set<string>();
        for (const { organization, emails } of byOrganization.values()) {
          const found = await getService('membership', strapi).emailsWithAccess(emails, organization);
          found.forEach((email) => keys.add(pendingKeyOf(email, organization)));
        }
        return keys;
      },
    };
  },
});

export default admissionService;
export type AdmissionService = ReturnType<typeof admissionService>;
export type Admitter = Awaited<ReturnType<AdmissionService['begin']>>;
