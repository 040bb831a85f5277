import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CheckCheck } from 'lucide-react';
import { listNotifications, markAllNotificationsRead, markNotificationRead, notificationsQueryKey } from '../../api/alerts';
import type { Notification } from '../../api/types';
import { Badge, type Tone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Checkbox } from '../../components/Fields';
import { Pager } from '../../components/Pager';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDate } from '../../lib/format';

const pageSize = 25;

export const severityTone = (severity: string): Tone => (severity === 'critical' ? 'red' : severity === 'warning' ? 'amber' : 'sky');

function NotificationItem({ n, onRead, busy }: { n: Notification; onRead: () => void; busy: boolean }) {
  const unread = n.read_at === null;
  return (
    <li className={`flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between ${unread ? '' : 'opacity-75'}`}>
      <div className="min-w-0 space-y-1">
        <p className="flex flex-wrap items-center gap-2">
          <Badge tone={severityTone(n.severity)}>{n.severity}</Badge>
          {n.event === 'resolved' && <Badge tone="green">resolved</Badge>}
          {unread && <Badge tone="indigo">unread</Badge>}
          <span className="font-medium">{n.title}</span>
        </p>
        <p className="break-words text-sm text-slate-600 dark:text-slate-300">{n.message}</p>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {formatDate(n.created_at)} · {n.rule}
          {n.deliveries.length > 0 && ` · ${n.deliveries.map((d) => d.status).join(', ')}`}
        </p>
      </div>
      {unread && (
        <Button variant="secondary" className="shrink-0" busy={busy} onClick={onRead} aria-label={`Mark “${n.title}” read`}>
          Mark read
        </Button>
      )}
    </li>
  );
}

export function NotificationList() {
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: [...notificationsQueryKey, 'list', unreadOnly, page],
    queryFn: ({ signal }) => listNotifications(unreadOnly, page, pageSize, signal),
    placeholderData: keepPreviousData,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: notificationsQueryKey });
  const markRead = useMutation({ mutationFn: markNotificationRead, onSuccess: refresh });
  const markAll = useMutation({ mutationFn: markAllNotificationsRead, onSuccess: refresh });

  return (
    <Card title="Notifications">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <Checkbox
          label="Unread only"
          checked={unreadOnly}
          onChange={(checked) => {
            setUnreadOnly(checked);
            setPage(1);
          }}
        />
        <Button variant="secondary" busy={markAll.isPending} disabled={!list.data || list.data.unread === 0} onClick={() => markAll.mutate()}>
          <CheckCheck aria-hidden="true" className="size-4" />
          Mark all read
        </Button>
      </div>
      {markRead.isError && <ErrorAlert error={markRead.error} />}
      {markAll.isError && <ErrorAlert error={markAll.error} />}
      {list.isPending ? (
        <LoadingState label="Loading notifications…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={unreadOnly ? 'No unread notifications' : 'No notifications yet'}>Alert rules add them when something needs attention.</EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-500 dark:text-slate-400">{list.data.unread} unread</p>
          <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-label="Notifications, newest first" aria-busy={list.isFetching || undefined}>
            {list.data.items.map((n) => (
              <NotificationItem key={n.id} n={n} busy={markRead.isPending && markRead.variables === n.id} onRead={() => markRead.mutate(n.id)} />
            ))}
          </ul>
          <Pager label="Notification pages" page={page} total={list.data.total} pageSize={pageSize} onPage={setPage} />
        </>
      )}
    </Card>
  );
}
