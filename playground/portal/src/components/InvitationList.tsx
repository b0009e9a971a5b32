import { useCallback, useEffect, useState } from 'react';
import type { InvitationDto, InvitationStatus, OrganizationOverview, Pagination } from '../../../../shared/contracts';
import { api } from '../api';
import { dateLabel, plural, roleLabel } from '../format';
import { actionRunner, messageOf, type Feedback } from '../feedback';

const STATUS_FILTERS: { value: InvitationStatus | ''; label: string }[] = [
  { value: 'pending', label: 'Pending' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
  { value: 'declined', label: 'Declined' },
  { value: 'accepted', label: 'Accepted' },
  { value: '', label: 'All' },
];

const reasonLabel = (reason: string) => (reason.charAt(0).toUpperCase() + reason.slice(1)).replace(/_/g, ' ');

/**
 * The organization's invitations: resend, copy the link, revoke with a reason, and a new invitation
 * for one that expired, was revoked or declined (SoftwareOne's "send a new invitation").
 */
export function InvitationList({
  overview,
  notify,
  revision,
}: {
  overview: OrganizationOverview;
  notify: Feedback;
  revision: number;
}) {
  const [status, setStatus] = useState<InvitationStatus | ''>('pending');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [rows, setRows] = useState<InvitationDto[]>([]);
  const [pagination, setPagination] = useState<Pagination | null>(null);
  const [revoking, setRevoking] = useState<InvitationDto | null>(null);
  const path = `/api/invitations/organizations/${overview.slug}/invitations`;

  const load = useCallback(async () => {
    const query = new URLSearchParams({ page: String(page), pageSize: '20' });
    if (status) query.set('status', status);
    if (search.trim()) query.set('search', search.trim());
    const answer = await api<{ data: InvitationDto[]; meta: { pagination: Pagination } }>(`${path}?${query}`);
    setRows(answer.data);
    setPagination(answer.meta.pagination);
  }, [path, page, status, search]);

  useEffect(() => {
    load().catch((error: unknown) => notify('error', messageOf(error, 'Could not load the invitations.')));
  }, [load, notify, revision]);

  const act = actionRunner(notify, load);

  const copyLink = (invitation: InvitationDto) =>
    act(async () => {
      const { data } = await api<{ data: { link: string } }>(`${path}/${invitation.documentId}/link`);
      await navigator.clipboard.writeText(data.link);
      return `Invitation link of ${invitation.email} copied.`;
    });

  return (
    <section aria-label="Invitations">
      <div className="filters">
        <label className="inline">
          Status
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as InvitationStatus | '');
              setPage(1);
            }}
          >
            {STATUS_FILTERS.map((option) => (
              <option key={option.label} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Search
          <input
            type="search"
            value={search}
            placeholder="Email or name"
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
        </label>
      </div>

      {rows.length === 0 ? (
        <p className="muted">No invitations here.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Status</th>
              <th>Sent</th>
              <th>Expires</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((invitation) => (
              <tr key={invitation.documentId} data-email={invitation.email}>
                <td>{invitation.email}</td>
                <td>{roleLabel(invitation.role)}</td>
                <td>
                  <span className={`badge status-${invitation.status}`}>{roleLabel(invitation.status)}</span>
                  {invitation.revokeReason && <div className="muted">{reasonLabel(invitation.revokeReason)}</div>}
                </td>
                <td>{invitation.delivery.lastSentAt ? dateLabel(invitation.delivery.lastSentAt) : 'Not sent yet'}</td>
                <td>{dateLabel(invitation.expiresAt)}</td>
                <td className="actions">
                  {invitation.status === 'pending' ? (
                    <>
                      <button
                        type="button"
                        aria-label={`Resend to ${invitation.email}`}
                        onClick={() =>
                          act(async () => {
                            await api(`${path}/${invitation.documentId}/resend`, { method: 'POST' });
                            return `The invitation of ${invitation.email} will be sent again.`;
                          })
                        }
                      >
                        Resend
                      </button>
                      <button
                        type="button"
                        aria-label={`Copy link of ${invitation.email}`}
                        onClick={() => void copyLink(invitation)}
                      >
                        Copy link
                      </button>
                      {overview.capabilities.includes('revoke') && (
                        <button
                          type="button"
                          className="danger"
                          aria-label={`Revoke invitation of ${invitation.email}`}
                          onClick={() => setRevoking(invitation)}
                        >
                          Revoke
                        </button>
                      )}
                    </>
                  ) : invitation.status !== 'accepted' ? (
                    <button
                      type="button"
                      aria-label={`Send a new invitation to ${invitation.email}`}
                      onClick={() =>
                        act(async () => {
                          await api(`${path}/${invitation.documentId}/reissue`, { method: 'POST' });
                          return `A new invitation is on its way to ${invitation.email}.`;
                        })
                      }
                    >
                      Send new invitation
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pagination && pagination.pageCount > 1 && (
        <div className="pager">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            {pagination.totalCapped
              ? `Page ${pagination.page} of ${pagination.pageCount}+ (more than ${plural(pagination.total, 'invitation')})`
              : `Page ${pagination.page} of ${pagination.pageCount} (${plural(pagination.total, 'invitation')})`}
          </span>
          <button type="button" disabled={page >= pagination.pageCount} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </div>
      )}

      {revoking && (
        <RevokePanel
          invitation={revoking}
          reasons={overview.revokeReasons}
          onCancel={() => setRevoking(null)}
          onRevoke={(reason, note) =>
            act(async () => {
              await api(`${path}/revoke`, { method: 'POST', body: { ids: [revoking.documentId], reason, note } });
              setRevoking(null);
              return `The invitation of ${revoking.email} was revoked.`;
            })
          }
        />
      )}
    </section>
  );
}

function RevokePanel({
  invitation,
  reasons,
  onCancel,
  onRevoke,
}: {
  invitation: InvitationDto;
  reasons: string[];
  onCancel: () => void;
  onRevoke: (reason: string, note: string | null) => void;
}) {
  const [reason, setReason] = useState(reasons[0] ?? 'other');
  const [note, setNote] = useState('');
  const needsNote = reason === 'other' && !note.trim();
  return (
    <div className="panel" role="alertdialog" aria-label={`Revoke the invitation of ${invitation.email}`}>
      <p>
        Revoke the invitation of <strong>{invitation.email}</strong>? Its link stops working at once.
      </p>
      <label>
        Reason
        <select value={reason} onChange={(e) => setReason(e.target.value)}>
          {reasons.map((option) => (
            <option key={option} value={option}>
              {reasonLabel(option)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Note{reason === 'other' ? '' : ' (optional)'}
        <input value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
      </label>
      {needsNote && <p className="hint">Write a note that explains why.</p>}
      <div className="actions">
        <button
          type="button"
          className="danger"
          disabled={needsNote}
          onClick={() => onRevoke(reason, note.trim() || null)}
        >
          Revoke
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
