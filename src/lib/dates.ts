/**
 * Whether `YYYY-MM-DD` (the start of `text`) names a day PostgreSQL can store: a real calendar
 * day (JavaScript rolls 2024-02-30 over to March), in a year from 0001 (PostgreSQL has no year
 * 0000; it counts 1 BC).
 */
export function isCalendarDay(text: string): boolean {
  const day = text.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day < '0001') return false;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}
