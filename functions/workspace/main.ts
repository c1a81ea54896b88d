/**
 * The authors' workspace (issue 21), bundled for the browser by scripts/gen-workspace.ts: sign in
 * with the agency's credential (sign-in.ts), see its years, start a year (from last year's
 * published report, a published file or blank) or go on with a draft, edit it with the checks
 * running as one types, save, preview and publish. Plain DOM, no framework: the page is one form
 * whose fields are bound to the report's paths, and the checks touch only the fields they mark.
 * The address names the draft open (`#/{agency}/{year}`): a reload or a link opens it again, for
 * whoever may act for that agency.
 */
import { labelId, nextYearDraft, parseLastYear, printedLabel, SECTION_HEADINGS, type Report, type SectionKey } from '../report';
import { agencyYears, ApiError, chooseAgency, importReport, loadDraft, prefill, signedIn, signOut, whoAmI, type AgencyYear, type Credential, type Identity } from './api';
import { blocksEditor } from './blocks';
import { checkReport, ProblemView, type Checked } from './checks';
import { bilingual, h } from './dom';
import type { EditorContext } from './editor-context';
import { labelsEditor, sectionOfLabel } from './labels';
import { blankReport, pathText, type Json, type Path } from './model';
import { showPreview, showPublish } from './publishing';
import { readLocal, Saver, unsavedYears, type SaveState } from './saving';
import { chooseScreen, problemText, signInScreen, type SignInFlow } from './sign-in';
import { proactiveTable, processingFeesFields, requestsTable, reviewsTable } from './tables';
import { signatureFields } from './signature';
import { showTotals } from './totals';

const root = document.getElementById('workspace')!;

/** Whom the signed-in credential stands for: whether it may choose another agency. */
let identity: Identity | null = null;

const flow: SignInFlow = {
  root,
  chosen: (credential, notice) => void showYears(credential, notice),
  signedOut() {
    signOut();
    identity = null;
    history.replaceState(null, '', location.pathname);
    startSignIn();
  },
};

function startSignIn(message?: DocumentFragment): void {
  signInScreen(flow, (token, who) => void enter(token, who), message);
}

/** `#/{agency}/{year}`: the draft the address names, if it names one. */
function routeOf(hash: string): { agencyId: string; year: number } | null {
  const match = /^#\/([a-z0-9][a-z0-9-]*)\/(\d{4})$/.exec(hash);
  return match ? { agencyId: match[1]!, year: Number(match[2]) } : null;
}

/**
 * Signed in: the draft the address names, when this credential may open it; else, or when it may
 * not (the server answers 403, and the page says so), the agency to write for.
 */
async function enter(token: string, who: Identity): Promise<void> {
  identity = who;
  const route = routeOf(location.hash);
  let notice: DocumentFragment | undefined;
  if (route) {
    try {
      await openYear(chooseAgency(token, route.agencyId), route.year);
      return;
    } catch (error) {
      history.replaceState(null, '', location.pathname);
      const { zh, en } = error instanceof ApiError ? error.problem : { zh: String(error), en: '' };
      notice = bilingual(`无法打开 ${route.agencyId} 的 ${route.year} 年度草稿：${zh ?? ''}`, `cannot open the ${route.year} draft of ${route.agencyId}: ${en ?? ''}`);
    }
  }
  await chooseScreen(flow, token, who, notice);
}

async function showYears(credential: Credential, notice?: DocumentFragment): Promise<void> {
  try {
    yearsScreen(credential, await agencyYears(credential), notice);
  } catch (error) {
    startSignIn(problemText(error));
  }
}

/** A credential that may write for more than one agency can go back and choose another. */
const choosesAgency = (who: Identity | null) => who !== null && (who.role !== 'author' || (who.agencies?.length ?? 0) > 1);

