import { Button } from './Button';

/** Previous / next page buttons with "Page x of y"; renders nothing for a single page. */
export function Pager({
  label,
  page,
  total,
  pageSize,
  onPage,
  previous = 'Previous',
  next = 'Next',
}: {
  /** Names the navigation landmark, e.g. "Refresh history pages". */
  label: string;
  page: number;
  total: number;
  pageSize: number;
  onPage: (page: number) => void;
  previous?: string;
  next?: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} className="mt-4 flex items-center justify-between gap-2 text-sm">
      <Button variant="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {previous}
      </Button>
      <span>
        Page {page} of {pages}
      </span>
      <Button variant="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {next}
      </Button>
    </nav>
  );
}
