import { useEffect, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Check, Copy, RefreshCw } from 'lucide-react';
import { meQueryKey, rotatePlaybackToken } from '../../api/auth';
import type { Me } from '../../api/types';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { inputClass } from '../../components/TextField';

export function PlaybackToken({ token }: { token: string }) {
  const queryClient = useQueryClient();
  const [copied, setCopied] = useState(false);
  const [copyError, setCopyError] = useState<string | null>(null);

  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const rotate = useMutation({
    mutationFn: rotatePlaybackToken,
    onSuccess: ({ playback_token }) => {
      queryClient.setQueryData<Me | null>(meQueryKey, (me) => (me ? { ...me, playback_token } : me));
    },
  });

  const copy = async () => {
    setCopyError(null);
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      // The clipboard API needs a secure context; plain-HTTP installs must copy by hand.
      setCopyError('Copying is not available here. Select the token and copy it by hand.');
    }
  };

  const confirmRotate = () => {
    if (window.confirm('Rotate the playback token? Playlists and players using the current token stop working.')) {
      rotate.mutate();
    }
  };

  return (
    <Card title="Playback token">
      <p className="mb-3 text-sm text-slate-500 dark:text-slate-400">
        Players and media servers can't sign in, so playlist and stream URLs carry this token. Treat it like a
        password.
      </p>
      <label htmlFor="playback-token" className="sr-only">
        Playback token
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id="playback-token"
          readOnly
          value={token}
          onFocus={(e) => e.currentTarget.select()}
          className={`${inputClass} font-mono`}
        />
        <div className="flex gap-2">
          <Button variant="secondary" onClick={() => void copy()} aria-label="Copy playback token">
            {copied ? <Check aria-hidden="true" className="size-4" /> : <Copy aria-hidden="true" className="size-4" />}
            {copied ? 'Copied' : 'Copy'}
          </Button>
          <Button variant="secondary" busy={rotate.isPending} onClick={confirmRotate}>
            {!rotate.isPending && <RefreshCw aria-hidden="true" className="size-4" />}
            Rotate
          </Button>
        </div>
      </div>
      <div aria-live="polite" className="mt-2 text-sm">
        {copied && <span className="text-emerald-700 dark:text-emerald-400">Copied to the clipboard.</span>}
        {copyError && <span className="text-red-600 dark:text-red-400">{copyError}</span>}
        {rotate.isSuccess && !copied && <span className="text-emerald-700 dark:text-emerald-400">New token issued.</span>}
      </div>
      {rotate.isError && <ErrorAlert error={rotate.error} />}
    </Card>
  );
}
