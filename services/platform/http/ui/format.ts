import type { Lang } from './components.js';

/** A date formatter in the reader's language, in Oslo time. */
export const dateFormat = (lang: Lang, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { timeZone: 'Europe/Oslo', ...options });

/** A moment as pages show it: "4. des. 2026, 19:45" / "4 Dec 2026, 19:45". */
export const dateTime = (at: Date | string, lang: Lang) => dateFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));

/** Whether a path parameter is a UUID (anything else is a 404 page, never a database error). */
export const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