function yearsScreen(credential: Credential, serverYears: AgencyYear[], notice?: DocumentFragment): void {
  // A year begun in this browser and never stored (offline, or closed within seconds) is listed too.
  const years = [...serverYears];
  for (const year of unsavedYears(credential)) if (!years.some((y) => y.year === year)) years.push({ year, published: 0 });
  years.sort((a, b) => b.year - a.year);
  const thisYear = new Date().getFullYear() - 1;
  const yearInput = h('input', { type: 'number', name: 'year', min: 2019, max: 2099, value: String(thisYear), required: true });
  const nameInput = h('input', { type: 'text', name: 'agency-name', placeholder: '例如 江海市自然资源和规划局' });
  const fileInput = h('input', { type: 'file', name: 'published-file', accept: '.pdf,.docx,.html,.htm,.txt' }) as HTMLInputElement;
  const start = (how: 'prefill' | 'blank' | 'file') => async () => {
    const year = Number(yearInput.value);
    try {
      const report =
        how === 'prefill' ? await prefill(credential, year) : how === 'file' ? await fromFile(credential, year, fileInput.files?.[0]) : blankReport(year, { id: credential.agencyId, name: nameInput.value.trim() });
      openEditor(credential, year, report, null);
    } catch (error) {
      message.replaceChildren(problemText(error));
    }
  };
  const message = h('p', { class: 'notice-slot', role: 'alert' });
  root.replaceChildren(
    h(
      'section',
      { class: 'years', 'aria-labelledby': 'years-title' },
      h('h2', { id: 'years-title' }, bilingual(`${credential.agencyId} 的年度报告`, 'Years')),
      notice ? h('p', { class: 'notice', role: 'alert' }, notice) : null,
      years.length === 0 ? h('p', {}, bilingual('尚无草稿或已发布的报告。', 'No draft or published report yet.')) : null,
      h(
        'ul',
        { class: 'year-list' },
        years.map((y) =>
          h(
            'li',
            {},
            h('strong', {}, `${y.year} 年度`),
            y.published > 0 ? h('span', { class: 'badge' }, `已发布 ${y.published} 版 published`) : null,
            y.draft ? h('button', { type: 'button', onclick: () => openYear(credential, y.year).catch((error: unknown) => message.replaceChildren(problemText(error))) }, bilingual(`继续编辑草稿（${y.draft.storedAt.slice(0, 16).replace('T', ' ')}）`, 'continue the draft')) : null,
            !y.draft && readLocal(credential, y.year) ? h('button', { type: 'button', onclick: () => openEditor(credential, y.year, readLocal(credential, y.year)!.report, null) }, bilingual('继续编辑本机保存的草稿', 'continue the copy kept in this browser')) : null,
          ),
        ),
      ),
      h(
        'form',
        { class: 'new-year', onsubmit: (e: Event) => e.preventDefault() },
        h('h3', {}, bilingual('新建年度报告', 'Start a year')),
        h('label', { class: 'field' }, h('span', {}, bilingual('年度', 'Year')), yearInput),
        h('button', { type: 'button', onclick: start('prefill') }, bilingual('从上年已发布的报告开始', 'from last year’s report')),
        h('label', { class: 'field' }, h('span', {}, bilingual('已发布的报告文件（PDF、Word、网页）', 'A published report’s file (PDF, Word, web page)')), fileInput),
        h('button', { type: 'button', onclick: start('file') }, bilingual('从文件开始', 'from the file')),
        h('label', { class: 'field' }, h('span', {}, bilingual('机关名称（空白开始时）', 'Agency name (from blank)')), nameInput),
        h('button', { type: 'button', onclick: start('blank') }, bilingual('空白开始', 'from blank')),
        message,
      ),
      h(
        'p',
        {},
        choosesAgency(identity) ? h('button', { type: 'button', class: 'link', onclick: () => void chooseScreen(flow, credential.token, identity!) }, bilingual('选择其他机关', 'Another agency')) : null,
        h('button', { type: 'button', class: 'link', onclick: () => flow.signedOut() }, bilingual('退出', 'Sign out')),
      ),
    ),
  );
}

/**
 * A year from a published report's file: last year's report carried forward as from the archive
 * (nextYearDraft), or this year's report, already written elsewhere, as read. The agency is the
 * one signed in: a publication does not print our agency id.
 */
async function fromFile(credential: Credential, year: number, file: File | undefined): Promise<Record<string, unknown>> {
  if (!file) throw new ApiError(400, { zh: '请先选择文件', en: 'choose a file first' }, null);
  const { report } = await importReport(credential, file);
  const read: Record<string, unknown> = { ...report, agency: { ...(report.agency as object), id: credential.agencyId } };
  if (read.year === year) return read;
  const parsed = parseLastYear(read);
  if (read.year !== year - 1 || !parsed.ok) {
    throw new ApiError(422, { zh: `文件是 ${String(read.year)} 年度的报告，不能作为 ${year} 年度的起点`, en: `the file is the ${String(read.year)} report, not one to start ${year} from` }, null);
  }
  return nextYearDraft(parsed.report, year);
}

/** The year's draft from the server, or the copy kept in this browser of one the server never got. */
async function openYear(credential: Credential, year: number): Promise<void> {
  try {
    const { report, sha } = await loadDraft(credential, year);
    openEditor(credential, year, report, sha);
  } catch (error) {
    const local = readLocal(credential, year);
    if (!(error instanceof ApiError && error.status === 404 && local)) throw error;
    openEditor(credential, year, local.report, null);
  }
}

