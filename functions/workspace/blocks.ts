/**
 * A section's narrative: paragraphs (an optional run-in heading and the text), sub-headings on a
 * line of their own, and images with their alternative text and caption. Images are read as the
 * schema wants them (Base64 PNG or JPEG) and checked by the same schema as the server's, in the
 * browser, as soon as they are added.
 */
import { bytesToBase64 } from '../bytes';
import { bilingual, h } from './dom';
import type { EditorContext } from './editor-context';
import { getAt, pathText, type Json, type Path } from './model';

type Block = Json & { type: 'paragraph' | 'subheading' | 'image' };

/** A text of a block; `name` is what a screen reader and the problem list call it. */
function textField(ctx: EditorContext, path: Path, label: string, multiline: boolean, name: string): HTMLElement {
  const key = pathText(path);
  const value = (getAt(ctx.report, path) as string | undefined) ?? '';
  const props = { 'data-path': key, 'aria-label': `${name}${label}` };
  const field = multiline ? h('textarea', { rows: 4, ...props }) : h('input', { type: 'text', ...props });
  field.value = value;
  field.addEventListener('input', () => {
    const block = getAt(ctx.report, path.slice(0, -1)) as Json;
    const name = path.at(-1) as string;
    // An optional part left empty is absent, as the schema has it; a required one stays '' and is reported.
    if (field.value === '' && (name === 'heading' || name === 'caption')) delete block[name];
    else block[name] = field.value;
    ctx.changed();
  });
  ctx.fields.set(key, field);
  return h('label', { class: multiline ? 'field text' : 'field' }, h('span', {}, label), field);
}

/** Base64 of a file, without the `data:` prefix. */
async function base64Of(file: File): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

function blockEditor(ctx: EditorContext, section: Path, blocks: Block[], index: number, sectionName: string): HTMLElement {
  const name = `${sectionName}第 ${index + 1} 段 `;
  const path = [...section, index];
  const block = blocks[index]!;
  const tools = h(
    'div',
    { class: 'block-tools' },
    index > 0 ? h('button', { type: 'button', onclick: () => move(-1), 'aria-label': `上移第 ${index + 1} 段 move up` }, '↑') : null,
    index < blocks.length - 1 ? h('button', { type: 'button', onclick: () => move(1), 'aria-label': `下移第 ${index + 1} 段 move down` }, '↓') : null,
    h('button', { type: 'button', onclick: () => { blocks.splice(index, 1); ctx.restructured(section); }, 'aria-label': `删除第 ${index + 1} 段 delete` }, '删除'),
  );
  function move(by: number) {
    blocks.splice(index + by, 0, ...blocks.splice(index, 1));
    ctx.restructured(section);
  }
  const key = pathText(path);
  let body: HTMLElement[];
  if (block.type === 'subheading') {
    body = [textField(ctx, [...path, 'text'], '小标题 Sub-heading', false, name)];
  } else if (block.type === 'image') {
    const image = h('img', { src: `data:${String(block.mediaType)};base64,${String(block.data)}`, alt: String(block.alt ?? '') });
    body = [image, textField(ctx, [...path, 'alt'], '替代文字（朗读用） Alternative text', false, name), textField(ctx, [...path, 'caption'], '图题 Caption', false, name)];
  } else {
    body = [textField(ctx, [...path, 'heading'], '段首标题（可选） Run-in heading', false, name), textField(ctx, [...path, 'text'], '正文 Text', true, name)];
  }
  const element = h('div', { class: `block ${block.type}`, 'data-path': key, tabIndex: -1, 'aria-label': name }, body, tools);
  ctx.fields.set(key, element);
  // The image's own problems (its type, signature, size, structure) show on the block.
  if (block.type === 'image') for (const part of ['data', 'mediaType']) ctx.fields.set(`${key}.${part}`, element);
  return element;
}

/** The section's blocks and the buttons that add one. */
export function blocksEditor(ctx: EditorContext, section: Path, sectionName: string): HTMLElement {
  const blocks = ((getAt(ctx.report, section) as Block[] | undefined) ?? []) as Block[];
  const add = (block: Block) => {
    blocks.push(block);
    ctx.restructured(section);
  };
  const picker = h('input', { type: 'file', accept: 'image/png,image/jpeg', class: 'visually-hidden', 'aria-label': '选择图片 Choose an image' });
  picker.addEventListener('change', async () => {
    const file = picker.files?.[0];
    if (!file) return;
    // The schema checks the type, signature, size and structure; a wrong file is reported on the block.
    add({ type: 'image', mediaType: file.type, data: await base64Of(file), alt: file.name.replace(/\.[^.]+$/, '') } as Block);
  });
  return h(
    'div',
    { class: 'blocks', 'data-path': pathText(section), 'data-name': sectionName },
    blocks.map((_, i) => blockEditor(ctx, section, blocks, i, sectionName)),
    h(
      'div',
      { class: 'add-block' },
      h('button', { type: 'button', onclick: () => add({ type: 'paragraph', text: '' }) }, bilingual('＋段落', 'paragraph')),
      h('button', { type: 'button', onclick: () => add({ type: 'subheading', text: '' }) }, bilingual('＋小标题', 'sub-heading')),
      h('button', { type: 'button', onclick: () => picker.click() }, bilingual('＋图片', 'image')),
      picker,
    ),
  );
}
