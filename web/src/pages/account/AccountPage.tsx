import { useMe } from '../../api/auth';
import { Card } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { ChangePasswordForm } from './ChangePasswordForm';
import { PlaybackToken } from './PlaybackToken';
import { PlayerSetup } from './PlayerSetup';
import { WatchHistory } from './WatchHistory';

export function AccountPage() {
  const me = useMe();
  if (me.isPending) return <LoadingState />;
  if (me.isError || !me.data) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  const user = me.data;

  return (
    <>
      <PageHeader title="Account" description="Your sign-in details, the addresses players use, and what you watched." />
      <div className="grid max-w-3xl gap-6">
        <Card title="Profile">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-slate-500 dark:text-slate-400">Username</dt>
            <dd className="break-all font-medium">{user.username}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Email</dt>
            <dd className="break-all">{user.email || '—'}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Roles</dt>
            <dd>{user.roles.join(', ') || '—'}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Two-factor</dt>
            <dd>{user.two_factor_enabled ? 'Enabled' : 'Not enabled'}</dd>
          </dl>
        </Card>
        <PlaybackToken token={user.playback_token} />
        <PlayerSetup me={user} />
        <WatchHistory />
        <ChangePasswordForm />
      </div>
    </>
  );
}
