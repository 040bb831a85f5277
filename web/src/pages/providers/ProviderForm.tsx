import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FileUp, Globe, PlugZap, Server } from 'lucide-react';
import { ApiError } from '../../api/client';
import {
  createProvider,
  providersQueryKey,
  replaceProviderFile,
  testProvider,
  testProviderSettings,
  updateProvider,
  uploadProvider,
} from '../../api/providers';
import type { Provider, ProviderKind, ProviderRequest, ProviderTestResult } from '../../api/types';
import { Button, focusRing } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Checkbox, SelectField, TextAreaField } from '../../components/Fields';
import { TextField } from '../../components/TextField';
import { splitList } from '../../lib/format';
import { intervalForCron, intervals } from './schedule';
import { TestResultView } from './TestResultView';

const kinds: { kind: ProviderKind; label: string; icon: typeof Globe }[] = [
  { kind: 'm3u_url', label: 'M3U URL', icon: Globe },
  { kind: 'm3u_file', label: 'Upload file', icon: FileUp },
  { kind: 'xtream', label: 'Xtream', icon: Server },
];

/** Fields whose server errors are shown next to their input (the rest go to the alert). */
const fieldNames = [
  'name', 'kind', 'url', 'username', 'password', 'file', 'priority', 'max_connections', 'sync_cron',
  'sync_interval_minutes', 'user_agent', 'include_groups', 'exclude_groups', 'max_removal_percent',
];

interface FormState {
  kind: ProviderKind;
  name: string;
  url: string;
  username: string;
  password: string;
  file: File | null;
  enabled: boolean;
  priority: string;
  maxConnections: string;
  interval: string; // minutes, or 'cron'
  cron: string;
  userAgent: string;
  includeGroups: string;
  excludeGroups: string;
  importLive: boolean;
  importVod: boolean;
  importSeries: boolean;
  maxRemovalPercent: string;
}

function initialState(provider?: Provider): FormState {
  const interval = provider ? intervalForCron(provider.sync_cron) : 60;
  return {
    kind: provider?.kind ?? 'm3u_url',
    name: provider?.name ?? '',
    url: '',
    username: provider?.username ?? '',
    password: '',
    file: null,
    enabled: provider?.enabled ?? true,
    priority: String(provider?.priority ?? 5),
    maxConnections: String(provider?.max_connections ?? 1),
    interval: interval === null ? 'cron' : String(interval),
    cron: provider?.sync_cron ?? '0 0 * * * ?',
    userAgent: provider?.user_agent ?? '',
    includeGroups: (provider?.include_groups ?? []).join('\n'),
    excludeGroups: (provider?.exclude_groups ?? []).join('\n'),
    importLive: provider?.import_live ?? true,
    importVod: provider?.import_vod ?? true,
    importSeries: provider?.import_series ?? true,
    maxRemovalPercent: String(provider?.max_removal_percent ?? 50),
  };
}

/** A number field's value for the request: empty stays unset, anything else goes as typed (the server validates). */
function toNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** The settings every kind shares (everything but name, kind, url and credentials). */
function settings(state: FormState): ProviderRequest {
  const schedule: ProviderRequest =
    state.interval === 'cron' ? { sync_cron: state.cron.trim() } : { sync_interval_minutes: Number(state.interval) };
  return {
    enabled: state.enabled,
    priority: toNumber(state.priority),
    max_connections: toNumber(state.maxConnections),
    ...schedule,
    user_agent: state.userAgent.trim(),
    include_groups: splitList(state.includeGroups),
    exclude_groups: splitList(state.excludeGroups),
    import_live: state.importLive,
    import_vod: state.importVod,
    import_series: state.importSeries,
    max_removal_percent: toNumber(state.maxRemovalPercent),
  };
}

interface ProviderFormProps {
  /** The provider being edited; absent when adding one. */
  provider?: Provider;
  onSaved: (provider: Provider) => void;
  onCancel?: () => void;
}

