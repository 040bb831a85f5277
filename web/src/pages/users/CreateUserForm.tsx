import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import type { Role } from '../../api/types';
import { createUser, usersQueryKey } from '../../api/users';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { inputClass, TextField } from '../../components/TextField';

export function CreateUserForm() {
  const queryClient = useQueryClient();
  const roleId = useId();
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('user');

  const mutation = useMutation({
    mutationFn: createUser,
    onSuccess: () => {
      setUsername('');
      setEmail('');
      setPassword('');
      setRole('user');
      void queryClient.invalidateQueries({ queryKey: usersQueryKey });
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate({ username: username.trim(), password, role, ...(email.trim() ? { email: email.trim() } : {}) });
  };
  const fieldErrors = (field: string) => (mutation.error instanceof ApiError ? mutation.error.fieldErrors(field) : []);

  return (
    <Card title="Create user">
      <form onSubmit={submit} noValidate className="grid gap-4">
        <TextField
          label="Username"
          autoComplete="off"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          errors={fieldErrors('username')}
        />
        <TextField
          label="Email (optional)"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          errors={fieldErrors('email')}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          errors={fieldErrors('password')}
        />
        <div>
          <label htmlFor={roleId} className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-200">
            Role
          </label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)} className={inputClass}>
            <option value="user">User</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        {mutation.isError && (
          <ErrorAlert error={mutation.error} shownFields={['username', 'email', 'password']} />
        )}
        {mutation.isSuccess && (
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            Created {mutation.data.username}.
          </p>
        )}
        <div>
          <Button type="submit" busy={mutation.isPending} disabled={!username.trim() || !password}>
            Create user
          </Button>
        </div>
      </form>
    </Card>
  );
}
