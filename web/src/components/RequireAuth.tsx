import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { isAdmin, useMe } from '../api/auth';
import { ErrorState, LoadingState } from './States';

/** Renders its children only for a signed-in user; anyone else is sent to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();

  if (me.isPending) return <LoadingState label="Checking your session…" />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const from = location.pathname + location.search + location.hash;
    return <Navigate to="/login" replace state={{ from }} />;
  }
  return <>{children}</>;
}

/** Renders its children only for admins; signed-in users without the role see a 403 message. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const me = useMe();
  if (!isAdmin(me.data)) {
    return (
      <div className="mx-auto max-w-md p-8 text-center">
        <h1 className="text-xl font-semibold">Not allowed</h1>
        <p className="mt-2 text-sm text-slate-500 dark:text-slate-400">This page is for administrators.</p>
      </div>
    );
  }
  return <>{children}</>;
}
