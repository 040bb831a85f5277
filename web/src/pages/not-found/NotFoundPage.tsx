import { Link } from 'react-router';
import { focusRing } from '../../components/Button';

export function NotFoundPage() {
  return (
    <div className="mx-auto max-w-md p-8 text-center">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-500 dark:text-slate-400">There is nothing at this address.</p>
      <Link to="/" className={`mt-4 inline-block rounded text-sm font-medium text-indigo-600 underline dark:text-indigo-400 ${focusRing}`}>
        Back to the dashboard
      </Link>
    </div>
  );
}
