import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, type RequestWithPrincipal } from '../auth/auth.decorators.js';
import { safeReturnTo } from '../auth/auth.controller.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { RolloutRepository } from '../rollouts/rollout.repository.js';
import { TASK_TITLES } from '../rollouts/rollout.templates.js';
import { TaskRepository } from '../tasks/task.repository.js';
import type { TaskEntity } from '../../platform/db/entities/index.js';
import { Badge, Layout, renderPage, type Lang } from '../../platform/http/ui/components.js';
import { pageSession, sendPage } from './page-session.js';
import { dateFormat } from '../../platform/http/ui/format.js';

export const STATUS_FILTERS = ['open', 'overdue', 'completed'] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number];

const T = {
  nb: {
    title: 'Mine oppgaver',
    filters: { open: 'Åpne', overdue: 'Forfalt', completed: 'Fullført av meg' },
    task: 'Oppgave',
    programme: 'Studieprogram',
    due: 'Frist',
    closed: 'Fullført',
    status: 'Status',
    overdue: 'Forfalt',
    onTime: 'I rute',
    done: 'Fullført',
    none: 'Ingen oppgaver her.',
    filterBy: 'Avgrens',
    anyProgramme: 'Alle studieprogram',
    anyType: 'Alle oppgavetyper',
    type: 'Oppgavetype',
    apply: 'Vis',
    certificate: 'Sertifikat',
    statusFilters: 'Vis oppgaver',
  },
  en: {
    title: 'My tasks',
    filters: { open: 'Open', overdue: 'Overdue', completed: 'Completed by me' },
    task: 'Task',
    programme: 'Programme',
    due: 'Due',
    closed: 'Completed',
    status: 'Status',
    overdue: 'Overdue',
    onTime: 'On time',
    done: 'Done',
    none: 'No tasks here.',
    filterBy: 'Narrow down',
    anyProgramme: 'All programmes',
    anyType: 'All task types',
    type: 'Task type',
    apply: 'Show',
    certificate: 'Certificate',
    statusFilters: 'Show tasks',
  },
};

const date = (d: Date, lang: Lang) => dateFormat(lang, { dateStyle: 'medium' }).format(d);
const titleOf = (type: string, lang: Lang) => TASK_TITLES[type as keyof typeof TASK_TITLES]?.[lang] ?? type;

interface Row {
  task: TaskEntity;
  programme?: { code: string; name: string };
  overdue: boolean;
}

/** The workspace's home: where sign-in lands. The tasks assigned to me, filtered in the URL. */
@ApiExcludeController()
@Public()
@Controller()
export class HomeController {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly rollouts: RolloutRepository,
    private readonly organisation: OrganisationRepository,
  ) {}

  @Get()
  async home(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const { principal, lang } = session;
    const t = T[lang];
    const status: StatusFilter = STATUS_FILTERS.includes(query.status as StatusFilter) ? (query.status as StatusFilter) : 'open';
    const programme = typeof query.programme === 'string' && query.programme ? query.programme : undefined;
    const type = typeof query.type === 'string' && query.type ? query.type : undefined;

    const [open, completed] = await Promise.all([this.tasks.openFor(principal.personId), this.tasks.decidedBy(principal.personId)]);
    const cases = new Map((await this.rollouts.findMany([...new Set([...open, ...completed].filter((x) => x.caseType === 'rollout').map((x) => x.caseId))])).map((r) => [r.id, r]));
    const now = Date.now();
    const row = (task: TaskEntity): Row => {
      const c = cases.get(task.caseId);
      return { task, overdue: task.status === 'open' && task.dueAt.getTime() < now, programme: c?.programme ? { code: c.programme.code, name: lang === 'nb' ? c.programme.nameNb : c.programme.nameEn } : undefined };
    };
    const all = { open: open.map(row), completed: completed.map(row) };
    const inScope = (r: Row) => (!programme || r.programme?.code === programme) && (!type || r.task.type === type);
    const byStatus: Record<StatusFilter, Row[]> = {
      open: all.open.filter(inScope),
      overdue: all.open.filter((r) => r.overdue).filter(inScope),
      completed: all.completed.filter(inScope),
    };
    const rows = byStatus[status];
    const programmes = [...new Map([...all.open, ...all.completed].flatMap((r) => (r.programme ? [[r.programme.code, r.programme.name] as const] : []))).entries()].sort();
    const types = [...new Set([...all.open, ...all.completed].map((r) => r.task.type))].sort();
    const link = (s: StatusFilter) => `/?${new URLSearchParams({ status: s, ...(programme ? { programme } : {}), ...(type ? { type } : {}) }).toString()}`;

    sendPage(
      res,
      renderPage(
        <Layout lang={lang} title={t.title} person={principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{t.title}</h1>
          <nav aria-label={t.statusFilters}>
            <ul class="filters">
              {STATUS_FILTERS.map((s) => (
                <li>
                  <a href={link(s)} aria-current={s === status ? 'true' : undefined} id={`filter-${s}`}>
                    {t.filters[s]} <span class="count">({byStatus[s].length})</span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <form method="get" action="/" class="narrow">
            <input type="hidden" name="status" value={status} />
            <label for="filter-programme">{t.programme}</label>{' '}
            <select id="filter-programme" name="programme">
              <option value="">{t.anyProgramme}</option>
              {programmes.map(([code, name]) => (
                <option value={code} selected={code === programme}>
                  {name} ({code})
                </option>
              ))}
            </select>{' '}
            <label for="filter-type">{t.type}</label>{' '}
            <select id="filter-type" name="type">
              <option value="">{t.anyType}</option>
              {types.map((ty) => (
                <option value={ty} selected={ty === type}>
                  {titleOf(ty, lang)}
                </option>
              ))}
            </select>{' '}
            <button type="submit">{t.apply}</button>
          </form>
          {rows.length === 0 ? (
            <p class="muted" id="no-tasks">
              {t.none}
            </p>
          ) : (
            <table id="tasks">
              <thead>
                <tr>
                  <th scope="col">{t.task}</th>
                  <th scope="col">{t.programme}</th>
                  <th scope="col">{status === 'completed' ? t.closed : t.due}</th>
                  <th scope="col">{t.status}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr data-task={r.task.id}>
                    <td>{r.task.status === 'open' ? <a href={`/tasks/${encodeURIComponent(r.task.id)}`}>{titleOf(r.task.type, lang)}</a> : titleOf(r.task.type, lang)}</td>
                    <td>{r.programme ? `${r.programme.name} (${r.programme.code})` : r.task.caseType === 'certificate' ? t.certificate : ''}</td>
                    <td>{date(status === 'completed' && r.task.closedAt ? r.task.closedAt : r.task.dueAt, lang)}</td>
                    <td>{r.task.status !== 'open' ? <Badge tone="plain">{t.done}</Badge> : r.overdue ? <Badge tone="bad">{t.overdue}</Badge> : <Badge tone="ok">{t.onTime}</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Layout>,
      ),
    );
  }

  /** The language switch in every page's header: stores the preference and goes back. */
  @Post('me/language')
  async language(@Body() body: Record<string, unknown>, @Req() req: RequestWithPrincipal, @Res() res: Response): Promise<void> {
    const returnTo = safeReturnTo(body.returnTo, '/');
    if (!req.principal) {
      res.redirect(303, `/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
      return;
    }
    if (body.language === 'nb' || body.language === 'en') await this.organisation.setPreferredLanguage(req.principal.personId, body.language);
    res.redirect(303, returnTo);
  }
}
