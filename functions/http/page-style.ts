/**
 * The look of the archive's public pages (/archive, an agency's page, the year dashboard): one
 * inline style sheet, system fonts only (the pages must load offline, and every OS has a CJK UI
 * font), light or dark as the reader's system is. Tables of figures scroll sideways inside their
 * own box on a phone, never the page.
 */
export const ARCHIVE_STYLE = `
:root{--fg:#1b1b1b;--muted:#5c5c5c;--line:#d9d9d9;--bg:#fff;--card:#f6f6f4;--accent:#9d1c1c;--on-accent:#fff;--link:#0b57a4}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--muted:#a8a8a8;--line:#3a3a3a;--bg:#161616;--card:#202020;--accent:#ef8a80;--on-accent:#161616;--link:#8ab8f0}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.6 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{border-bottom:3px solid var(--accent);padding-top:1rem;padding-bottom:1rem}
h1{font-size:1.35rem;margin:0 0 .75rem;line-height:1.3}
h1 span,h2 span{display:block;font-size:.8em;font-weight:normal;color:var(--muted)}
[lang=en]{color:var(--muted);font-size:.9em}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
label{display:flex;flex-direction:column;font-size:.9rem;gap:.2rem}
label.grow{flex:1 1 14rem}
input,select,button{font:inherit;padding:.5rem .6rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg);min-height:2.75rem}
button{background:var(--accent);border-color:var(--accent);color:var(--on-accent);cursor:pointer}
button [lang=en]{color:inherit}
.reset{align-self:center}
a{color:var(--link)}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
h2 span{display:inline;font-size:.75em}
.agency{margin:0 0 1rem}
ol.found{list-style:none;margin:1rem 0 0;padding:0}
ul.years{list-style:none;margin:0;padding:0;display:grid;gap:.3rem;font-size:.9rem}
ul.years li{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;color:var(--muted)}
h3{font-size:1.05rem;margin:.75rem 0 .4rem;overflow-wrap:anywhere}
.id{font-weight:normal;color:var(--muted);font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace;font-size:.8em}
ol.versions{list-style:none;margin:0;padding:0;display:grid;gap:.6rem}
.version{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem}
.version.current{border-left:4px solid var(--accent)}
.version.older{opacity:.9}
.version p{margin:0 0 .35rem}
.head{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;color:var(--muted);font-size:.9rem}
.badge{background:var(--accent);color:var(--on-accent);border-radius:4px;padding:0 .4rem;font-size:.85rem}
.badge [lang=en]{color:inherit}
.badge.old{background:var(--muted)}
.links{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem}
.links a{padding:.3rem 0}
a.pdf{font-weight:600}
dl{display:flex;flex-wrap:wrap;gap:.2rem 1.5rem;margin:0;font-size:.9rem}
dl div{display:flex;gap:.4rem}
dl .wide{flex-basis:100%;display:block}
dt{color:var(--muted)}
dd{margin:0}
.sha{font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace;font-size:.85rem;word-break:break-all;overflow-wrap:anywhere}
.exceptions{margin-top:.4rem;font-size:.9rem;border-top:1px dashed var(--line);padding-top:.3rem}
.exceptions ul{margin:0;padding-left:1.2rem}
.notice{background:#fff4ce;color:#3d3000;border:1px solid #e0c060;border-radius:6px;padding:.6rem .8rem}
.notice [lang=en]{color:inherit}
.empty{font-size:1.05rem;padding:1.5rem 0}
.summary{color:var(--muted)}
.region{font-weight:normal;color:var(--muted);font-size:.8em}
.pages{margin:1.5rem 0;font-size:1.05rem}
footer{margin-top:2rem;padding-bottom:2rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
.figures{overflow-x:auto;border:1px solid var(--line);border-radius:8px;margin:.5rem 0 1rem}
.figures table{border-collapse:collapse;font-size:.9rem;min-width:100%}
.figures th,.figures td{padding:.35rem .6rem;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
.figures thead th{background:var(--card);vertical-align:bottom}
.figures thead th:first-child{text-align:left}
.figures tbody th{text-align:left;font-weight:normal;white-space:normal;min-width:9rem;max-width:16rem;position:sticky;left:0;background:var(--bg)}
.figures td{font-variant-numeric:tabular-nums}
.figures small{display:block;font-weight:normal;color:var(--muted)}
@media (max-width:30rem){.figures th,.figures td{padding:.3rem .4rem}.figures tbody th{min-width:7rem}}
.counts{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.6rem;margin:1rem 0;padding:0;list-style:none}
.counts a{display:block;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem;text-decoration:none;color:var(--fg)}
.counts a[aria-current]{border-color:var(--accent);border-width:2px}
.counts a.zero strong{color:var(--muted)}
.counts strong{display:block;font-size:1.5rem;color:var(--accent);font-variant-numeric:tabular-nums}
.figures table.list th,.figures table.list td{text-align:left}
strong.late{color:var(--accent)}
`;
