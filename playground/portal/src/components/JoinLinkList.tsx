import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { RoleOptions } from './RoleOptions';
import type { JoinLinkDto, JoinLinkWithUrl, OrganizationOverview } from '../../../../shared/contracts';
import { api } from '../api';
import { actionRunner, messageOf, type Feedback } from '../feedback';
import { dateLabel, roleLabel } from '../format';

const STATE_WORDS: Record<JoinLinkDto['state'], string> = {
  active: 'Active',
  exhausted: 'Used up',
  expired: 'Expired',
  revoked: 'Revoked',
};

/**
 * The organization's join links: one link to share (in a chat, on an intranet page) that lets
 * colleagues join without an invitation each, within its expiry and use limit.
 */
export function JoinLinkList({ overview, notify }: { overview: OrganizationOverview; notify: Feedback }) {
  const [links, setLinks] = useState<JoinLinkDto[]>([]);
  const [creating, setCreating] = useState(false);
  const path = `/api/invitations/organizations/${overview.slug}/join-links`;

  const load = useCallback(async () => {
    setLinks((await api<{ data: JoinLinkDto[] }>(`${path}?pageSize=100`)).data);
  }, [path]);

  useEffect(() => {
    load().catch((error: unknown) => notify('error', messageOf(error, 'Could not load the join links.')));
  }, [load, notify]);

  const act = actionRunner(notify, load);

  const copy = (link: JoinLinkDto, url?: string) =>
    act(async () => {
      const shared = url ?? (await api<{ data: JoinLinkWithUrl }>(`${path}/${link.documentId}/link`)).data.url;
      await navigator.clipboard.writeText(shared);
      return `Join link "${link.label}" copied.`;
    });

  return (
    <section aria-label="Join links">
      <div className="page-head">
        <p className="muted">Share one link instead of inviting each colleague; it stops at its limit or expiry.</p>
        <button type="button" onClick={() => setCreating(true)}>
          New join link
        </button>
      </div>
      {creating && (
        <CreateJoinLink
          overview={overview}
          onCancel={() => setCreating(false)}
          onCreate={(body) =>
            act(async () => {
              const { data } = await api<{ data: JoinLinkWithUrl }>(path, { method: 'POST', body });
              setCreating(false);
              await navigator.clipboard.writeText(data.url);
              return `Join link "${data.joinLink.label}" created and copied.`;
            })
          }
        />
      )}
      {links.length === 0 ? (
        <p className="muted">No join links yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Label</th>
              <th>Role</th>
              <th>Uses</th>
              <th>Expires</th>
              <th>State</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {links.map((link) => (
              <tr key={link.documentId} data-join-link={link.label}>
                <td>{link.label}</td>
                <td>{roleLabel(link.role)}</td>
                <td>{link.maxUses === null ? `${link.uses} (no limit)` : `${link.uses} of ${link.maxUses}`}</td>
                <td>{link.expiresAt ? dateLabel(link.expiresAt) : 'Never'}</td>
                <td>
                  <span className="badge">{STATE_WORDS[link.state]}</span>
                </td>
                <td className="actions">
                  {link.state === 'active' && (
                    <>
                      <button type="button" aria-label={`Copy join link ${link.label}`} onClick={() => void copy(link)}>
                        Copy link
                      </button>
                      <button
                        type="button"
                        aria-label={`New URL for ${link.label}`}
                        onClick={() =>
                          act(async () => {
                            const { data } = await api<{ data: JoinLinkWithUrl }>(`${path}/${link.documentId}/rotate`, {
                              method: 'POST',
                            });
                            await navigator.clipboard.writeText(data.url);
                            return `"${link.label}" has a new URL (copied); the old one no longer works.`;
                          })
                        }
                      >
                        New URL
                      </button>
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Revoke join link ${link.label}`}
                        onClick={() =>
                          act(async () => {
                            await api(`${path}/${link.documentId}/revoke`, { method: 'POST' });
                            return `Join link "${link.label}" revoked.`;
                          })
                        }
                      >
                        Revoke
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CreateJoinLink({
  overview,
  onCancel,
  onCreate,
}: {
  overview: OrganizationOverview;
  onCancel: () => void;
  onCreate: (body: { label: string; role: string; maxUses: number | null; expiresInHours: number | null }) => void;
}) {
  const [label, setLabel] = useState('');
  const [role, setRole] = useState(overview.defaultRole);
  const [maxUses, setMaxUses] = useState('');
  const [days, setDays] = useState('30');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onCreate({
      label,
      role,
      maxUses: maxUses ? Number(maxUses) : null,
      expiresInHours: days ? Number(days) * 24 : null,
    });
  };

  return (
    <form className="panel" aria-label="New join link" onSubmit={submit}>
      <label>
        Label
        <input
          required
          maxLength={200}
          placeholder="Sales team onboarding"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
        />
      </label>
      <label>
        Role
        <select value={role} onChange={(e) => setRole(e.target.value)}>
          <RoleOptions roles={overview.grantableRoles} />
        </select>
      </label>
      <label>
        Maximum uses (empty: no limit)
        <input type="number" min={1} value={maxUses} onChange={(e) => setMaxUses(e.target.value)} />
      </label>
      <label>
        Expires
        <select value={days} onChange={(e) => setDays(e.target.value)}>
          <option value="7">In 7 days</option>
          <option value="30">In 30 days</option>
          <option value="90">In 90 days</option>
          <option value="">Never</option>
        </select>
      </label>
      <div className="actions">
        <button type="submit" className="primary">
          Create and copy
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
