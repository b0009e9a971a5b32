import { useCallback, useEffect, useState } from 'react';
import type { MemberDto, OrganizationOverview } from '../../../../shared/contracts';
import { api } from '../api';
import { dateLabel, roleLabel } from '../format';
import { actionRunner, messageOf, type Feedback } from '../feedback';
import { FieldAnswers } from './FieldInputs';

/** People who accepted while the organization's onboarding is `approval`: approve or reject them. */
export function ApprovalList({ overview, notify }: { overview: OrganizationOverview; notify: Feedback }) {
  const [waiting, setWaiting] = useState<MemberDto[]>([]);
  const [rejecting, setRejecting] = useState<MemberDto | null>(null);
  const [reason, setReason] = useState('');
  const path = `/api/invitations/organizations/${overview.slug}/approvals`;

  const load = useCallback(async () => {
    setWaiting((await api<{ data: MemberDto[] }>(`${path}?pageSize=100`)).data);
  }, [path]);

  useEffect(() => {
    load().catch((error: unknown) => notify('error', messageOf(error, 'Could not load the approvals.')));
  }, [load, notify]);

  const act = actionRunner(notify, load);

  const decide = (member: MemberDto, decision: 'approve' | 'reject', body?: { reason: string | null }) =>
    act(async () => {
      const email = member.user?.email ?? 'the applicant';
      await api(`${path}/${member.documentId}/${decision}`, { method: 'POST', body: body ?? {} });
      return decision === 'approve' ? `${email} is now a member.` : `The request of ${email} was rejected.`;
    });

  if (waiting.length === 0) return <p className="muted">Nobody is waiting for approval.</p>;

  return (
    <section aria-label="Approvals">
      <ul className="rows">
        {waiting.map((member) => (
          <li key={member.documentId} data-email={member.user?.email}>
            <div>
              <strong>{member.user?.email}</strong> as {roleLabel(member.role)}
              <div className="muted">
                Asked on {dateLabel(member.requestedAt)}
                {member.joinLink && ` through "${member.joinLink.label}"`}
              </div>
              {typeof member.application?.partnerName === 'string' && (
                <div>Company: {member.application.partnerName}</div>
              )}
              <FieldAnswers
                values={member.application}
                definitions={overview.fields.application}
                omit={['partnerName']}
              />
            </div>
            <div className="actions">
              <button type="button" className="primary" onClick={() => void decide(member, 'approve')}>
                Approve
              </button>
              <button type="button" className="danger" onClick={() => setRejecting(member)}>
                Reject
              </button>
            </div>
          </li>
        ))}
      </ul>
      {rejecting && (
        <div className="panel" role="alertdialog" aria-label={`Reject ${rejecting.user?.email}`}>
          <label>
            Reason (shown to them, optional)
            <input value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
          </label>
          <div className="actions">
            <button
              type="button"
              className="danger"
              onClick={() => {
                const member = rejecting;
                setRejecting(null);
                setReason('');
                void decide(member, 'reject', { reason: reason.trim() || null });
              }}
            >
              Reject
            </button>
            <button type="button" onClick={() => setRejecting(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
