import type { ReactNode } from 'react';

export type Tone = 'indigo' | 'slate' | 'amber' | 'red' | 'green' | 'sky';

const tones: Record<Tone, string> = {
  indigo: 'bg-indigo-100 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-300',
  slate: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  amber: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  red: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  green: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  sky: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
};

export function Badge({ children, tone = 'slate', title }: { children: ReactNode; tone?: Tone; title?: string }) {
  return (
    <span title={title} className={`inline-block whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${tones[tone]}`}>
      {children}
    </span>
  );
}

/** The colour of a sync / job status word. */
export function statusTone(status: string | null | undefined): Tone {
  switch (status) {
    case 'succeeded':
    case 'ok':
    case 'active':
      return 'green';
    case 'failed':
    case 'rejected':
    case 'error':
    case 'dead':
      return 'red';
    case 'running':
    case 'queued':
      return 'sky';
    case 'partial':
    case 'warning':
      return 'amber';
    default:
      return 'slate';
  }
}
