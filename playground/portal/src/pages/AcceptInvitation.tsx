import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import type { AcceptResult, InvitationPreview } from '../../../../shared/contracts';
import { ApiError, api, saveSession, signIn, signOut } from '../api';
import { FieldInputs, fieldErrorsOf, type Answers } from '../components/FieldInputs';
import { Notice, PORTAL_NAME } from '../components/Layout';
import { messageOf } from '../feedback';
import { dateLabel, roleLabel } from '../format';
import { useLinkPreview } from '../useLinkPreview';
import { chooseOrganization, useSession } from '../session';

/** The page the invitation mails link to (`acceptUrl`). */
type Final =
  | { step: 'accepted'; result: AcceptResult; preview: InvitationPreview }
  | { step: 'declined'; preview: InvitationPreview };

/** Titles for links that no longer work; the server's message says what to do next. */
const GONE_TITLES: Record<string, string> = {
  INVITATION_EXPIRED: 'This invitation has expired',
  INVITATION_REVOKED: 'This invitation was withdrawn',
  INVITATION_ALREADY_USED: 'This invitation was already used',
  INVITATION_NOT_FOUND: 'This invitation link is not valid',
};

export function AcceptInvitationPage() {
  const { token, state, finish } = useLinkPreview<InvitationPreview, Final>(
    'portal.invitationToken',
    '/api/invitations/invitations/preview'
  );

  switch (state.step) {
    case 'loading':
      return <p className="card narrow">Opening your invitation…</p>;
    case 'no-token':
      return (
        <section className="card narrow">
          <h1>Open the link from your invitation email</h1>
          <p>This page shows an invitation when you open it from the link in the email you received.</p>
        </section>
      );
    case 'gone':
      return (
        <section className="card narrow">
          <h1>{GONE_TITLES[state.error.code ?? ''] ?? 'This invitation cannot be opened'}</h1>
          <Notice tone="warning">
            {state.error.code === 'INVITATION_NOT_FOUND'
              ? 'Check that you opened the whole link from the email, or ask the person who invited you to send a new one.'
              : state.error.message}
          </Notice>
          {state.error.code === 'INVITATION_ALREADY_USED' && (
            <p>
              <Link to="/sign-in">Sign in</Link>
            </p>
          )}
        </section>
      );
    case 'declined':
      return (
        <section className="card narrow">
          <h1>Invitation declined</h1>
          <Notice tone="info">
            You declined the invitation to {state.preview.organization?.name ?? state.preview.portal}. The person who
            invited you has been told.
          </Notice>
        </section>
      );
    case 'accepted':
      return <Accepted result={state.result} />;
    case 'open':
      return (
        <OpenInvitation
          token={token!}
          preview={state.preview}
          onAccepted={(result) => finish({ step: 'accepted', result, preview: state.preview })}
          onDeclined={() => finish({ step: 'declined', preview: state.preview })}
        />
      );
  }
}

function Accepted({ result }: { result: AcceptResult }) {
  const organization = result.organization;
  useEffect(() => {
    if (organization) chooseOrganization(organization.slug);
  }, [organization]);
  return (
    <section className="card narrow">
      <h1>{organization ? `Welcome to ${organization.name}` : `Welcome to ${PORTAL_NAME}`}</h1>
      {result.membership?.status === 'pending' ? (
        <Notice tone="info">
          Your request to join {organization?.name} is waiting for an admin of the organization to approve it. You will
          find it under My organizations meanwhile.
        </Notice>
      ) : (
        <Notice tone="success">You are now a member{organization ? ` of ${organization.name}` : ''}.</Notice>
      )}
      <p>
        <Link className="button primary" to="/organizations">
          Go to My organizations
        </Link>
      </p>
    </section>
  );
}

