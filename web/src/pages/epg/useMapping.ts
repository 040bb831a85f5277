import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deleteMapping, epgMappingsQueryKey, epgUnmappedQueryKey, nowNextQueryKey, setMapping } from '../../api/epg';

function useInvalidateMappings() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: epgMappingsQueryKey });
    void queryClient.invalidateQueries({ queryKey: epgUnmappedQueryKey });
    void queryClient.invalidateQueries({ queryKey: nowNextQueryKey });
  };
}

export interface MapRequest {
  channelId: number;
  channelName: string;
  epgChannelId: number;
  guideName: string;
  shiftMinutes?: number;
}

/** A manual mapping: it wins over the automatic one and survives refreshes. */
export function useSetMapping(onMapped?: (request: MapRequest) => void) {
  const invalidate = useInvalidateMappings();
  return useMutation({
    mutationFn: (request: MapRequest) =>
      setMapping(request.channelId, {
        epg_channel_id: request.epgChannelId,
        ...(request.shiftMinutes !== undefined ? { shift_minutes: request.shiftMinutes } : {}),
      }),
    onSuccess: (_, request) => {
      invalidate();
      onMapped?.(request);
    },
  });
}

/** Drops a mapping; the server runs the automatic mapping again right away and answers its counts. */
export function useDeleteMapping() {
  const invalidate = useInvalidateMappings();
  return useMutation({
    mutationFn: ({ channelId }: { channelId: number; channelName: string }) => deleteMapping(channelId),
    onSuccess: invalidate,
  });
}
