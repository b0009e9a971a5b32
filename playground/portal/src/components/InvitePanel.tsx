import { useState, type FormEvent } from 'react';
import type { InviteOutcome, OrganizationOverview } from '../../../../shared/contracts';
// The server's own splitting, so each address shown here is one the server will read.
import { normalizeEmail, splitEmails } from '../../../../server/src/utils/emails';
import { api } from '../api';
import { roleLabel } from '../format';
import { FieldInputs, fieldErrorsOf, type Answers } from './FieldInputs';
import { ImportCsv } from './ImportCsv';
import { messageOf } from '../feedback';
import { Notice } from './Layout';
import { RoleOptions } from './RoleOptions';
import { TeamPicker } from './TeamPicker';

/** Invite by pasted addresses (a role for the batch, or one per address, and teams), or from a CSV file. */
export function InvitePanel({
  overview,
  onClose,
  onInvited,
}: {
  overview: OrganizationOverview;
  onClose: () => void;
  onInvited: () => void;
}) {
  const [mode, setMode] = useState<'emails' | 'csv'>('emails');
  const [emails, setEmails] = useState('');
  const [role, setRole] = useState(overview.defaultRole);
  const [teams, setTeams] = useState<string[]>([]);
  // A role picked for one address, by its normalized address; the others take `role`.
  const [roleOf, setRoleOf] = useState<Record<string, string>>({});
  const [fieldValues, setFieldValues] = useState<Answers>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const addresses = [...new Map(splitEmails(emails).map((address) => [normalizeEmail(address), address])).values()];
  const [outcomes, setOutcomes] = useState<InviteOutcome[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/api/invitations/organizations/${overview.slug}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      // One entry per address, with its own role where one was picked; the server answers per address.
      const entries = addresses.map((address) => {
        const own = roleOf[normalizeEmail(address)];
        return own ? { email: address, role: own } : address;
      });
      const answer = await api<{ data: InviteOutcome[] }>(`${path}/invitations`, {
        method: 'POST',
        body: { emails: entries, role, teams, customFields: fieldValues },
      });
      setOutcomes(answer.data);
      setEmails('');
      onInvited();
    } catch (caught) {
      setFieldErrors(fieldErrorsOf(caught, 'customFields'));
      setError(messageOf(caught, 'The server could not be reached. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" role="dialog" aria-label="Invite members">
      <div className="page-head">
        <h2>Invite members to {overview.name}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {overview.capabilities.includes('import') && (
        <div className="tabs" role="tablist" aria-label="How to invite">
          <button type="button" role="tab" aria-selected={mode === 'emails'} onClick={() => setMode('emails')}>
            Email addresses
          </button>
          <button type="button" role="tab" aria-selected={mode === 'csv'} onClick={() => setMode('csv')}>
            CSV file
          </button>
        </div>
      )}

      {mode === 'csv' ? (
        <ImportCsv path={`${path}/import`} onImported={onInvited} />
      ) : (
        <form onSubmit={submit}>
          <label>
            Email addresses
            <textarea
              rows={3}
              required
              placeholder="ann@partner.com, bob@partner.com"
              value={emails}
              onChange={(e) => setEmails(e.target.value)}
            />
          </label>
          <p className="hint">Paste several, separated by commas, semicolons, spaces or new lines.</p>
          <label>
            Role
            <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value)}>
              <RoleOptions roles={overview.grantableRoles} />
            </select>
          </label>
          {addresses.length > 0 && overview.grantableRoles.length > 1 && (
            <fieldset className="application" aria-label="Role of each address">
              <legend>Role of each address</legend>
              {addresses.map((address) => {
                const key = normalizeEmail(address);
                return (
                  <label key={key} className="inline">
                    {address}
                    <select
                      aria-label={`Role of ${address}`}
                      value={roleOf[key] ?? ''}
                      onChange={(e) => setRoleOf({ ...roleOf, [key]: e.target.value })}
                    >
                      <option value="">As above ({roleLabel(role)})</option>
                      <RoleOptions roles={overview.grantableRoles} />
                    </select>
                  </label>
                );
              })}
            </fieldset>
          )}
          <FieldInputs
            legend="Details"
            fields={overview.fields.invitation}
            answers={fieldValues}
            errors={fieldErrors}
            onChange={setFieldValues}
          />
          {overview.teams.length > 0 && <TeamPicker teams={overview.teams} chosen={teams} onChange={setTeams} />}
          {overview.allowedDomains.length > 0 && (
            <p className="hint">Only addresses at {overview.allowedDomains.join(', ')} can be invited.</p>
          )}
          {error && <Notice tone="error">{error}</Notice>}
          <button type="submit" className="primary" disabled={busy}>
            Send invitations
          </button>
        </form>
      )}

      {outcomes && (
        <table aria-label="What happened to each address">
          <thead>
            <tr>
              <th>Address</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {outcomes.map((outcome) => (
              <tr key={outcome.input} data-result={outcome.result}>
                <td>{outcome.email || outcome.input}</td>
                <td>{outcome.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
