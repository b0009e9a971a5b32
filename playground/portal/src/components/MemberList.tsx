import { useCallback, useEffect, useState } from 'react';
import { RoleOptions } from './RoleOptions';
import type { MemberDto, OrganizationOverview } from '../../../../shared/contracts';
import { api } from '../api';
import { dateLabel, roleLabel } from '../format';
import { actionRunner, messageOf, type Feedback } from '../feedback';
import { TeamPicker } from './TeamPicker';

/** Active members; those who may manage members change roles and teams and remove people. */
export function MemberList({ overview, notify }: { overview: OrganizationOverview; notify: Feedback }) {
  const [members, setMembers] = useState<MemberDto[]>([]);
  const [editingTeams, setEditingTeams] = useState<MemberDto | null>(null);
  const manages = overview.capabilities.includes('members.manage');
  const path = `/api/invitations/organizations/${overview.slug}/members`;

  const load = useCallback(async () => {
    setMembers((await api<{ data: MemberDto[] }>(`${path}?pageSize=100`)).data);
  }, [path]);

  useEffect(() => {
    load().catch((error: unknown) => notify('error', messageOf(error, 'Could not load the members.')));
  }, [load, notify]);

  const act = actionRunner(notify, load);

  const change = (member: MemberDto, body: { role?: string; teams?: string[] }, done: string) =>
    act(async () => {
      await api(`${path}/${member.documentId}`, { method: 'PUT', body });
      return done;
    });

  return (
    <section aria-label="Members">
      <table>
        <thead>
          <tr>
            <th>Member</th>
            <th>Role</th>
            <th>Teams</th>
            <th>Joined</th>
            {manages && (
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => {
            const email = member.user?.email ?? '(deleted account)';
            // A member is changed only by someone at or above their role (the server enforces it too).
            const changeable = manages && overview.grantableRoles.includes(member.role);
            return (
              <tr key={member.documentId} data-email={email}>
                <td>
                  {email}
                  {member.joinLink && <div className="muted">Joined through &quot;{member.joinLink.label}&quot;</div>}
                </td>
                <td>
                  {changeable ? (
                    <select
                      aria-label={`Role of ${email}`}
                      value={member.role}
                      onChange={(e) =>
                        void change(member, { role: e.target.value }, `${email} is now ${roleLabel(e.target.value)}.`)
                      }
                    >
                      <RoleOptions roles={overview.grantableRoles} />
                    </select>
                  ) : (
                    roleLabel(member.role)
                  )}
                </td>
                <td>{member.teams.map((team) => team.name).join(', ') || '—'}</td>
                <td>{dateLabel(member.joinedAt)}</td>
                {manages && (
                  <td className="actions">
                    {changeable && overview.teams.length > 0 && (
                      <button type="button" aria-label={`Teams of ${email}`} onClick={() => setEditingTeams(member)}>
                        Teams
                      </button>
                    )}
                    {changeable && (
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Remove ${email}`}
                        onClick={() =>
                          act(async () => {
                            await api(`${path}/${member.documentId}`, { method: 'DELETE' });
                            return `${email} was removed from ${overview.name}.`;
                          })
                        }
                      >
                        Remove
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {editingTeams && (
        <TeamsPanel
          member={editingTeams}
          overview={overview}
          onDone={(teams) => {
            const member = editingTeams;
            setEditingTeams(null);
            if (teams) void change(member, { teams }, `Teams of ${member.user?.email ?? 'the member'} saved.`);
          }}
        />
      )}
    </section>
  );
}

function TeamsPanel({
  member,
  overview,
  onDone,
}: {
  member: MemberDto;
  overview: OrganizationOverview;
  onDone: (teams: string[] | null) => void;
}) {
  const [teams, setTeams] = useState(member.teams.map((team) => team.documentId));
  return (
    <div className="panel" role="dialog" aria-label={`Teams of ${member.user?.email}`}>
      <TeamPicker teams={overview.teams} chosen={teams} onChange={setTeams} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => onDone(teams)}>
          Save teams
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
