import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { Page } from '../../../shared/contracts';
import { importOptions, uploadedFile } from './csv-import';
import type { JoinLinkScope } from '../services/join-link/types';
import type { OrganizationAccess } from '../services/organization-access';
import { getService } from '../utils/get-service';
import type { Actor } from '../utils/types';
import { joinLinkBodySchema, joinLinkListSchema } from '../validation/join-link';
import { inviteBodySchema, listQuerySchema, revokeBodySchema } from '../validation/invitation';
import { memberListSchema, memberUpdateSchema, rejectBodySchema } from '../validation/organization';
import { validate } from '../validation/validate';

/** Strapi's REST shape for lists, as a portal frontend expects it from the Content API. */
const restPage = <T>(page: Page<T>) => ({ data: page.results, meta: { pagination: page.pagination } });

/** What the `member-can` policy established for this request. */
const accessOf = (ctx: Context): OrganizationAccess => ctx.state.organizationAccess as OrganizationAccess;

const actorOf = (access: OrganizationAccess): Actor => ({ type: 'user', id: access.user.id, label: access.user.email });

/**
 * The portal side: organization admins manage their own organization (`/api/invitations/organizations/:org`).
 * Every action goes through the services the admin panel uses (admission, the invitation store,
 * memberships), scoped to the organization the policy authorized, with the member as the actor.
 */
