import { useId, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { focusRing } from './Button';
import { inputClass } from './TextField';

const labelClass = 'mb-1 block text-sm font-medium text-slate-700 dark:text-slate-200';

function Messages({ id, hint, hintId, errors }: { id?: string; hint?: string; hintId?: string; errors: string[] }) {
  return (
    <>
      {hint && (
        <p id={hintId} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <ul id={id} className="mt-1 text-xs text-red-600 dark:text-red-400">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function useDescribed(id: string | undefined, hint: string | undefined, errors: string[]) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = errors.length > 0 ? `${inputId}-errors` : undefined;
  return { inputId, hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(' ') || undefined };
}

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  errors?: string[];
  hint?: string;
  children: ReactNode;
}

export function SelectField({ label, errors = [], hint, id, className = '', children, ...rest }: SelectFieldProps) {
  const { inputId, hintId, errorId, describedBy } = useDescribed(id, hint, errors);
  return (
    <div className={className}>
      <label htmlFor={inputId} className={labelClass}>
        {label}
      </label>
      <select id={inputId} aria-invalid={errors.length > 0 || undefined} aria-describedby={describedBy} className={inputClass} {...rest}>
        {children}
      </select>
      <Messages id={errorId} hint={hint} hintId={hintId} errors={errors} />
    </div>
  );
}

interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  errors?: string[];
  hint?: string;
}

export function TextAreaField({ label, errors = [], hint, id, className = '', ...rest }: TextAreaFieldProps) {
  const { inputId, hintId, errorId, describedBy } = useDescribed(id, hint, errors);
  return (
    <div className={className}>
      <label htmlFor={inputId} className={labelClass}>
        {label}
      </label>
      <textarea
        id={inputId}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy}
        className={`${inputClass} font-mono`}
        rows={3}
        {...rest}
      />
      <Messages id={errorId} hint={hint} hintId={hintId} errors={errors} />
    </div>
  );
}

interface CheckboxProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
  disabled?: boolean;
}

export function Checkbox({ label, checked, onChange, hint, disabled }: CheckboxProps) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className={`mt-0.5 size-4 rounded border-slate-300 text-indigo-600 accent-indigo-600 dark:border-slate-600 ${focusRing}`}
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-700 dark:text-slate-200">
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
