import { type FormEvent, useState } from 'react';
import { Navigate, useLocation } from 'react-router';

import { ApiError } from '../api/client.js';
import { usePageTitle } from '../components/page-title.js';
import { SESSION_EXPIRED_MESSAGE, useSession } from '../hooks/session.js';

function signInError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'The email or password is not correct.';
    if (error.status === 429) return `Too many attempts. ${error.message}`;
    return error.message;
  }
  return 'Signing in failed. Please try again.';
}

export function SignInPage() {
  usePageTitle('Sign in');
  const { session, signIn } = useSession();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (session.status === 'signed-in') {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/sign-in' ? from : '/stores'} replace />;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await signIn({ email: email.trim(), password });
    } catch (e) {
      setError(signInError(e));
      setPending(false);
    }
  };

  const notice = session.status === 'signed-out' ? session.notice : null;
  return (
    <main id="main" className="sign-in">
      <div className="card sign-in-card">
        <p className="brand brand-large">Storefleet</p>
        <h1>Sign in</h1>
        {notice && !error && (
          <p className={notice === SESSION_EXPIRED_MESSAGE ? 'alert alert-warning' : 'alert alert-info'} role="status">
            {notice}
          </p>
        )}
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
        <form onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor="email">Email</label>
            <input
              id="email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input
              id="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <button type="submit" className="button-primary button-block" disabled={pending}>
            {pending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
