/**
 * Adds working days (Monday–Friday) to a moment, keeping the time of day. A start on a weekend
 * counts from the next Monday. Public holidays are not known here.
 */
export function addWorkingDays(start: Date, days: number): Date {
  const d = new Date(start.getTime());
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const weekday = d.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return d;
}
