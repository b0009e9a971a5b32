import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { AcceptResult, MembershipView, MyInvitation } from '../../../../shared/contracts';
import { api } from '../api';
import { Notice } from '../components/Layout';
import { actionRunner, messageOf, type Feedback } from '../feedback';
import { dateLabel, roleLabel } from '../format';
import { chooseOrganization, currentOrganization } from '../session';

const STATUS_WORDS: Partial<Record<MembershipView['status'], string>> = {
  pending: 'Waiting for approval',
  rejected: 'Request declined',
};

/** The user's organizations (switch, leave) and the invitations waiting for them. */
export function MyOrganizationsPage() {
  const navigate = useNavigate();
  const [memberships, setMemberships] = useState<MembershipView[] | null>(null);
  const [invitations, setInvitations] = useState<MyInvitation[]>([]);
  const [current, setCurrent] = useState(currentOrganization);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [leaving, setLeaving] = useState<MembershipView | null>(null);

  const load = useCallback(async () => {
    const [mine, waiting] = await Promise.all([
      api<{ data: MembershipView[] }>('/api/invitations/me/organizations'),
      api<{ data: MyInvitation[] }>('/api/invitations/me/invitations'),
    ]);
    setMemberships(mine.data);
    setInvitations(waiting.data);
  }, []);

  const notify: Feedback = useCallback((tone, text) => setMessage({ tone, text }), []);

  useEffect(() => {
    load().catch((error: unknown) => notify('error', messageOf(error, 'Could not load your organizations.')));
  }, [load, notify]);

  const act = actionRunner(notify, load);

  const switchTo = (membership: MembershipView) => {
    chooseOrganization(membership.organization.slug);
    setCurrent(membership.organization.slug);
    navigate(`/organizations/${membership.organization.slug}/members`);
  };

  if (!memberships) return message ? <Notice tone="error">{message.text}</Notice> : <p>Loading…</p>;

  return (
    <>
      <h1>My organizations</h1>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}

      {invitations.length > 0 && (
        <section className="card" aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">Invitations waiting for you</h2>
          <ul className="rows">
            {invitations.map((invitation) => {
              const name = invitation.organization?.name ?? invitation.portal;
              return (
                <li key={invitation.documentId} data-invitation={name}>
                  <div>
                    <strong>{name}</strong> as {roleLabel(invitation.role)}
                    <div className="muted">
                      {invitation.inviter ? `From ${invitation.inviter.name}, ` : ''}valid until{' '}
                      {dateLabel(invitation.expiresAt)}
                    </div>
                  </div>
                  <div className="actions">
                    <button
                      type="button"
                      className="primary"
                      onClick={() =>
                        act(async () => {
                          const result = await api<AcceptResult>(
                            `/api/invitations/me/invitations/${invitation.documentId}/accept`,
                            { method: 'POST' }
                          );
                          return result.membership?.status === 'pending'
                            ? `Your request to join ${name} is waiting for approval.`
                            : `You joined ${name}.`;
                        })
                      }
                    >
                      Accept
                    </button>
                    <button
                      type="button"
                      onClick={() =>
                        act(async () => {
                          await api(`/api/invitations/me/invitations/${invitation.documentId}/decline`, {
                            method: 'POST',
                            body: {},
                          });
                          return `You declined the invitation to ${name}.`;
                        })
                      }
                    >
                      Decline
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <section className="card" aria-labelledby="organizations-heading">
        <h2 id="organizations-heading">Organizations</h2>
        {memberships.length === 0 ? (
          <p className="muted">You are not a member of any organization yet. Accept an invitation to join one.</p>
        ) : (
          <ul className="rows">
            {memberships.map((membership) => (
              <li key={membership.documentId} data-organization={membership.organization.slug}>
                <div>
                  <strong>{membership.organization.name}</strong>{' '}
                  {current === membership.organization.slug && <span className="badge">Current</span>}
                  <div className="muted">
                    {roleLabel(membership.role)}
                    {membership.teams.length > 0 && ` · ${membership.teams.map((team) => team.name).join(', ')}`}
                    {STATUS_WORDS[membership.status] && ` · ${STATUS_WORDS[membership.status]}`}
                    {membership.rejectReason && `: ${membership.rejectReason}`}
                  </div>
                </div>
                <div className="actions">
                  {membership.status === 'active' && (
                    <button type="button" className="primary" onClick={() => switchTo(membership)}>
                      Open {membership.organization.name}
                    </button>
                  )}
                  {membership.status !== 'rejected' && (
                    <button type="button" onClick={() => setLeaving(membership)}>
                      Leave {membership.organization.name}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      {leaving && (
        <div className="panel" role="alertdialog" aria-label={`Leave ${leaving.organization.name}`}>
          <p>
            Leave <strong>{leaving.organization.name}</strong>? You lose access to it until someone invites you again.
          </p>
          <div className="actions">
            <button
              type="button"
              className="danger"
              onClick={() => {
                const membership = leaving;
                setLeaving(null);
                void act(async () => {
                  await api(`/api/invitations/me/organizations/${membership.documentId}`, { method: 'DELETE' });
                  return `You left ${membership.organization.name}.`;
                });
              }}
            >
              Leave
            </button>
            <button type="button" onClick={() => setLeaving(null)}>
              Stay
            </button>
          </div>
        </div>
      )}
    </>
  );
}
