import { errorMessage } from '../api/client.js';

export function ErrorAlert({ error, prefix }: { error: unknown; prefix?: string }) {
  if (!error) return null;
  return (
    <p className="alert alert-error" role="alert">
      {prefix ? `${prefix} ` : ''}
      {errorMessage(error)}
    </p>
  );
}
