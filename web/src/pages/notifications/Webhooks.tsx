import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Pencil, Plus, Send, Trash2 } from 'lucide-react';
import { createWebhook, deleteWebhook, listWebhooks, testWebhook, updateWebhook, webhooksQueryKey } from '../../api/alerts';
import { ApiError } from '../../api/client';
import type { Webhook, WebhookKind, WebhookRequest } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Checkbox, SelectField } from '../../components/Fields';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { TextField } from '../../components/TextField';

const kinds: { value: WebhookKind; label: string }[] = [
  { value: 'generic', label: 'Generic JSON' },
  { value: 'discord', label: 'Discord' },
  { value: 'slack', label: 'Slack' },
];

function AddWebhookForm() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<WebhookKind>('generic');
  const [url, setUrl] = useState('');
  const [sendResolved, setSendResolved] = useState(true);
  const create = useMutation({
    mutationFn: (request: WebhookRequest) => createWebhook(request),
    onSuccess: () => {
      setName('');
      setUrl('');
      void queryClient.invalidateQueries({ queryKey: webhooksQueryKey });
    },
  });
  const errors = (field: string) => (create.error instanceof ApiError ? create.error.fieldErrors(field) : []);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), kind, url: url.trim(), send_resolved: sendResolved });
  };
  return (
    <form onSubmit={submit} aria-label="Add a webhook" className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
      <h3 className="text-sm font-semibold">Add a webhook</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Name" value={name} errors={errors('name')} onChange={(e) => setName(e.target.value)} />
        <SelectField label="Kind" value={kind} errors={errors('kind')} onChange={(e) => setKind(e.target.value as WebhookKind)}>
          {kinds.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </SelectField>
      </div>
      <TextField label="URL" type="url" inputMode="url" value={url} errors={errors('url')} onChange={(e) => setUrl(e.target.value)} />
      <Checkbox label="Also send when an alert resolves" checked={sendResolved} onChange={setSendResolved} />
      {create.isError && <ErrorAlert error={create.error} shownFields={['name', 'kind', 'url']} />}
      <Button type="submit" busy={create.isPending}>
        {!create.isPending && <Plus aria-hidden="true" className="size-4" />}
        Add webhook
      </Button>
    </form>
  );
}

/** The fields of an edit that differ from the webhook; an empty URL keeps the stored one (the API never sends it back). */
export function webhookChanges(webhook: Webhook, form: { name: string; kind: WebhookKind; url: string; enabled: boolean; sendResolved: boolean }): WebhookRequest {
  const request: WebhookRequest = {};
  if (form.name.trim() !== webhook.name) request.name = form.name.trim();
  if (form.kind !== webhook.kind) request.kind = form.kind;
  if (form.url.trim() !== '') request.url = form.url.trim();
  if (form.enabled !== webhook.enabled) request.enabled = form.enabled;
  if (form.sendResolved !== webhook.send_resolved) request.send_resolved = form.sendResolved;
  return request;
}

