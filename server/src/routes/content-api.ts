/**
 * Content API. The invitee routes are authorized by the 256-bit token, which travels in the request
 * body and never in the URL: Strapi logs every URL (and so do proxies), and a logged token is a live
 * link. They are `auth: false` because the invitee may have no account yet; a JWT, when sent, says who
 * accepts. They are rate limited per client. `me/organizations` needs a JWT.
 */
const invitee = { auth: false as const, middlewares: ['plugin::invitations.rate-limit'] };

export default {
  type: 'content-api',
  routes: [
    {
      method: 'POST',
      path: '/invitations/preview',
      handler: 'invitation-response.preview',
      config: invitee,
    },
    {
      method: 'POST',
      path: '/invitations/accept',
      handler: 'invitation-response.accept',
      config: invitee,
    },
    {
      method: 'POST',
      path: '/invitations/decline',
      handler: 'invitation-response.decline',
      config: invitee,
    },
    {
      method: 'GET',
      path: '/me/organizations',
      handler: 'invitation-response.myOrganizations',
      config: { auth: false, policies: ['plugin::invitations.is-signed-in'] },
    },
  ],
};
