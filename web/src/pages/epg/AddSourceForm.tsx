import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FileUp, Globe } from 'lucide-react';
import { ApiError } from '../../api/client';
import { createEpgSource, epgSourcesQueryKey, refreshEpgSource, uploadEpgSource } from '../../api/epg';
import type { EpgSource } from '../../api/types';
import { Button, focusRing } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';

type Kind = 'url' | 'file';

const kinds: { kind: Kind; label: string; icon: typeof Globe }[] = [
  { kind: 'url', label: 'XMLTV URL', icon: Globe },
  { kind: 'file', label: 'Upload file', icon: FileUp },
];

export interface AddedSource {
  source: EpgSource;
  /** The refresh started right after adding, or null when it could not be started. */
  runId: string | null;
  refreshError: unknown;
}

/** Adds a guide by URL or by uploading an XMLTV file (plain or gzip), then starts its first refresh. */
export function AddSourceForm({ onAdded }: { onAdded: (added: AddedSource) => void }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('url');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const fileId = useId();

  const add = useMutation({
    mutationFn: async (): Promise<AddedSource> => {
      let source: EpgSource;
      if (kind === 'file') {
        if (!file) {
          throw new ApiError(400, { title: 'One or more validation errors occurred.', errors: { file: ['Choose a guide file to upload.'] } });
        }
        source = await uploadEpgSource(name.trim(), file);
      } else {
        source = await createEpgSource({ name: name.trim(), url: url.trim() });
      }
      try {
        const accepted = await refreshEpgSource(source.id);
        return { source, runId: accepted.run_id, refreshError: null };
      } catch (refreshError) {
        return { source, runId: null, refreshError };
      }
    },
    onSuccess: (added) => {
      setName('');
      setUrl('');
      setFile(null);
      setFileKey((k) => k + 1);
      void queryClient.invalidateQueries({ queryKey: epgSourcesQueryKey });
      onAdded(added);
    },
  });

  const fieldErrors = (field: string) => (add.error instanceof ApiError ? add.error.fieldErrors(field) : []);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    add.mutate();
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Add guide" className="grid gap-4">
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700 dark:text-slate-200">Source</legend>
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
          {kinds.map(({ kind: k, label, icon: Icon }) => (
            <label
              key={k}
              className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500 ${
                kind === k
                  ? 'border-indigo-500 bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200'
                  : 'border-slate-300 dark:border-slate-600'
              }`}
            >
              <input type="radio" name="epg-kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="sr-only" />
              <Icon aria-hidden="true" className="size-4" />
              {label}
            </label>
          ))}
        </div>
      </fieldset>

      <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} errors={fieldErrors('name')} />

      {kind === 'url' ? (
        <TextField
          label="Guide URL"
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder="https://example.com/guide.xml.gz"
          hint="XMLTV, plain or gzip. Credentials in the URL are stored encrypted and shown masked."
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          errors={fieldErrors('url')}
        />
      ) : (
        <div>
          <label htmlFor={fileId} className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-200">
            Guide file
          </label>
          <input
            key={fileKey}
            id={fileId}
            type="file"
            accept=".xml,.gz,.xmltv,application/xml,text/xml,application/gzip"
            aria-invalid={fieldErrors('file').length > 0 || undefined}
            aria-describedby={`${fileId}-hint${fieldErrors('file').length ? ` ${fileId}-errors` : ''}`}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            className={`block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:text-indigo-700 dark:file:bg-indigo-950 dark:file:text-indigo-200 ${focusRing}`}
          />
          <p id={`${fileId}-hint`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
            An XMLTV file (.xml or .xml.gz), up to 1 GB.
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

      {add.isError && <ErrorAlert error={add.error} shownFields={['name', 'url', 'file']} />}

      <div>
        <Button type="submit" busy={add.isPending}>
          Add guide
        </Button>
      </div>
    </form>
  );
}
