import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RotateCcw } from 'lucide-react';
import { ApiError } from '../../api/client';
import { listSettings, settingsQueryKey, updateSettings } from '../../api/settings';
import type { Setting, SettingValue } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Checkbox, SelectField } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { TextField } from '../../components/TextField';

/** What an input holds: text for the typed fields, a flag for the switches. */
type Draft = string | boolean;

/** A setting's value as its input shows it. */
export function draftOf(setting: Setting): Draft {
  if (setting.type === 'boolean') return setting.value === true;
  return setting.value === null ? '' : String(setting.value);
}

/** The value to send for an input, or the message the server would answer for it (same wording). */
export function parseDraft(setting: Setting, draft: Draft): { value: SettingValue } | { error: string } {
  if (setting.type === 'boolean') return { value: draft === true };
  const text = String(draft).trim();
  if (setting.type === 'integer' || setting.type === 'number') {
    const pattern = setting.type === 'integer' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
    if (!pattern.test(text)) return { error: `${setting.key} must be ${setting.type === 'integer' ? 'a whole number' : 'a number'}.` };
    const value = Number(text);
    if ((setting.min !== null && value < setting.min) || (setting.max !== null && value > setting.max)) {
      return { error: `${setting.key} must be between ${setting.min} and ${setting.max}.` };
    }
    return { value };
  }
  if (setting.type === 'choice' && setting.choices && !setting.choices.includes(text)) {
    return { error: `${setting.key} must be one of ${setting.choices.join(', ')}.` };
  }
  return { value: text };
}

/** Settings in their groups, in the server's order. */
export function groupSettings(settings: Setting[]): [string, Setting[]][] {
  const groups = new Map<string, Setting[]>();
  for (const s of settings) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  return [...groups.entries()];
}

function sourceLabel(source: string) {
  return source === 'database' ? 'changed here' : source === 'default' ? 'default' : `from ${source}`;
}

