import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Check, Copy, RefreshCw } from 'lucide-react';
import { meQueryKey, rotateXtreamPassword } from '../../api/auth';
import type { Me } from '../../api/types';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { inputClass } from '../../components/TextField';

/** A read-only value with a copy button. */
function CopyRow({ id, label, value }: { id: string; label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const [failed, setFailed] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setFailed(false);
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      // Plain-HTTP installs have no clipboard API: the field stays selectable.
      setFailed(true);
    }
  };

  return (
    <div className="grid gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="flex gap-2">
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} className={`${inputClass} font-mono text-xs`} />
        <Button variant="secondary" onClick={() => void copy()} aria-label={`Copy ${label}`}>
          {copied ? <Check aria-hidden="true" className="size-4" /> : <Copy aria-hidden="true" className="size-4" />}
        </Button>
      </div>
      {failed && <span className="text-xs text-red-600 dark:text-red-400">Copying is not available here; select the text and copy it by hand.</span>}
    </div>
  );
}

/** The addresses players and media servers need: playlist, guide, Xtream login, HDHomeRun tuner. */
export function PlayerSetup({ me, origin = window.location.origin }: { me: Me; origin?: string }) {
  const queryClient = useQueryClient();
  const token = encodeURIComponent(me.playback_token);
  const rotate = useMutation({
    mutationFn: rotateXtreamPassword,
    onSuccess: ({ xtream_password }) => {
      queryClient.setQueryData<Me | null>(meQueryKey, (current) => (current ? { ...current, xtream_password } : current));
    },
  });
  const confirmRotate = () => {
    if (window.confirm('Issue a new Xtream password? Apps signed in with the current one stop working.')) rotate.mutate();
  };

  return (
    <Card title="Player setup">
      <p className="mb-4 text-sm text-slate-500 dark:text-slate-400">
        Every address below goes through this server: players never see your providers. They carry your playback token,
        so treat them like a password.
      </p>
      <div className="grid gap-4">
        <CopyRow id="m3u-url" label="M3U playlist" value={`${origin}/playlist/${token}.m3u`} />
        <CopyRow id="m3u-vod-url" label="M3U playlist with movies and series" value={`${origin}/playlist/${token}.m3u?vod=true`} />
        <CopyRow id="epg-url" label="XMLTV guide" value={`${origin}/epg/${token}.xml`} />
        <CopyRow id="hdhr-url" label="HDHomeRun tuner (Plex, Jellyfin, Emby)" value={`${origin}/hdhr/${token}/`} />
        <fieldset className="grid gap-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
          <legend className="px-1 text-sm font-medium">Xtream Codes login (TiviMate, IPTV Smarters…)</legend>
          <CopyRow id="xtream-server" label="Server" value={origin} />
          <CopyRow id="xtream-username" label="Username" value={me.username} />
          <CopyRow id="xtream-password" label="Password" value={me.xtream_password} />
          <div>
            <Button variant="secondary" busy={rotate.isPending} onClick={confirmRotate}>
              {!rotate.isPending && <RefreshCw aria-hidden="true" className="size-4" />}
              New Xtream password
            </Button>
            {rotate.isSuccess && (
              <span role="status" className="ml-3 text-sm text-emerald-700 dark:text-emerald-400">
                New password issued.
              </span>
            )}
          </div>
          {rotate.isError && <ErrorAlert error={rotate.error} />}
        </fieldset>
      </div>
    </Card>
  );
}
