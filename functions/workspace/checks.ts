/**
 * Live checks: the server's own validateReport (schema, R-1…R-4, blanks, printed labels, rule P),
 * bundled into the page, run on every change. Each problem is shown on the field it names (or the
 * nearest enclosing one: a paragraph, a block) and in a list that jumps to it.
 *
 * A report still being written often fails the schema only because a required text is empty, and
 * the validator checks rules only on a report that parses. So when it does not parse, the empty
 * texts are checked again with a placeholder in them: the rules then run on the tables as typed.
 */
import { validateReport, type Problem } from '../report';
import { h } from './dom';
import type { Json } from './model';

export interface Checked {
  errors: Problem[];
  warnings: Problem[];
  /** True when the report parses: it can be previewed and published. */
  parses: boolean;
}

/** The same report with every empty text filled in, so that the rules can run on it. */
function withPlaceholders(report: Json): Json {
  return JSON.parse(JSON.stringify(report), (key, value) => (key === 'text' && value === '' ? '…' : value)) as Json;
}

export function checkReport(report: Json): Checked {
  const first = validateReport(report);
  if (first.report) return { errors: first.errors, warnings: first.warnings, parses: true };
  const second = validateReport(withPlaceholders(report));
  const ruleErrors = second.report ? second.errors : [];
  const schemaPaths = new Set(first.errors.map((p) => p.path));
  return { errors: [...first.errors, ...ruleErrors.filter((p) => !schemaPaths.has(p.path))], warnings: second.warnings, parses: false };
}

/** The field a path names, or the nearest enclosing one that is on the page. */
function fieldOf(fields: Map<string, HTMLElement>, path: string): HTMLElement | undefined {
  for (let p = path; p !== ''; p = p.replace(/(?:\.[^.[\]]+|\[\d+\])$/, '')) {
    const field = fields.get(p);
    if (field) return field;
    if (!/(?:\.[^.[\]]+|\[\d+\])$/.test(p)) break;
  }
  return undefined;
}

/** Focuses a problem's field, unfolding the labels it may be folded away in (labels.ts). */
function jumpTo(target: HTMLElement | undefined): void {
  if (!target) return;
  const folded = target.closest('details');
  if (folded) folded.open = true;
  target.focus({ preventScroll: false });
}

const RULE_NAMES: Record<string, string> = { blank: '空白', label: '标签', P: '文字与表格', ack: '确认', schema: '格式' };
/** The rule's name, unless the message already starts with it ("空白；…"). */
const ruleName = (problem: Problem) => {
  const name = RULE_NAMES[problem.rule] ?? problem.rule;
  return problem.zh.startsWith(name) ? '' : name;
};

/** Marks fields and fills the problem list; what was marked before is cleared first. */
export class ProblemView {
  private marked: HTMLElement[] = [];
  private notes: HTMLElement[] = [];

  constructor(
    private readonly fields: Map<string, HTMLElement>,
    private readonly list: HTMLElement,
    private readonly summary: HTMLElement,
  ) {}

  show(checked: Checked): void {
    for (const field of this.marked) {
      field.classList.remove('error', 'warning');
      field.removeAttribute('aria-invalid');
      field.removeAttribute('title');
      delete field.dataset.problem;
    }
    for (const note of this.notes) note.remove();
    this.marked = [];
    this.notes = [];
    const items: HTMLElement[] = [];
    const mark = (problem: Problem, severity: 'error' | 'warning', path: string) => {
      const field = fieldOf(this.fields, path);
      if (!field) return undefined;
      if (!field.classList.contains('error')) field.classList.add(severity);
      if (severity === 'error') field.setAttribute('aria-invalid', 'true');
      const name = ruleName(problem);
      const text = `${name ? `${name}：` : ''}${problem.zh} — ${problem.en}`;
      field.title = field.title ? `${field.title}\n${text}` : text;
      field.dataset.problem = field.title;
      this.marked.push(field);
      return field;
    };
    const add = (problem: Problem, severity: 'error' | 'warning') => {
      const field = mark(problem, severity, problem.path);
      // Rule P: the sentence too, quoted under its paragraph.
      if (problem.sentence) {
        const paragraph = mark(problem, severity, problem.sentence.path);
        if (paragraph) {
          const note = h('p', { class: `note ${severity}` }, `「${problem.sentence.text}」${problem.zh}`, h('span', { lang: 'en' }, ` ${problem.en}`));
          (paragraph.closest('label') ?? paragraph).after(note);
          this.notes.push(note);
        }
      } else if (field && !field.closest('table')) {
        // A table cell shows its problem in its title and the table's status line; text says it below.
        const note = h('p', { class: `note ${severity}` }, problem.zh, ' ', h('span', { lang: 'en' }, problem.en));
        (field.closest('label') ?? field).after(note);
        this.notes.push(note);
      }
      const target = field ?? (problem.sentence ? fieldOf(this.fields, problem.sentence.path) : undefined);
      items.push(
        h(
          'li',
          { class: severity },
          h(
            'button',
            { type: 'button', onclick: () => jumpTo(target), disabled: !target, 'data-path': problem.path },
            h('strong', {}, `${ruleName(problem)} `),
            target?.getAttribute('aria-label') ? h('em', {}, `${target.getAttribute('aria-label')}：`) : null,
            problem.zh,
            h('span', { lang: 'en' }, ` ${problem.en}`),
          ),
        ),
      );
    };
    for (const problem of checked.errors) add(problem, 'error');
    for (const problem of checked.warnings) add(problem, 'warning');
    this.list.replaceChildren(...items);
    this.summary.textContent = `${checked.errors.length} 个错误，${checked.warnings.length} 个提示 · ${checked.errors.length} error(s), ${checked.warnings.length} warning(s)`;
    this.summary.classList.toggle('clean', checked.errors.length === 0);
  }
}