const SECTION_PATHS: [SectionKey, Path, (ctx: EditorContext) => HTMLElement | null][] = [
  ['overview', ['sections', 'overview', 'blocks'], () => null],
  ['proactive', ['sections', 'proactive', 'blocks'], proactiveTable],
  ['requests', ['sections', 'requests', 'blocks'], requestsTable],
  ['reviews', ['sections', 'reviews', 'blocks'], reviewsTable],
  ['problems', ['sections', 'problems', 'blocks'], () => null],
  ['other', ['sections', 'other', 'blocks'], processingFeesFields],
];

function saveStateText(state: SaveState): DocumentFragment {
  switch (state.kind) {
    case 'saved': return bilingual(`已保存 ${state.at.toLocaleTimeString('zh-CN')}`, 'saved');
    case 'pending': return bilingual('有未保存的修改（已存本机）', 'changes kept in this browser');
    case 'saving': return bilingual('正在保存…', 'saving…');
    case 'offline': return bilingual('无法连接服务器，修改已存本机，稍后重试', 'offline: kept in this browser, retrying');
    case 'refused': return bilingual(`服务器拒绝保存：${state.message}`, 'the server refused the draft');
    case 'conflict': return bilingual('他人已保存了新版本', 'someone else saved a newer draft');
  }
}

/**
 * The editor over `report`. A copy kept in this browser that the server never got (a reload, a
 * lost connection) takes precedence over the server's, as long as it was edited from the same draft.
 */
