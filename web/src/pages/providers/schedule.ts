/** The sync intervals the server turns into cron expressions (sync_interval_minutes). */
export const intervals: { minutes: number; label: string }[] = [
  { minutes: 15, label: 'Every 15 minutes' },
  { minutes: 30, label: 'Every 30 minutes' },
  { minutes: 60, label: 'Every hour' },
  { minutes: 120, label: 'Every 2 hours' },
  { minutes: 180, label: 'Every 3 hours' },
  { minutes: 360, label: 'Every 6 hours' },
  { minutes: 720, label: 'Every 12 hours' },
  { minutes: 1440, label: 'Once a day' },
];

/** Mirrors the server's CronForInterval, so a saved schedule shows as its interval again. */
export function cronForInterval(minutes: number): string | null {
  if (minutes >= 1 && minutes <= 60 && 60 % minutes === 0) return minutes === 60 ? '0 0 * * * ?' : `0 0/${minutes} * * * ?`;
  if (minutes > 60 && minutes % 60 === 0 && 24 % (minutes / 60) === 0)
    return minutes === 1440 ? '0 0 0 * * ?' : `0 0 0/${minutes / 60} * * ?`;
  return null;
}

export function intervalForCron(cron: string): number | null {
  return intervals.find((i) => cronForInterval(i.minutes) === cron.trim())?.minutes ?? null;
}

export function describeSchedule(cron: string): string {
  const minutes = intervalForCron(cron);
  return minutes === null ? cron : intervals.find((i) => i.minutes === minutes)!.label;
}
