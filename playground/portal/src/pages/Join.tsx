import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import type { JoinLinkPreview, JoinResult } from '../../../../shared/contracts';
import { ApiError, api, register, signIn, signOut } from '../api';
import { FieldInputs, fieldErrorsOf, type Answers } from '../components/FieldInputs';
import { Notice } from '../components/Layout';
import { messageOf } from '../feedback';
import { dateLabel, roleLabel } from '../format';
import { useLinkPreview } from '../useLinkPreview';
import { chooseOrganization, useSession } from '../session';

/** The page join links open (`joinUrl`): a campaign's or an organization's shareable link. */
type Final = { step: 'joined'; result: JoinResult };

const GONE_TITLES: Record<string, string> = {
  JOIN_LINK_EXPIRED: 'This link has expired',
  JOIN_LINK_EXHAUSTED: 'This link has been used up',
  JOIN_LINK_REVOKED: 'This link was withdrawn',
  JOIN_LINK_NOT_FOUND: 'This link is not valid',
};

export function JoinPage() {
  const { token, state, setState, finish } = useLinkPreview<JoinLinkPreview, Final>(
    'portal.joinToken',
    '/api/invitations/join-links/preview'
  );

  switch (state.step) {
    case 'loading':
      return <p className="card narrow">Opening the link…</p>;
    case 'no-token':
      return (
        <section className="card narrow">
          <h1>Open the link you were given</h1>
          <p>This page lets you join when you open it from a join link.</p>
        </section>
      );
    case 'gone':
      return (
        <section className="card narrow">
          <h1>{GONE_TITLES[state.error.code ?? ''] ?? 'This link cannot be opened'}</h1>
          <Notice tone="warning">{state.error.message}</Notice>
        </section>
      );
    case 'joined':
      return <Joined result={state.result} />;
    case 'open':
      return (
        <OpenLink
          token={token!}
          preview={state.preview}
          onJoined={(result) => finish({ step: 'joined', result })}
          onGone={(error) => setState({ step: 'gone', error })}
        />
      );
  }
}

function Joined({ result }: { result: JoinResult }) {
  useEffect(() => chooseOrganization(result.organization.slug), [result.organization.slug]);
  return (
    <section className="card narrow">
      <h1>
        {result.membership.status === 'pending' ? 'Thank you for applying' : `Welcome to ${result.organization.name}`}
      </h1>
      {result.membership.status === 'pending' ? (
        <Notice tone="info">
          Your request to join {result.organization.name} is waiting for approval. You will find it under My
          organizations meanwhile.
        </Notice>
      ) : (
        <Notice tone="success">You are now a member of {result.organization.name}.</Notice>
      )}
      <p>
        <Link className="button primary" to="/organizations">
          Go to My organizations
        </Link>
      </p>
    </section>
  );
}

function OpenLink({
  token,
  preview,
  onJoined,
  onGone,
}: {
  token: string;
  preview: JoinLinkPreview;
  onJoined: (result: JoinResult) => void;
  onGone: (error: ApiError) => void;
}) {
  const session = useSession();
  const [mode, setMode] = useState<'sign-up' | 'sign-in'>('sign-up');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [partnerName, setPartnerName] = useState('');
  const [answers, setAnswers] = useState<Answers>({});
  const [answerErrors, setAnswerErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const partnerProgram = preview.kind === 'partner_program';
  const target = preview.organization?.name ?? preview.portal;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setAnswerErrors({});
    try {
      if (!session) {
        // A join link proves no address: whoever joins signs up (or in) first, with their own.
        const started = mode === 'sign-up' ? await register(email, password) : await signIn(email, password);
        if (!started) {
          setError('Check your mailbox: confirm your address, sign in, then open this link again.');
          return;
        }
      }
      const answer = await api<{ data: JoinResult }>('/api/invitations/join-links/join', {
        method: 'POST',
        body: { token, application: { ...answers, ...(partnerProgram ? { partnerName } : {}) } },
      });
      onJoined(answer.data);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 410) onGone(caught);
      else {
        setAnswerErrors(fieldErrorsOf(caught, 'application'));
        setError(messageOf(caught, 'The server could not be reached. Try again.'));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow">
      <h1>{partnerProgram ? `Become a partner on ${preview.portal}` : `Join ${target}`}</h1>
      <p>
        {partnerProgram
          ? 'Name your company: it becomes a partner organization, and you its first member'
          : `You join ${target} on ${preview.portal}`}{' '}
        as <strong>{roleLabel(preview.role)}</strong>.
        {preview.onboarding === 'approval' && ' An admin approves each request before it counts.'}
      </p>
      <dl className="facts">
        {preview.allowedDomains.length > 0 && (
          <>
            <dt>Open to</dt>
            <dd>addresses at {preview.allowedDomains.join(', ')}</dd>
          </>
        )}
        <dt>Valid until</dt>
        <dd>{preview.expiresAt ? dateLabel(preview.expiresAt) : 'further notice'}</dd>
      </dl>

      <form onSubmit={submit}>
        {session ? (
          <p className="muted">
            Joining as {session.user.email}.{' '}
            <button type="button" className="link" onClick={() => void signOut()}>
              Not you?
            </button>
          </p>
        ) : (
          <>
            <div className="tabs" role="tablist" aria-label="Your account">
              <button type="button" role="tab" aria-selected={mode === 'sign-up'} onClick={() => setMode('sign-up')}>
                I am new here
              </button>
              <button type="button" role="tab" aria-selected={mode === 'sign-in'} onClick={() => setMode('sign-in')}>
                I already have an account
              </button>
            </div>
            <label>
              Your email
              <input
                type="email"
                autoComplete="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </label>
            <label>
              {mode === 'sign-up' ? 'Choose a password' : 'Your password'}
              <input
                type="password"
                autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
          </>
        )}
        {partnerProgram && (
          <label>
            Company name
            <input required maxLength={200} value={partnerName} onChange={(e) => setPartnerName(e.target.value)} />
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
        <button type="submit" className="primary" disabled={busy}>
          {partnerProgram ? 'Apply' : `Join ${target}`}
        </button>
      </form>
    </section>
  );
}