const organizationPortalController = ({ strapi }: { strapi: Core.Strapi }) => {
  const invitations = () => getService('invitation', strapi);
  const access = () => getService('organization-access', strapi);
  const joinLinks = () => getService('join-link', strapi);

  /** Join links of the organization the policy authorized, granting no more than the member's role. */
  const scopeOf = (ctx: Context): JoinLinkScope => ({
    organizationId: accessOf(ctx).organization.id,
    grantorRole: accessOf(ctx).membership.role,
  });

  /** The member changes another member: never one above them, and never the last manager away. */
  const guardMemberChange = (ctx: Context, nextRole: (currentRole: string) => string | null) => {
    const { organization, membership } = accessOf(ctx);
    return async (row: { id: number; role: string }) => {
      await access().assertMayGrant(membership.role, row.role);
      await access().assertKeepsAManager(organization, {
        membershipId: row.id,
        currentRole: row.role,
        nextRole: nextRole(row.role),
      });
    };
  };

  return {
    /** The organization, the caller's role and capabilities, and the roles they may grant. */
    async overview(ctx: Context) {
      ctx.body = { data: await access().overview(accessOf(ctx)) };
    },

    async findInvitations(ctx: Context) {
      const params = await validate(listQuerySchema, ctx.query, 'list query');
      const page = await invitations().listScoped({ ...params, organizationId: accessOf(ctx).organization.id });
      ctx.body = restPage(page);
    },

    async invite(ctx: Context) {
      const { organization, membership } = accessOf(ctx);
      const body = await validate(inviteBodySchema, ctx.request.body, 'invitation');
      const results = await invitations().invite(
        { ...body, organization: organization.documentId },
        actorOf(accessOf(ctx)),
        'portal',
        { grantorRole: membership.role }
      );
      const summary: Record<string, number> = {};
      results.forEach(({ result }) => (summary[result] = (summary[result] ?? 0) + 1));
      ctx.status = summary.created ? 201 : 200;
      ctx.body = { data: results, meta: { summary } };
    },

    async resend(ctx: Context) {
      await invitations().assertInOrganization([ctx.params.id], accessOf(ctx).organization.id);
      ctx.body = { data: await invitations().resend(ctx.params.id, actorOf(accessOf(ctx))) };
    },

    async reissue(ctx: Context) {
      await invitations().assertInOrganization([ctx.params.id], accessOf(ctx).organization.id);
      ctx.status = 201;
      ctx.body = {
        data: await invitations().reissue(ctx.params.id, actorOf(accessOf(ctx)), {
          grantorRole: accessOf(ctx).membership.role,
        }),
      };
    },

    async link(ctx: Context) {
      await invitations().assertInOrganization([ctx.params.id], accessOf(ctx).organization.id);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = {
        data: await invitations().link(ctx.params.id, actorOf(accessOf(ctx)), {
          grantorRole: accessOf(ctx).membership.role,
        }),
      };
    },

    async revoke(ctx: Context) {
      const body = await validate(revokeBodySchema, ctx.request.body, 'revoke request');
      await invitations().assertInOrganization(body.ids, accessOf(ctx).organization.id);
      ctx.body = { data: await invitations().revoke(body, actorOf(accessOf(ctx))) };
    },

    /** The admin's CSV import, into this organization only (multipart field `file`, `?dryRun=true`). */
    async importCsv(ctx: Context) {
      const { organization, membership } = accessOf(ctx);
      const options = await importOptions(ctx);
      const report = await getService('csv-import', strapi).run(uploadedFile(ctx), options, actorOf(accessOf(ctx)), {
        organization: organization.documentId,
        grantorRole: membership.role,
      });
      ctx.status = !options.dryRun && report.totals.created > 0 ? 201 : 200;
      ctx.body = report;
    },

    async findMembers(ctx: Context) {
      const params = await validate(memberListSchema, ctx.query, 'members query');
      ctx.body = restPage(
        await getService('membership', strapi).listForOrganization(accessOf(ctx).organization, params)
      );
    },

    async updateMember(ctx: Context) {
      const { organization, membership } = accessOf(ctx);
      const body = await validate(memberUpdateSchema, ctx.request.body, 'member change');
      if (body.role !== undefined) await access().assertMayGrant(membership.role, body.role);
      ctx.body = {
        data: await getService('membership', strapi).update(
          organization,
          ctx.params.memberId,
          body,
          actorOf(accessOf(ctx)),
          guardMemberChange(ctx, (currentRole) => body.role ?? currentRole)
        ),
      };
    },

    async removeMember(ctx: Context) {
      ctx.body = {
        data: await getService('membership', strapi).remove(
          accessOf(ctx).organization,
          ctx.params.memberId,
          actorOf(accessOf(ctx)),
          guardMemberChange(ctx, () => null)
        ),
      };
    },

    async findJoinLinks(ctx: Context) {
      const {
        organization: _ignored,
        partnerProgram: _partner,
        ...params
      } = await validate(joinLinkListSchema, ctx.query, 'list query');
      const page = await joinLinks().list({ ...params, organizationId: accessOf(ctx).organization.id });
      ctx.body = restPage(page);
    },

    async createJoinLink(ctx: Context) {
      const { organization } = accessOf(ctx);
      const body = await validate(joinLinkBodySchema, ctx.request.body, 'join link');
      ctx.status = 201;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = {
        data: await joinLinks().create(
          { ...body, organization: organization.documentId },
          actorOf(accessOf(ctx)),
          scopeOf(ctx)
        ),
      };
    },

    async joinLinkUrl(ctx: Context) {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: await joinLinks().copy(ctx.params.id, actorOf(accessOf(ctx)), scopeOf(ctx)) };
    },

    async revokeJoinLink(ctx: Context) {
      ctx.body = { data: await joinLinks().revoke(ctx.params.id, actorOf(accessOf(ctx)), scopeOf(ctx)) };
    },

    async rotateJoinLink(ctx: Context) {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: await joinLinks().rotate(ctx.params.id, actorOf(accessOf(ctx)), scopeOf(ctx)) };
    },

    async findApprovals(ctx: Context) {
      const params = await validate(memberListSchema, { ...ctx.query, status: 'pending' }, 'approvals query');
      ctx.body = restPage(
        await getService('membership', strapi).listForOrganization(accessOf(ctx).organization, params)
      );
    },

    async approve(ctx: Context) {
      ctx.body = {
        data: await getService('membership', strapi).approve(
          accessOf(ctx).organization,
          ctx.params.memberId,
          actorOf(accessOf(ctx))
        ),
      };
    },

    async reject(ctx: Context) {
      const { reason } = await validate(rejectBodySchema, ctx.request.body, 'reject request');
      ctx.body = {
        data: await getService('membership', strapi).reject(
          accessOf(ctx).organization,
          ctx.params.memberId,
          reason ?? null,
          actorOf(accessOf(ctx))
        ),
      };
    },
  } satisfies Core.Controller;
};

export default organizationPortalController;
