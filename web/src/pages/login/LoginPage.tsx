import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Info, Tv } from 'lucide-react';
import { login, meQueryKey, useMe } from '../../api/auth';
import { ApiError } from '../../api/client';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';

function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  // Only same-app paths; never an absolute URL handed in through history state.
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && from !== '/login' ? from : '/';
}

export function LoginPage() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: (user) => {
      queryClient.setQueryData(meQueryKey, user);
      void navigate(returnPath(location.state), { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.requiresTwoFactor) setNeedsCode(true);
    },
  });

  if (me.data) return <Navigate to={returnPath(location.state)} replace />;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate({
      username: username.trim(),
      password,
      ...(needsCode && code.trim() ? { two_factor_code: code.trim() } : {}),
    });
  };

  const fieldErrors = (field: string) => (mutation.error instanceof ApiError ? mutation.error.fieldErrors(field) : []);

  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-lg font-semibold">
          <Tv aria-hidden="true" className="size-6 text-indigo-600 dark:text-indigo-400" />
          M3U-STRM Processor
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <h1 className="mb-4 text-xl font-semibold">Sign in</h1>
          <form onSubmit={submit} noValidate className="space-y-4">
            <TextField
              label="Username"
              name="username"
              autoComplete="username"
              autoFocus
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              errors={fieldErrors('username')}
            />
            <TextField
              label="Password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              errors={fieldErrors('password')}
            />
            {needsCode && (
              <TextField
                label="Authenticator code"
                name="two_factor_code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]*"
                maxLength={8}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                hint="Enter the 6-digit code from your authenticator app."
                errors={fieldErrors('two_factor_code')}
              />
            )}
            {mutation.isError && (
              <ErrorAlert error={mutation.error} shownFields={['username', 'password', 'two_factor_code']} />
            )}
            <Button type="submit" busy={mutation.isPending} className="w-full" disabled={!username.trim() || !password}>
              Sign in
            </Button>
          </form>
        </div>
        <p className="mt-4 flex gap-2 text-xs text-slate-500 dark:text-slate-400">
          <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <span>
            On first start the server printed a generated admin password in its console. Sign in with the
            username and password it printed, then change the password under Account.
          </span>
        </p>
      </div>
    </main>
  );
}
