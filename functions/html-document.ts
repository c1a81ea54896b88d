/**
 * The frame of every server-made HTML page (the archive page, the batch summary): Chinese first,
 * readable on a phone, light or dark as the reader's system is, with inline CSS only, so a page
 * opens offline, from a bucket or a folder, without any request of its own. And the way those
 * pages show a time.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export function htmlDocument(title: string, style: string, body: Html): Html {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<style>${raw(style)}</style>
</head>
<body>${body}</body>
</html>
`;
}

/** China has had one offset and no daylight saving since 1991, so a fixed +8 h is exact. */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Archivists in China read times in Beijing time; the exact UTC instant stays in `datetime`. */
export function beijingTime(iso: string): string {
  const local = new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} 北京时间`;
}
