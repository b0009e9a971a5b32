import fs from 'node:fs';
import path from 'node:path';
import contentApi from '../server/src/routes/content-api';
import { startApp, type TestApp } from './helpers/app';

/** The Content API's OpenAPI description, as @strapi/plugin-documentation writes it for the app. */

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

const generatedDocument = () => {
  const documentation = app.strapi.plugin('documentation').service('documentation');
  const file = path.join(
    documentation.getFullDocumentationPath(),
    documentation.getDocumentationVersion(),
    'full_documentation.json'
  );
  return JSON.parse(fs.readFileSync(file, 'utf8')) as {
    paths: Record<string, Record<string, { responses: Record<string, { description: string }>; security?: unknown[] }>>;
    components: { schemas: Record<string, unknown> };
  };
};

describe('OpenAPI', () => {
  it('documents every Content API route, with its body, answers and error codes', () => {
    const document = generatedDocument();
    for (const route of contentApi.routes) {
      const documented = `/invitations${route.path.replace(/:(\w+)/g, '{$1}')}`;
      const operation = document.paths[documented]?.[route.method.toLowerCase()];
      expect([route.method, route.path, Boolean(operation)]).toEqual([route.method, route.path, true]);
      // Every operation names the codes of its errors.
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400) expect(response.description).toMatch(/details\.code: [A-Z_]+/);
      }
    }
    const preview = document.paths['/invitations/invitations/preview'].post;
    expect(preview.security).toEqual([]);
    expect(preview.responses['410'].description).toMatch(
      /INVITATION_EXPIRED, INVITATION_REVOKED, INVITATION_ALREADY_USED/
    );
    const invite = document.paths['/invitations/organizations/{org}/invitations'].post;
    expect(invite.responses['401'].description).toMatch(/UNAUTHENTICATED/);
    expect(invite.responses['404'].description).toMatch(/ORGANIZATION_NOT_FOUND/);
    expect(document.components.schemas).toHaveProperty('InvitationPreview');
    // The generator's own guesses for the plugin's routes are replaced, not added beside them.
    expect(Object.keys(document.paths).filter((p) => p.startsWith('/invitations/')).length).toBe(
      new Set(contentApi.routes.map((route) => route.path)).size
    );
  });
});
