import { validate } from 'class-validator';
import { fieldsOf, toErrorBody } from '../errors.js';
import type { Lang } from './components.js';

/**
 * Validation problems (class-validator's English, "field must be …") as a person reads them next to
 * the field: without the field's code name, and in Norwegian on a Norwegian page.
 */
const PROBLEMS: [RegExp, Record<Lang, (...m: string[]) => string>][] = [
  [/must be (\d+) to (\d+) characters/, { nb: (a, b) => `må ha ${a} til ${b} tegn`, en: (a, b) => `must have ${a} to ${b} characters` }],
  [/must be (?:at least|longer than or equal to) (\d+) characters/, { nb: (n) => `må ha minst ${n} tegn`, en: (n) => `must be at least ${n} characters` }],
  [/(?:must be shorter than or equal to|must be at most) (\d+) characters/, { nb: (n) => `kan ha høyst ${n} tegn`, en: (n) => `can be at most ${n} characters` }],
  [/must be a date as YYYY-MM-DD/, { nb: () => 'skriv datoen som ÅÅÅÅ-MM-DD', en: () => 'write the date as YYYY-MM-DD' }],
  [/must be a valid ISO 8601 date string/, { nb: () => 'må være en gyldig dato', en: () => 'must be a valid date' }],
  [/must be a UUID/, { nb: () => 'velg fra listen', en: () => 'choose from the list' }],
  [/must be one of the following values/, { nb: () => 'velg et av alternativene', en: () => 'choose one of the options' }],
  [/must be a date and time/, { nb: () => 'må være en dato med klokkeslett', en: () => 'must be a date and time' }],
  [/must be in the future/, { nb: () => 'må være fram i tid', en: () => 'must be in the future' }],
  [/must be an array/, { nb: () => 'velg fra listen', en: () => 'choose from the list' }],
  [/is required to ask for a revision/, { nb: () => 'skriv en kommentar til studenten når dere ber om revisjon', en: () => 'write a comment to the student when asking for a revision' }],
  [/outcome must be approve or revise/, { nb: () => 'velg godkjenn eller revisjon', en: () => 'choose approve or revise' }],
  [/is not an active activity/, { nb: () => 'er ikke en aktiv aktivitet i studieprogrammets katalog', en: () => "is not an active activity of the programme's catalogue" }],
  [/must not be before startedOn/, { nb: () => 'kan ikke være før startdatoen', en: () => 'must not be before the start date' }],
  [/must be a URL address/, { nb: () => 'må være en nettadresse som begynner med http:// eller https://', en: () => 'must be a web address starting with http:// or https://' }],
  [/must be an integer number/, { nb: () => 'må være et helt tall', en: () => 'must be a whole number' }],
  [/must not be less than (\d+)/, { nb: (n) => `kan ikke være mindre enn ${n}`, en: (n) => `must not be less than ${n}` }],
  [/must not be greater than (\d+)/, { nb: (n) => `kan ikke være større enn ${n}`, en: (n) => `must not be greater than ${n}` }],
  [/is required to approve/, { nb: () => 'fyll inn ressursvurderingen for å godkjenne', en: () => 'fill in the resource assessment to approve' }],
  [/is required to reject/, { nb: () => 'skriv en begrunnelse for avslaget', en: () => 'write the reason for rejecting' }],
  [/is required to ask for changes/, { nb: () => 'skriv hva som bør endres', en: () => 'write what should change' }],
  [/must be a number of hours, 0 or more/, { nb: () => 'skriv antall timer, 0 eller mer', en: () => 'write a number of hours, 0 or more' }],
  [/must be true or false/, { nb: () => 'velg ja eller nei', en: () => 'choose yes or no' }],
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

/** A form's problems by field (the first part of a dotted path); a problem of the whole request under `form`. */
export type FieldErrors = Record<string, string>;

/**
 * What a refusal (validation, a service, the workflow) says, by form field, as a person reads it;
 * `message` words a refusal that names no field (a feature's own phrasebook), else it is shown as is.
 */
export function errorsOf(err: unknown, lang: Lang, message: (lang: Lang, text: string) => string = (_lang, text) => text): FieldErrors {
  const body = toErrorBody(err);
  const out: FieldErrors = {};
  for (const f of body.fields ?? []) out[f.field.split('.')[0]] = [...new Set(f.problems.map((p) => problemText(lang, f.field, p)))].join('; ');
  if (!body.fields?.length) out.form = message(lang, body.message);
  return out;
}

/** A form's DTO checked as the JSON API checks it; undefined when it is valid. */
export async function validationErrors(dto: object, lang: Lang): Promise<FieldErrors | undefined> {
  const problems = fieldsOf(await validate(dto));
  if (!problems.length) return undefined;
  return Object.fromEntries(problems.map((p) => [p.field.split('.')[0], [...new Set(p.problems.map((x) => problemText(lang, p.field, x)))].join('; ')]));
}