function openEditor(credential: Credential, year: number, serverReport: Json, sha: string | null): void {
  history.replaceState(null, '', `#/${credential.agencyId}/${year}`);
  const local = readLocal(credential, year);
  const restored = local?.unsaved && local.basedOn === sha;
  const report = restored ? local!.report : serverReport;
  const fields = new Map<string, HTMLElement>();
  let checked: Checked = { errors: [], warnings: [], parses: false };
  let scheduled = false;

  const saveStatus = h('p', { class: 'save-state', role: 'status' });
  const conflictPanel = h('div', { class: 'conflict-slot' });
  const saver: Saver = new Saver(credential, year, () => report, sha, (state) => {
    saveStatus.replaceChildren(saveStateText(state));
    saveStatus.dataset.state = state.kind;
    if (state.kind === 'conflict') showConflict(state.theirs);
  });

  function runChecks(): void {
    scheduled = false;
    checked = checkReport(report);
    view.show(checked);
    showTotals(main, report as unknown as Report);
    showCellStatus(document.activeElement);
    document.body.dataset.checkedAt = String(performance.now());
  }
  const ctx: EditorContext = {
    report,
    fields,
    changed() {
      saver.changed();
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(runChecks);
      }
    },
    restructured(section) {
      const container = main.querySelector(`.blocks[data-path="${pathText(section)}"]`)!;
      for (const key of [...fields.keys()]) if (key.startsWith(`${pathText(section)}[`)) fields.delete(key);
      container.replaceWith(blocksEditor(ctx, section, container.getAttribute('data-name') ?? ''));
      ctx.changed();
    },
    relabelled(id) {
      const section = sectionOfLabel(id);
      main.querySelector(`#title-${section}`)!.textContent = headingOf(section);
      const table = SECTION_PATHS.find(([key]) => key === section)![2];
      if (!id.startsWith('heading.')) main.querySelector(`#table-${section}`)?.replaceWith(table(ctx)!);
    },
  };
  const headingOf = (section: SectionKey) => printedLabel(report as unknown as Report, labelId.heading(section), SECTION_HEADINGS[section]);

  function showConflict(theirs: string | null): void {
    conflictPanel.replaceChildren(
      h(
        'div',
        { class: 'notice conflict', role: 'alert' },
        h('p', {}, bilingual('他人在您编辑期间保存了这份草稿。您的修改未覆盖对方，已完整保存在本机。', 'Someone else stored this draft while you edited. Yours did not overwrite theirs and is kept in this browser.')),
        h('button', { type: 'button', class: 'keep-mine', onclick: () => { conflictPanel.replaceChildren(); void saver.saveNow(theirs); } }, bilingual('保存我的版本（对方版本仍存为旧版本）', 'Store mine (theirs stays as an older version)')),
        ' ',
        h('button', { type: 'button', class: 'load-theirs', onclick: () => { saver.keepLocally(); void continueDraftDiscarding(); } }, bilingual('载入对方版本', 'Load theirs')),
      ),
    );
    conflictPanel.scrollIntoView({ block: 'nearest' });
  }
  async function continueDraftDiscarding(): Promise<void> {
    saver.stop();
    const { report: theirs, sha: theirSha } = await loadDraft(credential, year);
    // Mine stays downloadable: the conflict never loses a version.
    const mine = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }));
    openEditor(credential, year, theirs, theirSha);
    root.querySelector('.conflict-slot')!.replaceChildren(h('p', { class: 'notice' }, h('a', { href: mine, download: `${year}-${credential.agencyId}-mine.json` }, bilingual('下载我的版本', 'download my version'))));
  }

  const list = h('ol', { class: 'problems' });
  const summary = h('p', { class: 'summary', role: 'status', 'aria-live': 'polite' });
  const view = new ProblemView(fields, list, summary);
  const cellStatus = h('p', { class: 'cell-status', 'aria-live': 'polite' });
  const actionPanel = h('div', { class: 'action-panel' });
  const labelOf = (path: string) => fields.get(path)?.getAttribute('aria-label') ?? path;

  const main = h(
    'div',
    { class: 'editor' },
    h('section', { 'aria-labelledby': 'intro-title' }, h('h2', { id: 'intro-title' }, bilingual('引言', 'Introduction')), blocksEditor(ctx, ['introduction'], '引言')),
    SECTION_PATHS.map(([key, blocks, table]) =>
      h(
        'section',
        { 'aria-labelledby': `title-${key}`, id: `section-${key}` },
        h('h2', { id: `title-${key}` }, headingOf(key)),
        blocksEditor(ctx, blocks, SECTION_HEADINGS[key].replace(/^.+?、/, '')),
        table(ctx),
        labelsEditor(ctx, key),
      ),
    ),
    h('section', { 'aria-labelledby': 'signature-title', id: 'section-signature' }, h('h2', { id: 'signature-title' }, bilingual('落款和日期', 'Signature and dates')), signatureFields(ctx)),
  );
  /** The table cell the author is on, and its problems, in the line at the bottom. */
  function showCellStatus(target: Element | null): void {
    const inTable = target instanceof HTMLInputElement && target.closest('table') !== null;
    cellStatus.textContent = inTable ? `${target.getAttribute('aria-label') ?? ''}${target.dataset.problem ? ` — ${target.dataset.problem}` : ''}` : '';
  }
  main.addEventListener('focusin', (event) => showCellStatus(event.target as Element));

  root.replaceChildren(
    h(
      'div',
      { class: 'editor-layout' },
      h(
        'header',
        { class: 'editor-bar' },
        h('button', { type: 'button', class: 'link back', onclick: () => void leave() }, bilingual('← 年度列表', 'Years')),
        h('h2', {}, `${String((report.agency as Json).name ?? credential.agencyId)} · ${year} 年度`),
        saveStatus,
        h('button', { type: 'button', class: 'preview', onclick: () => void showPreview(actionPanel, credential, report) }, bilingual('预览 PDF', 'Preview')),
        h('button', { type: 'button', class: 'publish', onclick: () => showPublish(actionPanel, credential, report, checked, labelOf) }, bilingual('发布', 'Publish')),
      ),
      restored ? h('p', { class: 'notice' }, bilingual('已恢复本机保存的未提交修改。', 'Restored the changes kept in this browser.')) : null,
      conflictPanel,
      actionPanel,
      h('main', {}, main),
      h('aside', { class: 'checks', 'aria-labelledby': 'checks-title' }, h('h2', { id: 'checks-title' }, bilingual('检查', 'Checks')), summary, list),
      cellStatus,
    ),
  );
  // Leaving the page: keep what is typed, whatever the server's state.
  const editing = new AbortController();
  addEventListener('pagehide', () => saver.keepLocally(), { signal: editing.signal });
  /** Back to the years: what is typed is kept here and, unless it conflicts, stored first. */
  async function leave(): Promise<void> {
    editing.abort();
    saver.keepLocally();
    await saver.saveNow();
    saver.stop();
    history.replaceState(null, '', location.pathname);
    await showYears(credential);
  }
  runChecks();
  if (restored) saver.changed();
}

/** A tab signed in before (a reload) goes on where it was: the draft in the address, or the agency chosen. */
const session = signedIn();
if (session) {
  whoAmI(session.token).then(
    (who) => (session.agencyId && !routeOf(location.hash) ? ((identity = who), showYears({ token: session.token, agencyId: session.agencyId })) : enter(session.token, who)),
    () => startSignIn(),
  );
} else {
  startSignIn();
}
