import type { Core } from '@strapi/strapi';
import type { Services } from '../services';
import { PLUGIN_ID } from './constants';

/** Typed access to this plugin's services. */
export const getService = <Name extends keyof Services>(
  name: Name,
  strapi: Core.Strapi = global.strapi
): Services[Name] => strapi.plugin(PLUGIN_ID).service(name) as Services[Name];