function OpenInvitation({
  token,
  preview,
  onAccepted,
  onDeclined,
}: {
  token: string;
  preview: InvitationPreview;
  onAccepted: (result: AcceptResult) => void;
  onDeclined: () => void;
}) {
  const session = useSession();
  const [mode, setMode] = useState<'register' | 'sign-in'>('register');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [declining, setDeclining] = useState(false);
  const [declineReason, setDeclineReason] = useState('');
  const [answers, setAnswers] = useState<Answers>({});
  const [answerErrors, setAnswerErrors] = useState<Record<string, string>>({});
  const signedInAsInvitee = session && session.user.email.toLowerCase() === preview.email.toLowerCase();
  const target = preview.organization?.name ?? preview.portal;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setAnswerErrors({});
    try {
      await action();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'ACCOUNT_EXISTS') setMode('sign-in');
      setAnswerErrors(fieldErrorsOf(caught, 'application'));
      setError(messageOf(caught, 'The server could not be reached. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  // The application travels with every accept: the server checks it against the portal's fields.
  const accept = (body: Record<string, unknown>) =>
    api<AcceptResult>('/api/invitations/invitations/accept', {
      method: 'POST',
      body: { token, ...body, ...(preview.applicationFields.length > 0 ? { application: answers } : {}) },
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      if (signedInAsInvitee) {
        onAccepted(await accept({}));
      } else if (mode === 'sign-in') {
        await signIn(preview.email, password);
        onAccepted(await accept({}));
      } else {
        // Accepting without a JWT registers the account; the answer signs the new user in.
        const result = await accept({ password });
        if (result.jwt && result.user) {
          saveSession({ jwt: result.jwt, refreshToken: result.refreshToken ?? null, user: result.user });
        }
        onAccepted(result);
      }
    });
  };

  const decline = () =>
    run(async () => {
      await api('/api/invitations/invitations/decline', {
        method: 'POST',
        body: { token, reason: declineReason.trim() || null },
        signedIn: false,
      });
      onDeclined();
    });

  return (
    <section className="card narrow">
      <h1>You are invited to {target}</h1>
      <p>
        {preview.inviter ? `${preview.inviter.name} invited you` : 'You are invited'} to join <strong>{target}</strong>{' '}
        on {preview.portal} as <strong>{roleLabel(preview.role)}</strong>.
      </p>
      <dl className="facts">
        <dt>Invitation for</dt>
        <dd>{preview.email}</dd>
        <dt>Valid until</dt>
        <dd>{dateLabel(preview.expiresAt)}</dd>
      </dl>

      {session && !signedInAsInvitee ? (
        <>
          <Notice tone="warning">
            You are signed in as {session.user.email}, but this invitation is for {preview.email}. Sign out to accept it
            with that address.
          </Notice>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </>
      ) : (
        <form onSubmit={submit}>
          {!signedInAsInvitee && (
            <div className="tabs" role="tablist" aria-label="Your account">
              <button type="button" role="tab" aria-selected={mode === 'register'} onClick={() => setMode('register')}>
                I am new here
              </button>
              <button type="button" role="tab" aria-selected={mode === 'sign-in'} onClick={() => setMode('sign-in')}>
                I already have an account
              </button>
            </div>
          )}
          {!signedInAsInvitee && (
            <label>
              {mode === 'register' ? 'Choose a password' : 'Your password'}
              <input
                type="password"
                autoComplete={mode === 'register' ? 'new-password' : 'current-password'}
                required
                minLength={mode === 'register' ? 6 : undefined}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
          )}
          <FieldInputs
            legend="Your application"
            fields={preview.applicationFields}
            answers={answers}
            errors={answerErrors}
            onChange={setAnswers}
          />
          {error && <Notice tone="error">{error}</Notice>}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {signedInAsInvitee
                ? 'Accept invitation'
                : mode === 'register'
                  ? 'Create account and accept'
                  : 'Sign in and accept'}
            </button>
            <button type="button" disabled={busy} onClick={() => setDeclining(true)}>
              Decline
            </button>
          </div>
        </form>
      )}

      {declining && (
        <div className="panel" role="group" aria-label="Decline the invitation">
          <label>
            Reason (optional)
            <input value={declineReason} maxLength={1000} onChange={(e) => setDeclineReason(e.target.value)} />
          </label>
          <div className="actions">
            <button type="button" className="danger" disabled={busy} onClick={() => void decline()}>
              Decline invitation
            </button>
            <button type="button" onClick={() => setDeclining(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
