import { Activity, ListVideo, Server, type LucideIcon } from 'lucide-react';
import { PageHeader } from '../../components/PageHeader';

const cards: { title: string; icon: LucideIcon }[] = [
  { title: 'Providers', icon: Server },
  { title: 'Channels', icon: ListVideo },
  { title: 'Active viewers', icon: Activity },
];

export function DashboardPage() {
  return (
    <>
      <PageHeader title="Dashboard" description="An overview of providers, channels and who is watching." />
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {cards.map(({ title, icon: Icon }) => (
          <li
            key={title}
            className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
          >
            <div className="flex items-center justify-between text-sm font-medium text-slate-500 dark:text-slate-400">
              <h2>{title}</h2>
              <Icon aria-hidden="true" className="size-4" />
            </div>
            <p className="mt-3 text-3xl font-semibold" aria-label={`${title}: not available yet`}>
              —
            </p>
          </li>
        ))}
      </ul>
      <p className="mt-6 text-sm text-slate-500 dark:text-slate-400">
        Providers, channels and live viewing statistics arrive with later releases. For now you can manage
        users and your account.
      </p>
    </>
  );
}