function shown(value: SettingValue | null) {
  if (value === null || value === '') return 'not set';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function hintOf(s: Setting) {
  const parts = [s.description];
  if (s.min !== null && s.max !== null) parts.push(`${s.min}–${s.max}.`);
  parts.push(`Default: ${shown(s.default)}.`);
  return parts.join(' ');
}

function Badges({ setting }: { setting: Setting }) {
  return (
    <span className="flex flex-wrap gap-1">
      <Badge tone={setting.source === 'database' ? 'indigo' : 'slate'}>{sourceLabel(setting.source)}</Badge>
      {setting.restart_pending ? (
        <Badge tone="amber">restart pending</Badge>
      ) : (
        setting.restart_required && setting.editable && <Badge tone="sky">applies after a restart</Badge>
      )}
    </span>
  );
}

interface FieldProps {
  setting: Setting;
  draft: Draft;
  errors: string[];
  onChange: (draft: Draft) => void;
}

function SettingField({ setting: s, draft, errors, onChange }: FieldProps) {
  if (!s.editable) {
    return (
      <div>
        <p className="text-sm font-medium text-slate-700 dark:text-slate-200">{s.label}</p>
        <p className="break-all font-mono text-sm">{shown(s.value)}</p>
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{s.description}</p>
      </div>
    );
  }
  if (s.type === 'boolean') {
    return (
      <div>
        <Checkbox label={s.label} checked={draft === true} onChange={onChange} hint={hintOf(s)} />
        {errors.length > 0 && (
          <ul className="mt-1 text-xs text-red-600 dark:text-red-400">
            {errors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  if (s.type === 'choice' && s.choices) {
    return (
      <SelectField label={s.label} value={String(draft)} errors={errors} hint={hintOf(s)} onChange={(e) => onChange(e.target.value)}>
        {s.choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </SelectField>
    );
  }
  return (
    <TextField
      label={s.label}
      value={String(draft)}
      errors={errors}
      hint={hintOf(s)}
      inputMode={s.type === 'integer' ? 'numeric' : s.type === 'number' ? 'decimal' : undefined}
      className={s.type === 'cron' ? '[&_input]:font-mono' : ''}
      spellCheck={s.type === 'cron' ? false : undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

function SettingsGroup({ title, settings }: { title: string; settings: Setting[] }) {
  const queryClient = useQueryClient();
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (values: Record<string, SettingValue | null>) => updateSettings({ values }),
    onSuccess: (all, values) => {
      queryClient.setQueryData(settingsQueryKey, all);
      setDrafts({});
      const restart = all.filter((s) => s.key in values && s.restart_pending).map((s) => s.label);
      setSaved(restart.length > 0 ? `Saved. ${restart.join(', ')} will apply after the server restarts.` : 'Saved; in effect now.');
    },
  });

  const draftFor = (s: Setting) => drafts[s.key] ?? draftOf(s);
  const changed = settings.filter((s) => s.editable && drafts[s.key] !== undefined && drafts[s.key] !== draftOf(s));
  const errorsFor = (s: Setting) => {
    if (localErrors[s.key]) return [localErrors[s.key]!];
    return save.error instanceof ApiError ? save.error.fieldErrors(s.key) : [];
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(null);
    const values: Record<string, SettingValue> = {};
    const errors: Record<string, string> = {};
    for (const s of changed) {
      const parsed = parseDraft(s, draftFor(s));
      if ('error' in parsed) errors[s.key] = parsed.error;
      else values[s.key] = parsed.value;
    }
    setLocalErrors(errors);
    if (Object.keys(errors).length === 0 && Object.keys(values).length > 0) save.mutate(values);
  };

  const revert = (s: Setting) => {
    setSaved(null);
    setLocalErrors({});
    setDrafts(({ [s.key]: _dropped, ...rest }) => rest);
    save.mutate({ [s.key]: null });
  };

  return (
    <Card title={title}>
      <form onSubmit={submit} aria-label={`${title} settings`} noValidate>
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {settings.map((s) => (
            <li key={s.key} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
              <div className="min-w-0 flex-1">
                <SettingField
                  setting={s}
                  draft={draftFor(s)}
                  errors={errorsFor(s)}
                  onChange={(draft) => {
                    setSaved(null);
                    setDrafts((d) => ({ ...d, [s.key]: draft }));
                  }}
                />
                <p className="mt-1 break-all font-mono text-[11px] text-slate-400 dark:text-slate-500">{s.key}</p>
              </div>
              <div className="flex shrink-0 flex-col items-start gap-2 sm:items-end">
                <Badges setting={s} />
                {s.editable && s.source === 'database' && (
                  <Button variant="ghost" className="text-xs" onClick={() => revert(s)} disabled={save.isPending} aria-label={`Use the configured value for ${s.label}`}>
                    <RotateCcw aria-hidden="true" className="size-3.5" />
                    Use configured value
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
        {save.isError && <ErrorAlert error={save.error} shownFields={settings.map((s) => s.key)} />}
        {saved && (
          <p role="status" className="mt-2 text-sm text-emerald-700 dark:text-emerald-400">
            {saved}
          </p>
        )}
        {settings.some((s) => s.editable) && (
          <div className="mt-3 flex gap-2">
            <Button type="submit" busy={save.isPending} disabled={changed.length === 0}>
              Save {title}
            </Button>
            {changed.length > 0 && (
              <Button
                variant="secondary"
                onClick={() => {
                  setDrafts({});
                  setLocalErrors({});
                  save.reset();
                }}
              >
                Discard changes
              </Button>
            )}
          </div>
        )}
      </form>
    </Card>
  );
}

/** /settings — the server's effective settings; the ones safe to change at runtime are edited here and stored in the database. */
export function SettingsPage() {
  const settings = useQuery({ queryKey: settingsQueryKey, queryFn: ({ signal }) => listSettings(signal) });
  return (
    <>
      <PageHeader
        title="Settings"
        description="What the server runs with and where each value comes from. Changes made here are stored in the database and win over appsettings.json and the environment."
      />
      {settings.isPending ? (
        <LoadingState label="Loading settings…" />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : settings.data.length === 0 ? (
        <EmptyState title="No settings" />
      ) : (
        <div className="grid gap-6">
          {groupSettings(settings.data).map(([group, items]) => (
            <SettingsGroup key={group} title={group} settings={items} />
          ))}
        </div>
      )}
    </>
  );
}
