/**
 * The generated module functions/render/_templates.ts is committed (every runtime imports it, and
 * Workers bundles cannot run a build step at request time); this keeps it honest: it must be
 * exactly what scripts/gen-templates.ts makes from templates/ now.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, generateTemplatesModule, joinLines, minifyCss } from '../../../scripts/gen-templates';

describe('the generated templates module', () => {
  it('is up to date with templates/ (run `npm run gen` after editing a template or stylesheet)', async () => {
    expect(await readFile(GENERATED_FILE, 'utf8')).toBe(await generateTemplatesModule());
  });

  it('loads with the handlebars runtime only: no compiler import, no template source left to compile', async () => {
    const generated = await readFile(GENERATED_FILE, 'utf8');
    expect(generated).not.toMatch(/from ['"]handlebars['"]|require\(/);
    expect(generated).toMatch(/export const REPORT_TEMPLATE: object = \{"0":function\(container,depth0,helpers,partials,data\)/);
    expect(generated).toContain('"compiler":[8,">= 4.3.0"]');
    expect(generated).not.toContain('{{');
  });
});

describe('minifying at generation time', () => {
  it('drops line breaks and the indentation around them, and nothing else', () => {
    expect(joinLines('<p>\n  {{#if a}} class="x"{{/if}}\n  {{text}}\n</p>\n')).toBe('<p>{{#if a}} class="x"{{/if}}{{text}}</p>');
  });

  it('drops CSS comments and layout whitespace but keeps quoted strings as written', () => {
    const css = '/* why */\n@page :right {\n  @bottom-right {\n    content: "— " counter(page) " —";\n    font: 14pt/1 \'NB Serif\';\n  }\n}\nth,\ntd {\n  border: 0.5pt solid #000;\n}\n';
    expect(minifyCss(css)).toBe('@page :right{@bottom-right{content:"— " counter(page) " —";font:14pt/1 \'NB Serif\'}}th,td{border:0.5pt solid #000}');
  });
});
