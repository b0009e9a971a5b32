import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { adminActor } from '../utils/types';
import {
  memberListSchema,
  memberUpdateSchema,
  organizationCreateSchema,
  organizationChoicesSchema,
  organizationListSchema,
  organizationUpdateSchema,
  rejectBodySchema,
  teamCreateSchema,
} from '../validation/organization';
import { validate } from '../validation/validate';

const organizationController = ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    /** GET /organization-choices: the pickers' search, for any admin who may read invitations. */
    async choices(ctx) {
      ctx.body = await getService('organization', strapi).choices(
        await validate(organizationChoicesSchema, ctx.query, 'organization search')
      );
    },
    async find(ctx) {
      ctx.body = await getService('organization', strapi).list(
        await validate(organizationListSchema, ctx.query, 'list query')
      );
    },
    async findOne(ctx) {
      ctx.body = { data: await getService('organization', strapi).details(ctx.params.id) };
    },
    async create(ctx) {
      const body = await validate(organizationCreateSchema, ctx.request.body, 'organization');
      ctx.status = 201;
      ctx.body = { data: await getService('organization', strapi).create(body, adminActor(ctx.state.user)) };
    },
    async update(ctx) {
      const body = await validate(organizationUpdateSchema, ctx.request.body, 'organization');
      ctx.body = {
        data: await getService('organization', strapi).update(ctx.params.id, body, adminActor(ctx.state.user)),
      };
    },
    async createTeam(ctx) {
      const { name } = await validate(teamCreateSchema, ctx.request.body, 'team');
      ctx.status = 201;
      ctx.body = {
        data: await getService('organization', strapi).createTeam(ctx.params.id, name, adminActor(ctx.state.user)),
      };
    },
    async findTeams(ctx) {
      const organization = await getService('organization', strapi).findOrThrow(ctx.params.id);
      ctx.body = { data: organization.teams ?? [] };
    },
    async findMembers(ctx) {
      const organization = await getService('organization', strapi).findOrThrow(ctx.params.id);
      const params = await validate(memberListSchema, ctx.query, 'members query');
      ctx.body = await getService('membership', strapi).listForOrganization(organization, params);
    },
    async updateMember(ctx) {
      const organization = await getService('organization', strapi).findOrThrow(ctx.params.id);
      const body = await validate(memberUpdateSchema, ctx.request.body, 'member change');
      ctx.body = {
        data: await getService('membership', strapi).update(
          organization,
          ctx.params.memberId,
          body,
          adminActor(ctx.state.user)
        ),
      };
    },
    async removeMember(ctx) {
      const organization = await getService('organization', strapi).findOrThrow(ctx.params.id);
      ctx.body = {
        data: await getService('membership', strapi).remove(
          organization,
          ctx.params.memberId,
          adminActor(ctx.state.user)
        ),
      };
    },
    async findApprovals(ctx) {
      const organization = await getService('organization', strapi).findOrThrow(ctx.params.id);
      const params = await validate(memberListSchema, { ...ctx.query, status: 'pending' }, 'approvals query');
      ctx.body = await getService('membership', strapi).listForOrganization(organization, params);
    },
    async approve(ctx) {
      const organization = await getService('organization', strapi).findOrThrow(ctx.params.id);
      ctx.body = {
        data: await getService('membership', strapi).approve(
          organization,
          ctx.params.memberId,
          adminActor(ctx.state.user)
        ),
      };
    },
    async reject(ctx) {
      const organization = await getService('organization', strapi).findOrThrow(ctx.params.id);
      const { reason } = await validate(rejectBodySchema, ctx.request.body, 'rejection');
      ctx.body = {
        data: await getService('membership', strapi).reject(
          organization,
          ctx.params.memberId,
          reason ?? null,
          adminActor(ctx.state.user)
        ),
      };
    },
  }) satisfies Core.Controller;

export default organizationController;