export function ProviderForm({ provider, onSaved, onCancel }: ProviderFormProps) {
  const queryClient = useQueryClient();
  const editing = provider !== undefined;
  const [state, setState] = useState<FormState>(() => initialState(provider));
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setState((s) => ({ ...s, [key]: value }));
  const kindLegendId = useId();
  const fileId = useId();

  const save = useMutation<Provider, Error, void, void>({
    mutationFn: async (): Promise<Provider> => {
      const common = settings(state);
      if (!editing) {
        if (state.kind === 'm3u_file') {
          if (!state.file) {
            throw new ApiError(400, {
              title: 'One or more validation errors occurred.',
              errors: { file: ['Choose a playlist file to upload.'] },
            });
          }
          const created = await uploadProvider(state.name.trim(), state.file);
          // The upload takes only name and file; the other settings follow in an update.
          return updateProvider(created.id, common);
        }
        return createProvider({
          name: state.name.trim(),
          kind: state.kind,
          url: state.url.trim(),
          ...(state.kind === 'xtream' ? { username: state.username.trim(), password: state.password } : {}),
          ...common,
        });
      }
      const request: ProviderRequest = { name: state.name.trim(), ...common };
      if (state.url.trim()) request.url = state.url.trim();
      if (state.kind === 'xtream') {
        request.username = state.username.trim();
        if (state.password) request.password = state.password;
      }
      let saved = await updateProvider(provider.id, request);
      if (state.kind === 'm3u_file' && state.file) saved = await replaceProviderFile(provider.id, state.file);
      return saved;
    },
    onMutate: (): void => {
      test.reset();
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: providersQueryKey });
      onSaved(saved);
    },
  });

  const test = useMutation<ProviderTestResult, Error, void, void>({
    mutationFn: () =>
      editing
        ? testProvider(provider.id)
        : testProviderSettings({
            name: state.name.trim() || undefined,
            kind: state.kind,
            url: state.url.trim(),
            ...(state.kind === 'xtream' ? { username: state.username.trim(), password: state.password } : {}),
            user_agent: state.userAgent.trim() || undefined,
            include_groups: splitList(state.includeGroups),
            exclude_groups: splitList(state.excludeGroups),
          }),
    onMutate: (): void => {
      save.reset();
    },
  });

  const error = save.error ?? test.error;
  const fieldErrors = (field: string) => (error instanceof ApiError ? error.fieldErrors(field) : []);
  const canTest = editing || state.kind !== 'm3u_file';

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate className="grid gap-5" aria-label={editing ? `Edit ${provider.name}` : 'Add provider'}>
      <fieldset aria-describedby={fieldErrors('kind').length ? `${kindLegendId}-errors` : undefined}>
        <legend id={kindLegendId} className="mb-2 text-sm font-medium text-slate-700 dark:text-slate-200">
          Source
        </legend>
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
          {kinds.map(({ kind, label, icon: Icon }) => {
            const checked = state.kind === kind;
            const disabled = editing && !checked;
            return (
              <label
                key={kind}
                className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500 ${
                  checked
                    ? 'border-indigo-500 bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200'
                    : 'border-slate-300 dark:border-slate-600'
                } ${disabled ? 'cursor-not-allowed opacity-50' : ''}`}
              >
                <input
                  type="radio"
                  name="kind"
                  value={kind}
                  checked={checked}
                  disabled={disabled}
                  onChange={() => set('kind', kind)}
                  className="sr-only"
                />
                <Icon aria-hidden="true" className="size-4" />
                {label}
              </label>
            );
          })}
        </div>
        {editing && (
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">The source kind cannot be changed once saved.</p>
        )}
        {fieldErrors('kind').length > 0 && (
          <ul id={`${kindLegendId}-errors`} className="mt-1 text-xs text-red-600 dark:text-red-400">
            {fieldErrors('kind').map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
      </fieldset>

      <TextField label="Name" required value={state.name} onChange={(e) => set('name', e.target.value)} errors={fieldErrors('name')} />

      {state.kind !== 'm3u_file' && (
        <TextField
          label={state.kind === 'xtream' ? 'Server URL' : 'Playlist URL'}
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder={editing ? (provider.url ?? '') : state.kind === 'xtream' ? 'http://provider.example:8080' : 'https://example.com/playlist.m3u'}
          hint={editing ? `Leave empty to keep the current URL (${provider.url ?? 'hidden'}).` : undefined}
          value={state.url}
          onChange={(e) => set('url', e.target.value)}
          errors={fieldErrors('url')}
        />
      )}

      {state.kind === 'xtream' && (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Username"
            autoComplete="off"
            value={state.username}
            onChange={(e) => set('username', e.target.value)}
            errors={fieldErrors('username')}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="new-password"
            hint={editing && provider.has_password ? 'Leave empty to keep the saved password.' : undefined}
            value={state.password}
            onChange={(e) => set('password', e.target.value)}
            errors={fieldErrors('password')}
          />
        </div>
      )}

      {state.kind === 'm3u_file' && (
        <div>
          <label htmlFor={fileId} className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-200">
            Playlist file
          </label>
          <input
            id={fileId}
            type="file"
            accept=".m3u,.m3u8,.txt,audio/x-mpegurl,application/vnd.apple.mpegurl"
            aria-invalid={fieldErrors('file').length > 0 || undefined}
            aria-describedby={`${fileId}-hint${fieldErrors('file').length ? ` ${fileId}-errors` : ''}`}
            onChange={(e) => set('file', e.target.files?.[0] ?? null)}
            className={`block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:text-indigo-700 dark:file:bg-indigo-950 dark:file:text-indigo-200 ${focusRing}`}
          />
          <p id={`${fileId}-hint`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
            {editing ? 'Choose a file only to replace the stored playlist.' : 'An .m3u or .m3u8 playlist, up to 512 MB.'}
          </p>
          {fieldErrors('file').length > 0 && (
            <ul id={`${fileId}-errors`} className="mt-1 text-xs text-red-600 dark:text-red-400">
              {fieldErrors('file').map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      <details className="rounded-md border border-slate-200 p-3 dark:border-slate-700" open={editing || undefined}>
        <summary className={`cursor-pointer rounded text-sm font-medium ${focusRing}`}>Schedule, limits and filters</summary>
        <div className="mt-4 grid gap-4">
          <Checkbox label="Enabled" hint="Disabled providers are not synced or streamed." checked={state.enabled} onChange={(v) => set('enabled', v)} />
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField
              label="Priority"
              type="number"
              min={0}
              max={100}
              hint="0–100; higher is preferred."
              value={state.priority}
              onChange={(e) => set('priority', e.target.value)}
              errors={fieldErrors('priority')}
            />
            <TextField
              label="Max connections"
              type="number"
              min={1}
              max={1000}
              value={state.maxConnections}
              onChange={(e) => set('maxConnections', e.target.value)}
              errors={fieldErrors('max_connections')}
            />
            <TextField
              label="Max removal %"
              type="number"
              min={1}
              max={100}
              hint="A sync removing more is rejected."
              value={state.maxRemovalPercent}
              onChange={(e) => set('maxRemovalPercent', e.target.value)}
              errors={fieldErrors('max_removal_percent')}
            />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              label="Sync schedule"
              value={state.interval}
              onChange={(e) => set('interval', e.target.value)}
              errors={[...fieldErrors('sync_interval_minutes'), ...(state.interval === 'cron' ? [] : fieldErrors('sync_cron'))]}
            >
              {intervals.map((i) => (
                <option key={i.minutes} value={String(i.minutes)}>
                  {i.label}
                </option>
              ))}
              <option value="cron">Custom cron expression</option>
            </SelectField>
            {state.interval === 'cron' && (
              <TextField
                label="Cron expression"
                hint="Quartz: seconds minutes hours day month weekday."
                className="font-mono"
                value={state.cron}
                onChange={(e) => set('cron', e.target.value)}
                errors={fieldErrors('sync_cron')}
              />
            )}
          </div>
          <TextField
            label="User agent (optional)"
            autoComplete="off"
            value={state.userAgent}
            onChange={(e) => set('userAgent', e.target.value)}
            errors={fieldErrors('user_agent')}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextAreaField
              label="Include groups"
              hint="Regular expressions, one per line or comma-separated. Empty imports every group."
              value={state.includeGroups}
              onChange={(e) => set('includeGroups', e.target.value)}
              errors={fieldErrors('include_groups')}
            />
            <TextAreaField
              label="Exclude groups"
              hint="Regular expressions, one per line or comma-separated."
              value={state.excludeGroups}
              onChange={(e) => set('excludeGroups', e.target.value)}
              errors={fieldErrors('exclude_groups')}
            />
          </div>
          <fieldset>
            <legend className="mb-2 text-sm font-medium text-slate-700 dark:text-slate-200">Import</legend>
            <div className="flex flex-wrap gap-x-6 gap-y-2">
              <Checkbox label="Live channels" checked={state.importLive} onChange={(v) => set('importLive', v)} />
              <Checkbox label="Movies" checked={state.importVod} onChange={(v) => set('importVod', v)} />
              <Checkbox label="Series" checked={state.importSeries} onChange={(v) => set('importSeries', v)} />
            </div>
          </fieldset>
        </div>
      </details>

      {error && <ErrorAlert error={error} shownFields={fieldNames} />}

      <div className="flex flex-wrap gap-2">
        <Button type="submit" busy={save.isPending}>
          {editing ? 'Save changes' : 'Add provider'}
        </Button>
        <Button
          variant="secondary"
          busy={test.isPending}
          disabled={!canTest}
          title={canTest ? undefined : 'Save the uploaded file first, then test it.'}
          onClick={() => test.mutate()}
        >
          <PlugZap aria-hidden="true" className="size-4" />
          {editing ? 'Test saved connection' : 'Test connection'}
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
      {!canTest && (
        <p className="-mt-3 text-xs text-slate-500 dark:text-slate-400">Uploaded files can be tested after they are saved.</p>
      )}

      {test.data && (
        <div className="rounded-md border border-slate-200 p-4 dark:border-slate-700">
          <TestResultView result={test.data} />
        </div>
      )}
    </form>
  );
}

