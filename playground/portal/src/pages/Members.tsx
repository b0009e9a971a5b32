import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { OrganizationCapability, OrganizationOverview } from '../../../../shared/contracts';
import { api } from '../api';
import { ApprovalList } from '../components/ApprovalList';
import { InvitationList } from '../components/InvitationList';
import { InvitePanel } from '../components/InvitePanel';
import { JoinLinkList } from '../components/JoinLinkList';
import { Notice } from '../components/Layout';
import { MemberList } from '../components/MemberList';
import { messageOf, type Feedback } from '../feedback';
import { roleLabel } from '../format';

type Tab = 'members' | 'invitations' | 'approvals' | 'join-links';

/** Which tab each capability opens; a member sees only what their role can do. */
const TABS: { id: Tab; label: string; needs: OrganizationCapability }[] = [
  { id: 'members', label: 'Members', needs: 'members.read' },
  { id: 'invitations', label: 'Invitations', needs: 'invite' },
  { id: 'approvals', label: 'Approvals', needs: 'members.manage' },
  { id: 'join-links', label: 'Join links', needs: 'joinLinks.manage' },
];

/**
 * An organization's Members page: what an organization admin uses instead of the Strapi admin panel.
 * The overview says the caller's capabilities; the server checks each of them again on every call.
 */
export function MembersPage() {
  const { org = '' } = useParams();
  const [overview, setOverview] = useState<OrganizationOverview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('members');
  const [inviting, setInviting] = useState(false);
  const [feedback, setFeedback] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  // Bumped after an invite or import so the invitation list reloads.
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    setOverview(null);
    api<{ data: OrganizationOverview }>(`/api/invitations/organizations/${encodeURIComponent(org)}`)
      .then(({ data }) => setOverview(data))
      .catch((error: unknown) => setLoadError(messageOf(error, 'Could not load this organization.')));
  }, [org]);

  const notify: Feedback = useCallback((tone, text) => setFeedback({ tone, text }), []);

  if (loadError) {
    return (
      <>
        <Notice tone="error">{loadError}</Notice>
        <Link to="/organizations">Back to My organizations</Link>
      </>
    );
  }
  if (!overview) return <p>Loading…</p>;

  const can = (capability: OrganizationCapability) => overview.capabilities.includes(capability);
  const tabs = TABS.filter((candidate) => can(candidate.needs));
  const shown = tabs.some((candidate) => candidate.id === tab) ? tab : tabs[0]?.id;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{overview.name}</h1>
          <p className="muted">Your role: {roleLabel(overview.role)}</p>
        </div>
        {can('invite') && (
          <button type="button" className="primary" onClick={() => setInviting(true)}>
            Invite members
          </button>
        )}
      </div>
      {feedback && <Notice tone={feedback.tone}>{feedback.text}</Notice>}

      {inviting && (
        <InvitePanel
          overview={overview}
          onClose={() => setInviting(false)}
          onInvited={() => {
            setRevision((value) => value + 1);
            setTab('invitations');
          }}
        />
      )}

      {tabs.length === 0 ? (
        <p className="muted">Your role in {overview.name} does not include seeing its members.</p>
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label={`${overview.name} sections`}>
            {tabs.map((candidate) => (
              <button
                key={candidate.id}
                type="button"
                role="tab"
                aria-selected={shown === candidate.id}
                onClick={() => setTab(candidate.id)}
              >
                {candidate.label}
              </button>
            ))}
          </div>
          {shown === 'members' && <MemberList overview={overview} notify={notify} />}
          {shown === 'invitations' && <InvitationList overview={overview} notify={notify} revision={revision} />}
          {shown === 'approvals' && <ApprovalList overview={overview} notify={notify} />}
          {shown === 'join-links' && <JoinLinkList overview={overview} notify={notify} />}
        </>
      )}
    </>
  );
}
