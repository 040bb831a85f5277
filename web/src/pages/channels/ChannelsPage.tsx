import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Search } from 'lucide-react';
import { channelsQueryKey, listChannels } from '../../api/channels';
import { Badge } from '../../components/Badge';
import { Button, focusRing } from '../../components/Button';
import { Card } from '../../components/Card';
import { SelectField } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { inputClass, TextField } from '../../components/TextField';
import { formatCount } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';

export const channelPageSize = 100;

/** Paged channel table; filters live in the URL so the back button returns to the same view. */
export function ChannelsPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const group = params.get('group') ?? '';
  const enabledParam = params.get('enabled');
  const enabled = enabledParam === 'true' ? true : enabledParam === 'false' ? false : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);

  const [searchText, setSearchText] = useState(search);
  const [groupText, setGroupText] = useState(group);
  const debouncedSearch = useDebounced(searchText.trim(), 300);
  const debouncedGroup = useDebounced(groupText.trim(), 300);
  const searchId = useId();
  const groupsListId = useId();

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  // A new search or group filter starts at page 1.
  useEffect(() => {
    if (debouncedSearch !== search || debouncedGroup !== group) {
      update({ search: debouncedSearch, group: debouncedGroup, page: null });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedSearch, debouncedGroup]);

  const filter = { search, group, enabled, page, pageSize: channelPageSize };
  const channels = useQuery({
    queryKey: [...channelsQueryKey, 'list', filter],
    queryFn: ({ signal }) => listChannels(filter, signal),
    placeholderData: keepPreviousData,
  });
  const total = channels.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / channelPageSize));

  // Groups seen so far, offered as suggestions for the group filter (there is no groups endpoint).
  const knownGroups = useRef(new Set<string>());
  for (const c of channels.data?.items ?? []) if (c.group_title) knownGroups.current.add(c.group_title);

  const tbody = useRef<HTMLTableSectionElement>(null);
  const onRowKey = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Home' && event.key !== 'End') return;
    const links = Array.from(tbody.current?.querySelectorAll<HTMLAnchorElement>('a[data-row-link]') ?? []);
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (index < 0) return;
    event.preventDefault();
    const next =
      event.key === 'Home' ? 0 : event.key === 'End' ? links.length - 1 : Math.min(links.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)));
    links[next]?.focus();
  };

  return (
    <>
      <PageHeader title="Channels" description="Merged channels with their provider streams in failover order." />
      <Card>
        <div className="mb-4 grid gap-3 sm:grid-cols-[2fr_1.5fr_1fr]">
          <div>
            <label htmlFor={searchId} className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-200">
              Search
            </label>
            <div className="relative">
              <Search aria-hidden="true" className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-slate-400" />
              <input
                id={searchId}
                type="search"
                placeholder="Name or EPG id"
                value={searchText}
                onChange={(e) => setSearchText(e.target.value)}
                className={`${inputClass} pl-9`}
              />
            </div>
          </div>
          <TextField label="Group" list={groupsListId} placeholder="Any group" value={groupText} onChange={(e) => setGroupText(e.target.value)} />
          <datalist id={groupsListId}>
            {[...knownGroups.current].sort().map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
          <SelectField
            label="Enabled"
            value={enabledParam ?? ''}
            onChange={(e) => update({ enabled: e.target.value || null, page: null })}
          >
            <option value="">All</option>
            <option value="true">Enabled</option>
            <option value="false">Disabled</option>
          </SelectField>
        </div>

        {channels.isPending ? (
          <LoadingState label="Loading channels…" />
        ) : channels.isError ? (
          <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />
        ) : channels.data.items.length === 0 ? (
          <EmptyState title={search || group || enabled !== undefined ? 'No channels match' : 'No channels yet'}>
            {search || group || enabled !== undefined ? 'Try another search or filter.' : 'Add a provider and sync it.'}
          </EmptyState>
        ) : (
          <>
            <p className="mb-2 text-sm text-slate-500 dark:text-slate-400" aria-live="polite">
              {formatCount(total)} channel{total === 1 ? '' : 's'}
              {channels.isFetching ? ' · updating…' : ''}
            </p>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm" aria-busy={channels.isFetching || undefined}>
                <caption className="sr-only">Channels, page {page} of {pages}. Use the up and down arrow keys to move between rows.</caption>
                <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
                  <tr>
                    <th scope="col" className="py-2 pr-3 text-right">#</th>
                    <th scope="col" className="py-2 pr-3">Name</th>
                    <th scope="col" className="hidden py-2 pr-3 sm:table-cell">Group</th>
                    <th scope="col" className="py-2 pr-3 text-right">Streams</th>
                    <th scope="col" className="hidden py-2 pr-3 md:table-cell">EPG id</th>
                    <th scope="col" className="py-2">State</th>
                  </tr>
                </thead>
                <tbody ref={tbody} onKeyDown={onRowKey} className="divide-y divide-slate-200 dark:divide-slate-800">
                  {channels.data.items.map((c) => (
                    <tr key={c.id} className="hover:bg-slate-50 focus-within:bg-indigo-50 dark:hover:bg-slate-800/50 dark:focus-within:bg-indigo-950/50">
                      <td className="py-1.5 pr-3 text-right tabular-nums text-slate-500 dark:text-slate-400">{c.number ?? ''}</td>
                      <td className="py-1.5 pr-3">
                        <Link
                          to={`/channels/${c.id}`}
                          data-row-link=""
                          className={`rounded font-medium text-indigo-700 hover:underline dark:text-indigo-300 ${focusRing}`}
                        >
                          {c.name}
                        </Link>
                        {c.group_title && <span className="block text-xs text-slate-500 sm:hidden dark:text-slate-400">{c.group_title}</span>}
                      </td>
                      <td className="hidden py-1.5 pr-3 sm:table-cell">{c.group_title ?? ''}</td>
                      <td className="py-1.5 pr-3 text-right tabular-nums" title={`${c.active_stream_count} active of ${c.stream_count}`}>
                        {c.active_stream_count}/{c.stream_count}
                      </td>
                      <td className="hidden max-w-48 truncate py-1.5 pr-3 font-mono text-xs md:table-cell">{c.epg_channel_id ?? ''}</td>
                      <td className="py-1.5">{c.enabled ? <Badge tone="green">on</Badge> : <Badge tone="red">off</Badge>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-2 text-sm">
              <Button variant="secondary" disabled={page <= 1} onClick={() => update({ page: page - 1 > 1 ? String(page - 1) : null })}>
                Previous
              </Button>
              <span>
                Page {page} of {pages}
              </span>
              <Button variant="secondary" disabled={page >= pages} onClick={() => update({ page: String(page + 1) })}>
                Next
              </Button>
            </nav>
          </>
        )}
      </Card>
    </>
  );
}
