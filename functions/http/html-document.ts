/**
 * The frame of every server-made HTML page (the archive page, the batch summary): Chinese first,
 * readable on a phone, light or dark as the reader's system is, with inline CSS only, so a page
 * opens offline, from a bucket or a folder, without any request of its own.
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
