/**
 * The HTML preview form tools show: the very HTML that is printed (renderHtml), with each font
 * URL replaced by a data: URL of the same per-document subset the printer serves. The preview is
 * then one self-contained document: it looks like the PDF, needs no font route, and stays within
 * a `font-src data:` content security policy. Runtime-neutral.
 */
import { bytesToBase64 } from '../bytes';
import type { Report } from '../report';
import { FONT_FACES, fontPath, type AssetSource } from './assets';
import { renderHtml } from './html';

export async function renderPreviewHtml(report: Report, fonts: AssetSource): Promise<string> {
  let html = renderHtml(report);
  const assets = fonts.forDocument(html);
  for (const face of FONT_FACES) {
    const path = fontPath(face);
    const asset = await assets(path);
    if (asset) html = html.replaceAll(`url(${path})`, `url(data:${asset.contentType};base64,${bytesToBase64(asset.body)})`);
  }
  return html;
}
