/**
 * The authors' workspace at GET /workspace (issue 21): an HTML shell and its one script, both
 * served by the app from memory on every runtime, nothing from a CDN (government intranets).
 * The script is the bundle of functions/workspace/ (scripts/gen-workspace.ts), addressed by its
 * hash so it is cached for good and a new version is a new address. The page runs no inline script
 * and talks to this origin only (its CSP); its data comes from the token-guarded API, so the page
 * itself holds nothing an unsigned visitor could see.
 */
import type { Hono } from 'hono';
import { compress } from 'hono/compress';
import { html } from 'hono/html';
import { htmlDocument } from '../html-document';
import { WORKSPACE_JS, WORKSPACE_VERSION } from './_workspace';
import { operations } from './operations';

export const WORKSPACE_SCRIPT_PATH = `/workspace/app-${WORKSPACE_VERSION}.js`;

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  // Images the author adds are shown from data: URLs; the preview PDF is a blob: URL.
  "img-src 'self' data: blob:",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function registerWorkspacePage(app: Hono): void {
  app.get('/workspace', operations.workspacePage, (c) =>
    c.html(workspaceShell(), 200, { 'content-security-policy': CSP, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' }),
  );
  app.get(WORKSPACE_SCRIPT_PATH, operations.workspaceScript, compress(), (c) =>
    c.body(WORKSPACE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' }),
  );
}

function workspaceShell(): string {
  const body = html`<header class="top"><h1>政府信息公开工作年度报告 · 编写 <span lang="en">Authors’ workspace</span></h1></header>
<div id="workspace" class="workspace"><noscript>编写页面需要启用 JavaScript。<span lang="en">The workspace needs JavaScript.</span></noscript></div>
<script type="module" src="${WORKSPACE_SCRIPT_PATH}"></script>`;
  return htmlDocument('年度报告编写 · Authors’ workspace', STYLE, body).toString();
}

/** System fonts, as the archive page: every OS an author uses has a CJK UI font. */
const STYLE = `
:root{--fg:#1b1b1b;--muted:#5c5c5c;--line:#c8c8c8;--bg:#fff;--card:#f6f6f4;--accent:#9d1c1c;--on-accent:#fff;--link:#0b57a4;--error:#b00020;--warn:#8a5a00;--focus:#0b57a4}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--muted:#a8a8a8;--line:#444;--bg:#161616;--card:#202020;--accent:#ef8a80;--on-accent:#161616;--link:#8ab8f0;--error:#ff8a80;--warn:#f0c060;--focus:#8ab8f0}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
[lang=en]{color:var(--muted);font-size:.88em}
button [lang=en]{color:inherit}
.top{border-bottom:3px solid var(--accent);padding:.5rem 1rem}
h1{font-size:1.15rem;margin:0}
h2{font-size:1.1rem;margin:1rem 0 .5rem}
.workspace{padding:0 1rem 4rem}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
button,.button{font:inherit;padding:.4rem .8rem;border:1px solid var(--accent);border-radius:6px;background:var(--accent);color:var(--on-accent);cursor:pointer;min-height:2.25rem;text-decoration:none;display:inline-block}
button.link{background:none;color:var(--link);border:none}
button.back{padding-left:0}
.block-tools button,.add-block button{background:var(--bg);color:var(--fg);border-color:var(--line);min-height:2rem;padding:.2rem .6rem}
input,textarea{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:.35rem .5rem}
textarea{width:100%;resize:vertical}
.field{display:flex;flex-direction:column;gap:.2rem;margin:.4rem 0}
.field>span{font-size:.9rem;color:var(--muted)}
.sign-in,.years,.agencies{max-width:32rem;margin:1.5rem auto;border-top:none}
.agency-list{list-style:none;padding:5px;margin:0 -5px;display:grid;gap:.4rem;max-height:60vh;overflow:auto}
.agency-list button{width:100%;text-align:left}
.operator-agency{display:grid;gap:.4rem}
.year-list{list-style:none;padding:0;display:grid;gap:.5rem}
.year-list li{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;background:var(--card);padding:.5rem .7rem;border-radius:6px}
.badge{font-size:.85rem;color:var(--muted)}
.new-year{display:grid;gap:.4rem;background:var(--card);padding:.8rem;border-radius:8px}
.new-year h3{margin:0}
.notice{background:#fff4ce;color:#3d3000;border:1px solid #e0c060;border-radius:6px;padding:.5rem .8rem}
.notice [lang=en]{color:inherit}
.editor-layout{display:grid;grid-template-columns:minmax(0,1fr) 20rem;grid-template-areas:"bar bar" "conflict conflict" "action action" "main checks" "status status";gap:0 1rem}
.editor-layout>header{grid-area:bar;position:sticky;top:0;z-index:2;background:var(--bg);display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;border-bottom:1px solid var(--line);padding:.4rem 0}
.editor-layout>header h2{margin:0;font-size:1rem;flex:1 1 12rem}
.save-state{margin:0;font-size:.9rem;color:var(--muted)}
.save-state[data-state=conflict],.save-state[data-state=refused]{color:var(--error)}
.conflict-slot{grid-area:conflict;position:sticky;top:3.2rem;z-index:2}
.action-panel{grid-area:action}
.editor-layout>main{grid-area:main;min-width:0}
.checks{grid-area:checks;position:sticky;top:3.2rem;align-self:start;max-height:calc(100vh - 5rem);overflow:auto;border-left:1px solid var(--line);padding-left:.8rem}
.cell-status{grid-area:status;position:fixed;bottom:0;left:0;right:0;margin:0;padding:.3rem 1rem;background:var(--card);border-top:1px solid var(--line);font-size:.88rem;min-height:1.8rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.summary{font-weight:600;color:var(--error)}
.summary.clean{color:inherit}
ol.problems{list-style:none;padding:0;margin:0;display:grid;gap:.25rem;font-size:.86rem}
ol.problems button{all:unset;display:block;cursor:pointer;padding:.25rem .4rem;border-radius:4px;border-left:3px solid var(--warn)}
ol.problems li.error button{border-left-color:var(--error)}
ol.problems button:focus-visible{outline:3px solid var(--focus)}
section{border-top:1px solid var(--line);margin-top:.5rem}
.block{border-left:3px solid var(--line);padding-left:.6rem;margin:.5rem 0;position:relative}
.block.subheading{border-left-color:var(--accent)}
.block img{max-width:100%;max-height:12rem;display:block}
.block-tools{display:flex;gap:.3rem;justify-content:flex-end}
.add-block{display:flex;gap:.4rem;flex-wrap:wrap;margin:.4rem 0 .8rem}
.note{margin:.1rem 0 .4rem;font-size:.86rem;padding:.2rem .5rem;border-radius:4px}
.note.error{color:var(--error);background:color-mix(in srgb,var(--error) 8%,transparent)}
.note.warning{color:var(--warn);background:color-mix(in srgb,var(--warn) 8%,transparent)}
.error:is(input,textarea){border:2px solid var(--error);background:color-mix(in srgb,var(--error) 10%,var(--bg))}
.warning:is(input,textarea){border-color:var(--warn);border-style:dashed}
.block.error{border-left-color:var(--error)}
.grid-wrap{overflow-x:auto}
table.grid{border-collapse:collapse;margin:.5rem 0;font-size:.85rem;display:block;overflow-x:auto;max-width:100%}
table.grid th,table.grid td{border:1px solid var(--line);padding:.15rem .3rem;vertical-align:middle}
table.grid th{font-weight:normal;text-align:left;background:var(--card);min-width:3rem}
table.grid thead th{text-align:center}
table.grid td{white-space:nowrap}
table.grid input{width:4.2rem;text-align:right;padding:.2rem .3rem;font-variant-numeric:tabular-nums}
table.grid input:focus{background:color-mix(in srgb,var(--focus) 12%,var(--bg))}
table.requests tbody th{max-width:16rem}
output.computed{display:block;font-size:.75rem;color:var(--muted);text-align:right;min-height:1em}
output.computed.differs{color:var(--error);font-weight:600}
fieldset.fees,fieldset.signature{border:1px solid var(--line);border-radius:6px;display:flex;flex-wrap:wrap;gap:.2rem 1rem;margin:.5rem 0}
fieldset.fees input{width:10rem}
fieldset.signature .field:first-of-type{flex:1 1 16rem}
.dates>.field{max-width:16rem}
.hint{font-size:.86rem;color:var(--muted);margin:.2rem 0}
details.labels{margin:.3rem 0 .8rem}
details.labels summary{cursor:pointer;color:var(--link);padding:.25rem 0;width:max-content;max-width:100%}
.label-row{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:.8rem;align-items:center;padding:.1rem 0;border-bottom:1px dotted var(--line)}
.label-row .official{font-size:.88rem;color:var(--muted)}
iframe.pdf{width:100%;height:70vh;border:1px solid var(--line)}
.published dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem}
.published dd{margin:0;overflow-wrap:anywhere}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (max-width:600px){.label-row{grid-template-columns:1fr;gap:.1rem}.editor-layout>header{position:static}.editor-layout>header h2{flex-basis:100%}.save-state{flex-basis:100%}.conflict-slot{top:0}}
@media (max-width:900px){.editor-layout{grid-template-columns:minmax(0,1fr);grid-template-areas:"bar" "conflict" "action" "checks" "main" "status"}.checks{position:static;max-height:14rem;border-left:none;padding-left:0;border-bottom:1px solid var(--line)}}
`;
