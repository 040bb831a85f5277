import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMe } from '../../api/auth';
import { listUsers, usersQueryKey } from '../../api/users';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { CreateUserForm } from './CreateUserForm';
import { UserRow } from './UserRow';

const pageSize = 25;

export function UsersPage() {
  const [page, setPage] = useState(1);
  const { data: me } = useMe();
  const users = useQuery({
    queryKey: [...usersQueryKey, page, pageSize],
    queryFn: ({ signal }) => listUsers(page, pageSize, signal),
    placeholderData: keepPreviousData,
  });
  const pages = users.data ? Math.max(1, Math.ceil(users.data.total / pageSize)) : 1;

  return (
    <>
      <PageHeader title="Users" description="Who can sign in, and with which role." />
      <div className="grid gap-6 xl:grid-cols-[1fr_22rem] xl:items-start">
        <Card title="All users">
          {users.isPending ? (
            <LoadingState label="Loading users…" />
          ) : users.isError ? (
            <ErrorState error={users.error} onRetry={() => void users.refetch()} />
          ) : users.data.items.length === 0 ? (
            <EmptyState title="No users yet">Create the first one with the form.</EmptyState>
          ) : (
            <>
              <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-busy={users.isFetching || undefined}>
                {users.data.items.map((user) => (
                  <UserRow key={user.id} user={user} isSelf={String(user.id) === String(me?.id)} />
                ))}
              </ul>
              {pages > 1 && (
                <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-2 text-sm">
                  <Button variant="secondary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                    Previous
                  </Button>
                  <span>
                    Page {page} of {pages}
                  </span>
                  <Button variant="secondary" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
                    Next
                  </Button>
                </nav>
              )}
            </>
          )}
        </Card>
        <CreateUserForm />
      </div>
    </>
  );
}
