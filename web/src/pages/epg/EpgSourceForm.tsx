import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import { epgSourceQueryKey, epgSourcesQueryKey, updateEpgSource } from '../../api/epg';
import type { EpgSource, EpgSourceRequest } from '../../api/types';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Checkbox } from '../../components/Fields';
import { TextField } from '../../components/TextField';

/** Name, URL (sources of kind `url` only), enabled and priority of a guide source. */
export function EpgSourceForm({ source }: { source: EpgSource }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(source.name);
  const [url, setUrl] = useState('');
  const [enabled, setEnabled] = useState(source.enabled);
  const [priority, setPriority] = useState(String(source.priority));

  const save = useMutation({
    mutationFn: () => {
      const request: EpgSourceRequest = { name: name.trim(), enabled };
      if (priority.trim() !== '') request.priority = Number(priority);
      if (source.kind === 'url' && url.trim()) request.url = url.trim();
      return updateEpgSource(source.id, request);
    },
    onSuccess: (saved) => {
      setUrl('');
      queryClient.setQueryData(epgSourceQueryKey(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: epgSourcesQueryKey, exact: true });
    },
  });
  const fieldErrors = (field: string) => (save.error instanceof ApiError ? save.error.fieldErrors(field) : []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Settings of ${source.name}`} className="grid gap-4">
      <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} errors={fieldErrors('name')} />
      {source.kind === 'url' && (
        <TextField
          label="Guide URL"
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder={source.url ?? ''}
          hint={`Leave empty to keep the current URL (${source.url ?? 'hidden'}).`}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          errors={fieldErrors('url')}
        />
      )}
      <TextField
        label="Priority"
        type="number"
        min={-1000}
        max={1000}
        hint="−1000 to 1000. Lower first: when two guides carry the same channel id, the lower priority wins."
        value={priority}
        onChange={(e) => setPriority(e.target.value)}
        errors={fieldErrors('priority')}
      />
      <Checkbox label="Enabled" hint="Disabled guides are neither refreshed nor used for mapping." checked={enabled} onChange={setEnabled} />
      {save.isError && <ErrorAlert error={save.error} shownFields={['name', 'url', 'priority']} />}
      {save.isSuccess && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          Saved.
        </p>
      )}
      <div>
        <Button type="submit" busy={save.isPending}>
          Save changes
        </Button>
      </div>
    </form>
  );
}
