export const sourceKindLabels: Record<string, string> = {
  url: 'URL',
  file: 'Uploaded file',
  provider_m3u: 'From M3U provider',
  provider_xtream: 'From Xtream provider',
};
