import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { changePassword } from '../../api/auth';
import { ApiError } from '../../api/client';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';

export function ChangePasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const mismatch = confirm.length > 0 && confirm !== next;

  const mutation = useMutation({
    mutationFn: changePassword,
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirm('');
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mismatch) return;
    mutation.mutate({ current_password: current, new_password: next });
  };
  const fieldErrors = (field: string) => (mutation.error instanceof ApiError ? mutation.error.fieldErrors(field) : []);

  return (
    <Card title="Change password">
      <form onSubmit={submit} noValidate className="grid gap-4 sm:max-w-sm">
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          errors={fieldErrors('current_password')}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.target.value)}
          errors={fieldErrors('new_password')}
        />
        <TextField
          label="Repeat new password"
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          errors={mismatch ? ['The passwords do not match.'] : []}
        />
        {mutation.isError && <ErrorAlert error={mutation.error} shownFields={['current_password', 'new_password']} />}
        {mutation.isSuccess && (
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            Password changed.
          </p>
        )}
        <div>
          <Button type="submit" busy={mutation.isPending} disabled={!current || !next || !confirm || mismatch}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