function EditWebhookForm({ webhook, onDone }: { webhook: Webhook; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(webhook.name);
  const [kind, setKind] = useState<WebhookKind>(webhook.kind);
  const [url, setUrl] = useState('');
  const [enabled, setEnabled] = useState(webhook.enabled);
  const [sendResolved, setSendResolved] = useState(webhook.send_resolved);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const save = useMutation({
    mutationFn: (request: WebhookRequest) => updateWebhook(webhook.id, request),
    onSuccess: (saved) => {
      queryClient.setQueryData<Webhook[]>(webhooksQueryKey, (list) => list?.map((w) => (w.id === saved.id ? saved : w)));
      void queryClient.invalidateQueries({ queryKey: webhooksQueryKey });
      onDone();
    },
  });
  const errors = (field: string) => (save.error instanceof ApiError ? save.error.fieldErrors(field) : []);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const request = webhookChanges(webhook, { name, kind, url, enabled, sendResolved });
    if (Object.keys(request).length === 0) onDone();
    else save.mutate(request);
  };
  return (
    <form
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && onDone()}
      aria-label={`Edit ${webhook.name}`}
      className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField ref={first} label="Name" value={name} errors={errors('name')} onChange={(e) => setName(e.target.value)} />
        <SelectField label="Kind" value={kind} errors={errors('kind')} onChange={(e) => setKind(e.target.value as WebhookKind)}>
          {kinds.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </SelectField>
      </div>
      <TextField
        label="New URL"
        type="url"
        inputMode="url"
        autoComplete="off"
        value={url}
        errors={errors('url')}
        hint={`Leave empty to keep the current URL (${webhook.url}).`}
        onChange={(e) => setUrl(e.target.value)}
      />
      <Checkbox label="Enabled" checked={enabled} onChange={setEnabled} />
      <Checkbox label="Also send when an alert resolves" checked={sendResolved} onChange={setSendResolved} />
      {save.isError && <ErrorAlert error={save.error} shownFields={['name', 'kind', 'url']} />}
      <div className="flex gap-2">
        <Button type="submit" busy={save.isPending}>
          Save
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function WebhookRow({ webhook }: { webhook: Webhook }) {
  const queryClient = useQueryClient();
  const test = useMutation({ mutationFn: () => testWebhook(webhook.id) });
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const stopEditing = () => {
    setEditing(false);
    // Back to the button that opened the form, once it is shown again.
    setTimeout(() => editButton.current?.focus());
  };
  const remove = useMutation({
    mutationFn: () => deleteWebhook(webhook.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: webhooksQueryKey }),
  });
  const confirmDelete = () => {
    if (window.confirm(`Delete the webhook “${webhook.name}”? Alerts will no longer be sent to it.`)) remove.mutate();
  };
  return (
    <li className="space-y-2 py-3">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{webhook.name}</span>
            <Badge>{webhook.kind}</Badge>
            {!webhook.enabled && <Badge tone="amber">disabled</Badge>}
          </p>
          <p className="break-all font-mono text-xs text-slate-500 dark:text-slate-400">{webhook.url}</p>
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          <Button ref={editButton} variant="secondary" onClick={() => setEditing(true)} disabled={editing} aria-label={`Edit ${webhook.name}`} aria-expanded={editing}>
            <Pencil aria-hidden="true" className="size-4" />
            Edit
          </Button>
          <Button variant="secondary" busy={test.isPending} onClick={() => test.mutate()} aria-label={`Test ${webhook.name}`}>
            {!test.isPending && <Send aria-hidden="true" className="size-4" />}
            Test
          </Button>
          <Button variant="danger" busy={remove.isPending} onClick={confirmDelete} aria-label={`Delete ${webhook.name}`}>
            {!remove.isPending && <Trash2 aria-hidden="true" className="size-4" />}
            Delete
          </Button>
        </div>
      </div>
      {editing && <EditWebhookForm webhook={webhook} onDone={stopEditing} />}
      {test.isSuccess && (
        <p role="status" className={`text-sm ${test.data.ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}`}>
          {test.data.ok
            ? `Delivered: HTTP ${test.data.status_code ?? '?'} in ${test.data.duration_ms} ms`
            : `Failed${test.data.status_code ? `: HTTP ${test.data.status_code}` : ''}${test.data.error ? ` — ${test.data.error}` : ''}`}
        </p>
      )}
      {test.isError && <ErrorAlert error={test.error} />}
      {remove.isError && <ErrorAlert error={remove.error} />}
    </li>
  );
}

export function Webhooks() {
  const webhooks = useQuery({ queryKey: webhooksQueryKey, queryFn: ({ signal }) => listWebhooks(signal) });
  return (
    <Card title="Webhooks">
      {webhooks.isPending ? (
        <LoadingState label="Loading webhooks…" />
      ) : webhooks.isError ? (
        <ErrorState error={webhooks.error} onRetry={() => void webhooks.refetch()} />
      ) : webhooks.data.length === 0 ? (
        <EmptyState title="No webhooks">Alerts then only appear here.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-label="Webhooks">
          {webhooks.data.map((w) => (
            <WebhookRow key={w.id} webhook={w} />
          ))}
        </ul>
      )}
      <div className="mt-4">
        <AddWebhookForm />
      </div>
    </Card>
  );
}
