import type { Lang } from './components.js';

/**
 * Validation problems (class-validator's English, "field must be …") as a person reads them next to
 * the field: without the field's code name, and in Norwegian on a Norwegian page.
 */
const PROBLEMS: [RegExp, Record<Lang, (...m: string[]) => string>][] = [
  [/must be (?:at least|longer than or equal to) (\d+) characters/, { nb: (n) => `må ha minst ${n} tegn`, en: (n) => `must be at least ${n} characters` }],
  [/(?:must be shorter than or equal to|must be at most) (\d+) characters/, { nb: (n) => `kan ha høyst ${n} tegn`, en: (n) => `can be at most ${n} characters` }],
  [/must be a date as YYYY-MM-DD/, { nb: () => 'skriv datoen som ÅÅÅÅ-MM-DD', en: () => 'write the date as YYYY-MM-DD' }],
  [/must be a valid ISO 8601 date string/, { nb: () => 'må være en gyldig dato', en: () => 'must be a valid date' }],
  [/must be a UUID/, { nb: () => 'velg fra listen', en: () => 'choose from the list' }],
  [/must be one of the following values/, { nb: () => 'velg et av alternativene', en: () => 'choose one of the options' }],
  [/is not an active activity/, { nb: () => 'er ikke en aktiv aktivitet i studieprogrammets katalog', en: () => "is not an active activity of the programme's catalogue" }],
  [/must not be before startedOn/, { nb: () => 'kan ikke være før startdatoen', en: () => 'must not be before the start date' }],
  [/must be a URL address/, { nb: () => 'må være en nettadresse som begynner med http:// eller https://', en: () => 'must be a web address starting with http:// or https://' }],
  [/must be an integer number/, { nb: () => 'må være et helt tall', en: () => 'must be a whole number' }],
  [/must not be less than (\d+)/, { nb: (n) => `kan ikke være mindre enn ${n}`, en: (n) => `must not be less than ${n}` }],
  [/must not be greater than (\d+)/, { nb: (n) => `kan ikke være større enn ${n}`, en: (n) => `must not be greater than ${n}` }],
  [/must be a string|should not be empty/, { nb: () => 'må fylles ut', en: () => 'must be filled in' }],
];

export function problemText(lang: Lang, field: string, problem: string): string {
  const bare = problem.startsWith(`${field} `) ? problem.slice(field.length + 1) : problem;
  for (const [pattern, say] of PROBLEMS) {
    const m = pattern.exec(bare);
    if (m) return say[lang](...m.slice(1));
  }
  return bare;
}
