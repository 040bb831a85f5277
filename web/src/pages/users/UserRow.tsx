import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { KeyRound, Trash2 } from 'lucide-react';
import { ApiError } from '../../api/client';
import type { UpdateUserRequest, User } from '../../api/types';
import { deleteUser, updateUser, usersQueryKey } from '../../api/users';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function formatDate(value: string | null): string {
  if (!value) return 'never';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}

function Badge({ children, tone }: { children: string; tone: 'indigo' | 'slate' | 'amber' | 'red' }) {
  const tones = {
    indigo: 'bg-indigo-100 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-300',
    slate: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
    amber: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
    red: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  } as const;
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}

export function UserRow({ user, isSelf }: { user: User; isSelf: boolean }) {
  const queryClient = useQueryClient();
  const [resetting, setResetting] = useState(false);
  const [newPassword, setNewPassword] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: usersQueryKey });

  const update = useMutation({
    mutationFn: (request: UpdateUserRequest) => updateUser(user.id, request),
    onSuccess: (_, request) => {
      if (request.password) {
        setResetting(false);
        setNewPassword('');
      }
      void refresh();
    },
  });
  const remove = useMutation({ mutationFn: () => deleteUser(user.id), onSuccess: () => void refresh() });

  const lockedUntil = user.locked_out_until && new Date(user.locked_out_until) > new Date() ? user.locked_out_until : null;

  const submitReset = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate({ password: newPassword });
  };
  const confirmDelete = () => {
    if (window.confirm(`Delete ${user.username}? This cannot be undone.`)) remove.mutate();
  };
  const passwordErrors = update.error instanceof ApiError ? update.error.fieldErrors('password') : [];

  return (
    <li className="py-4 first:pt-0 last:pb-0">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 font-medium">
            <span className="break-all">{user.username}</span>
            {user.roles.map((role) => (
              <Badge key={role} tone={role.toLowerCase() === 'admin' ? 'indigo' : 'slate'}>
                {role}
              </Badge>
            ))}
            {!user.enabled && <Badge tone="red">disabled</Badge>}
            {lockedUntil && <Badge tone="amber">locked</Badge>}
            {isSelf && <Badge tone="slate">you</Badge>}
          </p>
          <p className="mt-1 break-all text-xs text-slate-500 dark:text-slate-400">
            {user.email || 'no email'} · last sign-in {formatDate(user.last_login_at)}
            {user.two_factor_enabled ? ' · 2FA on' : ''}
            {lockedUntil ? ` · locked until ${formatDate(lockedUntil)}` : ''}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            busy={update.isPending && update.variables.enabled !== undefined}
            disabled={isSelf}
            title={isSelf ? 'You cannot disable your own account.' : undefined}
            onClick={() => update.mutate({ enabled: !user.enabled })}
            aria-label={`${user.enabled ? 'Disable' : 'Enable'} ${user.username}`}
          >
            {user.enabled ? 'Disable' : 'Enable'}
          </Button>
          <Button
            variant="secondary"
            aria-expanded={resetting}
            onClick={() => setResetting((r) => !r)}
            aria-label={`Reset password of ${user.username}`}
          >
            <KeyRound aria-hidden="true" className="size-4" />
            Reset password
          </Button>
          <Button
            variant="danger"
            busy={remove.isPending}
            disabled={isSelf}
            title={isSelf ? 'You cannot delete your own account.' : undefined}
            onClick={confirmDelete}
            aria-label={`Delete ${user.username}`}
          >
            <Trash2 aria-hidden="true" className="size-4" />
            Delete
          </Button>
        </div>
      </div>
      {resetting && (
        <form onSubmit={submitReset} noValidate className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-end">
          <TextField
            label={`New password for ${user.username}`}
            type="password"
            autoComplete="new-password"
            autoFocus
            className="sm:w-72"
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
            errors={passwordErrors}
          />
          <Button type="submit" busy={update.isPending && !!update.variables.password} disabled={!newPassword}>
            Set password
          </Button>
        </form>
      )}
      <div className="mt-2 space-y-2">
        {update.isError && <ErrorAlert error={update.error} shownFields={resetting ? ['password'] : []} />}
        {remove.isError && <ErrorAlert error={remove.error} />}
        {update.isSuccess && update.variables.password && (
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            Password reset.
          </p>
        )}
      </div>
    </li>
  );
}
