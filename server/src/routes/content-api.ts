/**
 * Invitee routes. Preview, accept and decline are authorized by the 256-bit token in the path
 * (`auth: false` because the invitee may not have an account yet); `me/organizations` needs a JWT.
 */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/invitations/:token', handler: 'invitation-response.preview', config: { auth: false } },
    {
      method: 'POST',
      path: '/invitations/:token/accept',
      handler: 'invitation-response.accept',
      config: { auth: false },
    },
    {
      method: 'POST',
      path: '/invitations/:token/decline',
      handler: 'invitation-response.decline',
      config: { auth: false },
    },
    {
      method: 'GET',
      path: '/me/organizations',
      handler: 'invitation-response.myOrganizations',
      config: { auth: false, policies: ['plugin::invitations.is-signed-in'] },
    },
  ],
};
