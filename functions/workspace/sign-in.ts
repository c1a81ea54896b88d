/**
 * Signing in and choosing the agency to write for. The form asks for one credential; GET /v1/me
 * says whom it stands for. An author with one agency goes straight to its years; an author with
 * several, a region admin (its region's agencies, from the register) and an operator (any agency,
 * by id) choose first; a batch operator writes no report and is told so.
 */
import { agenciesFor, ApiError, chooseAgency, signIn, type AgencyChoice, type Credential, type Identity } from './api';
import { bilingual, h } from './dom';

export interface SignInFlow {
  root: HTMLElement;
  /** The agency is chosen: show its years, with `notice` above them when there is one. */
  chosen(credential: Credential, notice?: DocumentFragment): void;
  signedOut(): void;
}

export function problemText(error: unknown): DocumentFragment {
  if (error instanceof ApiError) return bilingual(error.problem.zh ?? '', error.problem.en ?? '');
  return bilingual('无法连接服务器', String(error));
}

/** The form; `signedIn` runs once the server knows the credential. */
export function signInScreen(flow: SignInFlow, signedIn: (token: string, identity: Identity) => void, message?: DocumentFragment): void {
  const token = h('input', { type: 'password', name: 'token', required: true, autocomplete: 'current-password', spellcheck: false });
  const form = h(
    'form',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h2', { id: 'sign-in-title' }, bilingual('登录', 'Sign in')),
    h('label', { class: 'field' }, h('span', {}, bilingual('凭据（令牌）', 'Credential (token)')), token),
    h('p', { class: 'hint', id: 'sign-in-hint' }, bilingual('本机关的编写人员或所在地区的管理员凭据，由管理员签发。', 'Your agency’s author credential or your region’s admin credential, issued by an administrator.')),
    message ? h('p', { class: 'notice', role: 'alert' }, message) : null,
    h('button', { type: 'submit' }, bilingual('登录', 'Sign in')),
  );
  token.setAttribute('aria-describedby', 'sign-in-hint');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const value = token.value.trim();
      signedIn(value, await signIn(value));
    } catch (error) {
      signInScreen(flow, signedIn, error instanceof ApiError && error.status === 401 ? bilingual('凭据不正确，或已被吊销。', 'The credential is wrong, or was revoked.') : problemText(error));
    }
  });
  flow.root.replaceChildren(form);
  token.focus();
}

/**
 * The agencies `identity` may write for: straight on when there is one, else a list to choose from
 * (filtered as one types when it is long), or an id to type for an operator.
 */
export async function chooseScreen(flow: SignInFlow, token: string, identity: Identity, notice?: DocumentFragment): Promise<void> {
  const choices = await agenciesFor(identity);
  if (choices?.length === 1) {
    flow.chosen(chooseAgency(token, choices[0]!.id), notice);
    return;
  }
  const choose = (id: string) => flow.chosen(chooseAgency(token, id));
  const body =
    choices === null
      ? [operatorForm(choose)]
      : choices.length === 0
        ? [h('p', { class: 'notice', role: 'alert' }, identity.role === 'batch-operator' ? bilingual('此凭据用于年终批量发布，不能编写报告。', 'This credential runs the year-end batch; it writes no report.') : bilingual('此凭据没有可编写的机关。', 'This credential acts for no agency.'))]
        : agencyList(choices, choose);
  flow.root.replaceChildren(
    h(
      'section',
      { class: 'agencies', 'aria-labelledby': 'agencies-title' },
      h('h2', { id: 'agencies-title' }, bilingual('选择机关', 'Choose the agency')),
      identity.name || identity.region ? h('p', { class: 'hint' }, [identity.name, identity.region ? `行政区划 ${identity.region}` : null].filter(Boolean).join(' · ')) : null,
      notice ? h('p', { class: 'notice', role: 'alert' }, notice) : null,
      body,
      h('p', {}, h('button', { type: 'button', class: 'link', onclick: () => flow.signedOut() }, bilingual('退出', 'Sign out'))),
    ),
  );
  flow.root.querySelector<HTMLElement>('.agencies input, .agency-list button')?.focus();
}

function agencyList(choices: AgencyChoice[], choose: (id: string) => void): HTMLElement[] {
  const items = choices.map((choice) =>
    h('li', { 'data-text': `${choice.id} ${choice.name ?? ''}` }, h('button', { type: 'button', 'data-agency': choice.id, onclick: () => choose(choice.id) }, choice.name ? `${choice.name}（${choice.id}）` : choice.id)),
  );
  const list = h('ul', { class: 'agency-list' }, items);
  if (choices.length <= 8) return [list];
  const filter = h('input', { type: 'search', name: 'agency-filter', autocomplete: 'off' });
  const count = h('p', { class: 'hint', role: 'status' }, `${choices.length} 个机关 agencies`);
  filter.addEventListener('input', () => {
    const term = filter.value.trim();
    let shown = 0;
    for (const item of items) {
      item.hidden = term !== '' && !item.dataset.text!.includes(term);
      if (!item.hidden) shown++;
    }
    count.textContent = `${shown} 个机关 agencies`;
  });
  return [h('label', { class: 'field' }, h('span', {}, bilingual('按名称或代码筛选', 'Filter by name or id')), filter), count, list];
}

function operatorForm(choose: (id: string) => void): HTMLElement {
  const agency = h('input', { type: 'text', name: 'agency', required: true, pattern: '[a-z0-9][a-z0-9-]*', autocomplete: 'off', spellcheck: false });
  return h(
    'form',
    { class: 'operator-agency', onsubmit: (event: Event) => { event.preventDefault(); choose(agency.value.trim()); } },
    h('label', { class: 'field' }, h('span', {}, bilingual('机关代码（服务器令牌可代表任何机关）', 'Agency id (the server token acts for any agency)')), agency),
    h('button', { type: 'submit' }, bilingual('继续', 'Continue')),
  );
}
