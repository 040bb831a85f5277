import { CircleAlert } from 'lucide-react';
import { ApiError, errorMessage } from '../api/client';

interface ErrorAlertProps {
  error: unknown;
  /** Fields shown next to their inputs; their messages are not repeated here. */
  shownFields?: string[];
}

/** The problem detail's text, plus any field errors no input displays. */
export function ErrorAlert({ error, shownFields = [] }: ErrorAlertProps) {
  if (!error) return null;
  const shown = new Set(shownFields.map((f) => f.replace(/[^a-z0-9]/gi, '').toLowerCase()));
  const other =
    error instanceof ApiError && error.problem.errors
      ? Object.entries(error.problem.errors).filter(([key]) => !shown.has(key.replace(/[^a-z0-9]/gi, '').toLowerCase()))
      : [];
  return (
    <div
      role="alert"
      className="flex gap-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <div>
        <p>{errorMessage(error)}</p>
        {other.length > 0 && (
          <ul className="mt-1 list-disc pl-4">
            {other.flatMap(([field, messages]) =>
              messages.map((message) => <li key={`${field}:${message}`}>{message}</li>),
            )}
          </ul>
        )}
      </div>
    </div>
  );
}
