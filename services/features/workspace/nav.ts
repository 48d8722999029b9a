import type { Principal } from '../auth/principal.js';
import type { Lang, NavItem } from '../../platform/http/ui/components.js';

const LABELS = {
  home: { nb: 'Mine oppgaver', en: 'My tasks' },
  cases: { nb: 'Saker', en: 'Cases' },
  newInitiative: { nb: 'Nytt initiativ', en: 'New initiative' },
};

/** Staff roles: anyone holding one follows cases (which ones, the case policy decides). */
const FOLLOWS_CASES = new Set(['programme_leader', 'section_head', 'head_of_department', 'dean', 'pro_dean', 'faculty_representative', 'central_group_member', 'local_group_member']);

/** The navigation: only what the person's roles reach. */
export function navFor(principal: Principal, lang: Lang, currentPath: string): NavItem[] {
  const items: { key: keyof typeof LABELS; href: string }[] = [{ key: 'home', href: '/' }];
  if (principal.grants.some((g) => FOLLOWS_CASES.has(g.role))) items.push({ key: 'cases', href: '/cases' });
  items.push({ key: 'newInitiative', href: '/initiatives/new' });
  return items.map((i) => ({ href: i.href, label: LABELS[i.key][lang], current: i.href === '/' ? currentPath === '/' : currentPath.startsWith(i.href) }));
}
