import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { channelQueryKey, getChannel } from '../../api/channels';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { ChannelForm } from './ChannelForm';
import { MergePicker } from './MergePicker';
import { StreamList } from './StreamList';

export function ChannelDetailPage() {
  const id = Number(useParams().id);
  const detail = useQuery({ queryKey: channelQueryKey(id), queryFn: ({ signal }) => getChannel(id, signal) });

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link to="/channels" className="text-indigo-700 hover:underline dark:text-indigo-300">
          Channels
        </Link>
      </nav>
      {detail.isPending ? (
        <LoadingState label="Loading channel…" />
      ) : detail.isError ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <>
          <PageHeader
            title={detail.data.channel.name}
            description={[detail.data.channel.group_title, detail.data.channel.region, detail.data.channel.variant].filter(Boolean).join(' · ') || undefined}
          />
          <div className="grid gap-6 xl:grid-cols-2 xl:items-start">
            <div className="grid gap-6">
              {/* Keyed by the saved values so a save (or merge) resets the form to the server's answer. */}
              <ChannelForm key={JSON.stringify(detail.data.channel)} channel={detail.data.channel} />
              <MergePicker channel={detail.data.channel} />
            </div>
            <StreamList key={detail.data.channel.id} detail={detail.data} />
          </div>
        </>
      )}
    </>
  );
}
