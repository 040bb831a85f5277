import type { ReactNode } from 'react';
import { Download } from 'lucide-react';
import { focusRing } from '../../components/Button';

export const hours = (value: number) => value.toFixed(value < 10 ? 2 : 1);

export function CsvLink({ href, name }: { href: string; name: string }) {
  return (
    <a
      href={href}
      download={name}
      className={`inline-flex min-h-10 items-center gap-2 rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800 ${focusRing}`}
    >
      <Download aria-hidden="true" className="size-4" />
      Download CSV
    </a>
  );
}

export function Table({ caption, head, children, minWidth = '34rem' }: { caption: string; head: [string, boolean?][]; children: ReactNode; minWidth?: string }) {
  return (
    // Focusable so a keyboard can scroll a table wider than a phone screen.
    <div className={`overflow-x-auto rounded ${focusRing}`} tabIndex={0} role="region" aria-label={caption}>
      <table className="w-full text-left text-sm" style={{ minWidth }}>
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
          <tr>
            {head.map(([label, right]) => (
              <th key={label} scope="col" className={`py-2 pr-3 ${right ? 'text-right' : ''}`}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">{children}</tbody>
      </table>
    </div>
  );
}

export const num = 'py-2 pr-3 text-right tabular-nums';

export function Tile({ label, value }: { label: string; value: string }) {
  return (
    <li className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      <p className="text-xs font-medium text-slate-500 dark:text-slate-400">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{value}</p>
    </li>
  );
}
