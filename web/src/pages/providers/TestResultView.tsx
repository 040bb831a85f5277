import { CircleAlert, CircleCheck } from 'lucide-react';
import type { ProviderTestResult } from '../../api/types';
import { Badge } from '../../components/Badge';
import { formatCount, formatDate } from '../../lib/format';

const shownGroups = 50;

/** What a connection test found: counts, groups with counts, parse problems, Xtream account state. */
export function TestResultView({ result }: { result: ProviderTestResult }) {
  return (
    <section aria-label="Connection test result" className="space-y-4 text-sm">
      {result.ok ? (
        <p role="status" className="flex items-center gap-2 font-medium text-emerald-700 dark:text-emerald-400">
          <CircleCheck aria-hidden="true" className="size-4" /> Connection works.
        </p>
      ) : (
        <div
          role="alert"
          className="flex gap-2 rounded-md border border-red-300 bg-red-50 p-3 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <p>
            Connection failed{result.error ? `: ${result.error}` : '.'}
          </p>
        </div>
      )}

      {result.account && (
        <div>
          <h3 className="mb-1 font-semibold">Xtream account</h3>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="text-slate-500 dark:text-slate-400">Status</dt>
            <dd>
              <Badge tone={result.account.status?.toLowerCase() === 'active' ? 'green' : 'amber'}>
                {result.account.status ?? 'unknown'}
              </Badge>
              {result.account.is_trial && (
                <span className="ml-2">
                  <Badge tone="amber">trial</Badge>
                </span>
              )}
            </dd>
            <dt className="text-slate-500 dark:text-slate-400">Expires</dt>
            <dd>{formatDate(result.account.expires_at, 'never')}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Connections</dt>
            <dd>
              {result.account.active_connections ?? '?'} active of {result.account.max_connections ?? '?'} allowed
            </dd>
          </dl>
        </div>
      )}

      {result.ok && (
        <>
          <dl className="grid grid-cols-3 gap-2 text-center">
            {[
              ['Live', result.live],
              ['Movies', result.vod],
              ['Series', result.series],
            ].map(([label, value]) => (
              <div key={label} className="rounded-md bg-slate-100 p-2 dark:bg-slate-800">
                <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
                <dd className="text-lg font-semibold">{formatCount(value as number)}</dd>
              </div>
            ))}
          </dl>

          <div>
            <h3 className="mb-1 font-semibold">Groups ({result.groups.length})</h3>
            {result.groups.length === 0 ? (
              <p className="text-slate-500 dark:text-slate-400">No groups.</p>
            ) : (
              <ul className="max-h-64 divide-y divide-slate-200 overflow-y-auto rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-700">
                {result.groups.slice(0, shownGroups).map((group) => (
                  <li key={group.name} className="flex justify-between gap-3 px-3 py-1.5">
                    <span className="break-all">{group.name || <em className="text-slate-500">(no group)</em>}</span>
                    <span className="tabular-nums text-slate-600 dark:text-slate-300">{formatCount(group.count)}</span>
                  </li>
                ))}
                {result.groups.length > shownGroups && (
                  <li className="px-3 py-1.5 text-slate-500 dark:text-slate-400">
                    and {result.groups.length - shownGroups} more
                  </li>
                )}
              </ul>
            )}
          </div>
        </>
      )}

      {result.problems.length > 0 && (
        <div>
          <h3 className="mb-1 font-semibold">Problems ({result.problems.length})</h3>
          <ul className="max-h-48 space-y-1 overflow-y-auto">
            {result.problems.map((problem, index) => (
              <li key={index} className="text-amber-800 dark:text-amber-300">
                {problem.line > 0 && <span className="tabular-nums">Line {problem.line}: </span>}
                <code className="text-xs">{problem.code}</code> {problem.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
