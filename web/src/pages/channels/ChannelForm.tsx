import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import { channelQueryKey, channelsQueryKey, updateChannel } from '../../api/channels';
import type { ChannelSummary, ChannelUpdate } from '../../api/types';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Checkbox } from '../../components/Fields';
import { TextField } from '../../components/TextField';

const fields = ['name', 'number', 'group_title', 'logo', 'epg_channel_id'];

/** Edits a channel; only changed fields are sent, and the server then keeps them through syncs. */
export function ChannelForm({ channel }: { channel: ChannelSummary }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(channel.name);
  const [number, setNumber] = useState(channel.number?.toString() ?? '');
  const [group, setGroup] = useState(channel.group_title ?? '');
  const [logo, setLogo] = useState(channel.logo ?? '');
  const [epg, setEpg] = useState(channel.epg_channel_id ?? '');
  const [enabled, setEnabled] = useState(channel.enabled);

  const save = useMutation({
    mutationFn: (request: ChannelUpdate) => updateChannel(channel.id, request),
    onSuccess: (detail) => {
      queryClient.setQueryData(channelQueryKey(channel.id), detail);
      void queryClient.invalidateQueries({ queryKey: [...channelsQueryKey, 'list'] });
    },
  });

  const changes = (): ChannelUpdate => {
    const request: ChannelUpdate = {};
    if (name.trim() !== channel.name) request.name = name.trim();
    if (number.trim() !== (channel.number?.toString() ?? '') && number.trim() !== '') request.number = Number(number);
    if (group.trim() !== (channel.group_title ?? '')) request.group_title = group.trim();
    if (logo.trim() !== (channel.logo ?? '')) request.logo = logo.trim();
    if (epg.trim() !== (channel.epg_channel_id ?? '')) request.epg_channel_id = epg.trim();
    if (enabled !== channel.enabled) request.enabled = enabled;
    return request;
  };
  const pending = changes();
  const dirty = Object.keys(pending).length > 0;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (dirty) save.mutate(pending);
  };
  const errors = (field: string) => (save.error instanceof ApiError ? save.error.fieldErrors(field) : []);

  return (
    <Card title="Details">
      <form onSubmit={submit} noValidate className="grid gap-4">
        <div className="flex items-start gap-3">
          {logo && (
            <img
              key={logo}
              src={logo}
              alt=""
              className="size-12 shrink-0 rounded bg-slate-100 object-contain dark:bg-slate-800"
              referrerPolicy="no-referrer"
              onError={(e) => (e.currentTarget.style.display = 'none')}
            />
          )}
          <TextField label="Name" className="flex-1" value={name} onChange={(e) => setName(e.target.value)} errors={errors('name')} />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Number"
            type="number"
            min={0}
            max={99999}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            errors={errors('number')}
          />
          <TextField label="Group" value={group} onChange={(e) => setGroup(e.target.value)} errors={errors('group_title')} />
        </div>
        <TextField label="Logo URL" type="url" value={logo} onChange={(e) => setLogo(e.target.value)} errors={errors('logo')} />
        <TextField label="EPG channel id" value={epg} onChange={(e) => setEpg(e.target.value)} errors={errors('epg_channel_id')} />
        <Checkbox label="Enabled" hint="Disabled channels are left out of playlists." checked={enabled} onChange={setEnabled} />
        {save.isError && <ErrorAlert error={save.error} shownFields={fields} />}
        {save.isSuccess && !dirty && (
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            Saved.
          </p>
        )}
        <div>
          <Button type="submit" busy={save.isPending} disabled={!dirty}>
            Save channel
          </Button>
        </div>
      </form>
    </Card>
  );
}
