import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { signIn } from '../api';
import { messageOf } from '../feedback';
import { Notice } from '../components/Layout';

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(identifier, password);
      navigate(params.get('next') || '/organizations', { replace: true });
    } catch (caught) {
      setError(messageOf(caught, 'The server could not be reached. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow">
      <h1>Sign in</h1>
      <form onSubmit={submit}>
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            required
            value={identifier}
            onChange={(e) => setIdentifier(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && <Notice tone="error">{error}</Notice>}
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
      <p className="muted">New here? Accounts are made from an invitation: open the link in the email you received.</p>
    </section>
  );
}
