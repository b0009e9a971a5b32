import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { adminActor } from '../utils/types';
import { organizationCreateSchema, organizationUpdateSchema, teamCreateSchema, validate } from '../validation';
import * as yup from 'yup';

const listSchema = yup.object({
  search: yup.string().trim().max(200).optional(),
  page: yup.number().integer().min(1).default(1),
  pageSize: yup.number().integer().min(1).max(100).default(20),
});

const organizationController = ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async find(ctx) {
      ctx.body = await getService('organization', strapi).list(await validate(listSchema, ctx.query, 'list query'));
    },
    async findOne(ctx) {
      ctx.body = { data: await getService('organization', strapi).findOrThrow(ctx.params.id) };
    },
    async create(ctx) {
      const body = await validate(organizationCreateSchema, ctx.request.body, 'organization');
      ctx.status = 201;
      ctx.body = { data: await getService('organization', strapi).create(body, adminActor(ctx.state.user)) };
    },
    async update(ctx) {
      const body = await validate(organizationUpdateSchema, ctx.request.body, 'organization');
      ctx.body = { data: await getService('organization', strapi).update(ctx.params.id, body, adminActor(ctx.state.user)) };
    },
    async createTeam(ctx) {
      const { name } = await validate(teamCreateSchema, ctx.request.body, 'team');
      ctx.status = 201;
      ctx.body = { data: await getService('organization', strapi).createTeam(ctx.params.id, name, adminActor(ctx.state.user)) };
    },
  }) satisfies Core.Controller;

export default organizationController;
