import { type Role, ROLES, type UpdateUserRequest, type UserLimits, type UserView } from '@storefleet/contracts';
import { type FormEvent, useId, useState } from 'react';

import { ErrorAlert } from '../components/error-alert.js';
import { usePageTitle } from '../components/page-title.js';
import { useAnnounce } from '../hooks/announcer.js';
import { useCurrentUser } from '../hooks/session.js';
import { useCreateUser, useUpdateUser, useUsers } from '../hooks/use-ops.js';

const LIMITS: { key: keyof UserLimits; label: string }[] = [
  { key: 'maxLiveStores', label: 'Live stores' },
  { key: 'maxProvisioningStores', label: 'Provisioning at once' },
  { key: 'maxCreatesPerHour', label: 'Creates per hour' },
];

type LimitDraft = Record<keyof UserLimits, string>;

function draftOf(user: UserView): LimitDraft {
  const value = (n: number | null) => (n === null ? '' : String(n));
  return {
    maxLiveStores: value(user.limitOverrides.maxLiveStores),
    maxProvisioningStores: value(user.limitOverrides.maxProvisioningStores),
    maxCreatesPerHour: value(user.limitOverrides.maxCreatesPerHour),
  };
}

/** The PATCH body for what changed: an emptied limit goes back to the platform default (null). */
export function limitChanges(user: UserView, draft: LimitDraft): UpdateUserRequest {
  const changes: UpdateUserRequest = {};
  for (const { key } of LIMITS) {
    const text = draft[key].trim();
    const next = text === '' ? null : Number(text);
    if (next !== user.limitOverrides[key]) changes[key] = next;
  }
  return changes;
}

function UserRow({ user, self, admin }: { user: UserView; self: boolean; admin: boolean }) {
  const formId = useId();
  const update = useUpdateUser();
  const announce = useAnnounce();
  const [draft, setDraft] = useState<LimitDraft>(() => draftOf(user));
  const [role, setRole] = useState<Role>(user.role);
  const [disabled, setDisabled] = useState(user.disabled);

  const changes: UpdateUserRequest = {
    ...limitChanges(user, draft),
    ...(role !== user.role ? { role } : {}),
    ...(disabled !== user.disabled ? { disabled } : {}),
  };
  const dirty = Object.keys(changes).length > 0;
  const invalid = LIMITS.some(({ key }) => draft[key].trim() !== '' && !/^\d+$/.test(draft[key].trim()));

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!dirty || invalid) return;
    update.mutate({ id: user.id, changes }, { onSuccess: () => announce(`Saved ${user.email}.`) });
  };

  return (
    <tr data-user-id={user.id}>
      <th scope="row" data-label="User">
        {user.email}
        {self && <span className="you muted small">(you)</span>}
      </th>
      <td data-label="Role">
        <select
          form={formId}
          className="select-role"
          aria-label={`Role of ${user.email}`}
          value={role}
          disabled={self || !admin}
          onChange={(e) => setRole(e.target.value as Role)}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </td>
      {LIMITS.map(({ key, label }) => (
        <td key={key} data-label={label}>
          <input
            form={formId}
            className="input-number"
            inputMode="numeric"
            aria-label={`${label} for ${user.email}`}
            placeholder={`${user.limits[key]} (default)`}
            value={draft[key]}
            aria-invalid={draft[key].trim() !== '' && !/^\d+$/.test(draft[key].trim()) ? true : undefined}
            onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
          />
        </td>
      ))}
      <td data-label="Disabled">
        <input
          form={formId}
          type="checkbox"
          aria-label={`Disable ${user.email}`}
          checked={disabled}
          disabled={self || !admin}
          onChange={(e) => setDisabled(e.target.checked)}
        />
      </td>
      <td data-label="Actions">
        <form id={formId} onSubmit={save}>
          <button
            type="submit"
            className="button-secondary button-small"
            disabled={!dirty || invalid || update.isPending}
            aria-label={`Save ${user.email}`}
          >
            {update.isPending ? 'Saving…' : 'Save'}
          </button>
        </form>
        <ErrorAlert error={update.error} />
      </td>
    </tr>
  );
}

function CreateUserForm() {
  const create = useCreateUser();
  const announce = useAnnounce();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('owner');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { email: email.trim(), password, role },
      {
        onSuccess: (user) => {
          announce(`Created ${user.email}.`);
          setEmail('');
          setPassword('');
          setRole('owner');
        },
      },
    );
  };

  return (
    <section aria-labelledby="create-user" className="card">
      <h2 id="create-user">Add a user</h2>
      <form className="filters filters-grid" onSubmit={submit}>
        <div className="field">
          <label htmlFor="new-user-email">Email</label>
          <input
            id="new-user-email"
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-user-password">Initial password</label>
          <input
            id="new-user-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            aria-describedby="new-user-password-hint"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <p className="hint" id="new-user-password-hint">
            At least 12 characters. Share it with the user privately.
          </p>
        </div>
        <div className="field">
          <label htmlFor="new-user-role">Role</label>
          <select id="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="actions filters-actions">
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add user'}
          </button>
        </div>
      </form>
      <ErrorAlert error={create.error} prefix="The user was not added." />
    </section>
  );
}

export function UsersPage() {
  usePageTitle('Users');
  const me = useCurrentUser();
  const admin = me.role === 'admin';
  const users = useUsers();
  const list = users.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <h1 tabIndex={-1}>Users</h1>
      <p className="muted">
        Leave a limit empty to use the platform default (shown in grey). Changes apply to the user&apos;s next request.
        {!admin && ' Only admins can change roles, disable users or add users.'}
      </p>
      <ErrorAlert error={users.error} prefix="Could not load users." />
      {users.isPending ? (
        <p role="status">Loading users…</p>
      ) : (
        <table className="data-table users-table">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Role</th>
              {LIMITS.map(({ key, label }) => (
                <th scope="col" key={key}>
                  {label}
                </th>
              ))}
              <th scope="col">Disabled</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((user) => (
              <UserRow
                key={`${user.id}:${JSON.stringify(user.limitOverrides)}:${user.role}:${user.disabled}`}
                user={user}
                self={user.id === me.id}
                admin={admin}
              />
            ))}
          </tbody>
        </table>
      )}
      {users.hasNextPage && (
        <p>
          <button
            type="button"
            className="button-secondary"
            disabled={users.isFetchingNextPage}
            onClick={() => void users.fetchNextPage()}
          >
            {users.isFetchingNextPage ? 'Loading…' : 'Show more users'}
          </button>
        </p>
      )}
      {admin && <CreateUserForm />}
    </>
  );
}
