/**
 * What stands before the introduction and after the last section: the title lines, the year,
 * the agency, the publication date and the 落款. Crawled pages put site furniture around the
 * report ("当前位置：首页…", "发布时间：…", "附件下载"); the introduction starts at its usual
 * opening ("根据《…", "本报告…") when there is one.
 */
import type { SourceDocument } from './document';

const TITLE = /(\S{0,40}?)\s*((?:19|20)\d{2})\s*年\s*度?\s*(\S{0,30}?)政府信息公开(?:工作)?(?:年度)?报告/;
const OPENING = /(?:本年度报告|本报告|根据《|依据《|按照《|根据|依据)/;
const DATE = /((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const ISO_DATE = /(?:发布时间|发布日期|时间|日期)\s*[:：]\s*((?:19|20)\d{2})-(\d{2})-(\d{2})/;

export interface FrontMatter {
  year?: number;
  title?: string[];
  agencyName?: string;
  publishedOn?: string;
  /** Where the introduction starts. */
  introductionStart: number;
}

const iso = (y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;

export function frontMatter(doc: SourceDocument, end: number): FrontMatter {
  const head = doc.scan.slice(0, end);
  const lines = head.split('\n');
  const result: FrontMatter = { introductionStart: 0 };

  // The title: the last title-like text before the introduction's opening.
  const opening = OPENING.exec(head);
  const before = opening ? head.slice(0, opening.index) : head;
  const titleLines = before.split('\n').map((l) => l.replace(/^#+\s*|^标题\s*[:：]\s*/, '').trim());
  for (let i = titleLines.length - 1; i >= 0; i--) {
    const match = TITLE.exec(titleLines[i]!);
    // A crawl's file path ("本地目录: zwgk/…/87885_平潭…年度报告") names the report but is not its title.
    if (!match || /[/\\]/.test(match[1]!)) continue;
    const whole = titleLines[i]!.length <= 60 ? titleLines[i]! : match[0];
    const previous = titleLines[i - 1];
    // A title printed on two lines: "平潭综合实验区2019年" + "政府信息公开工作年度报告", or the
    // agency's name + "2021年政府信息公开工作年度报告".
    const nameAbove = !match[1] && previous && previous.length <= 40 && /^[\u4e00-\u9fff（）()]+$/.test(previous) ? previous : undefined;
    result.title = whole.startsWith('政府信息公开') && previous && /\d{4}\s*年度?$/.test(previous) ? [previous, whole] : nameAbove ? [nameAbove, whole] : [whole];
    result.year = Number(match[2]);
    const name = (match[1] || nameAbove || match[3] || '').replace(/^.*[:：]/, '').trim();
    if (name) result.agencyName = name;
    break;
  }
  if (!result.title) {
    for (let i = lines.length - 1; i > 0; i--) {
      const match = /^((?:19|20)\d{2})\s*年度?$/.exec(lines[i - 1]!.trim());
      if (match && /^政府信息公开(?:工作)?年度报告$/.test(lines[i]!.trim())) {
        result.title = [lines[i - 1]!.trim(), lines[i]!.trim()];
        result.year = Number(match[1]);
      }
    }
  }
  if (result.year === undefined) {
    const period = /(\d{4})\s*年\s*1\s*月\s*1\s*日/.exec(doc.scan);
    if (period) result.year = Number(period[1]);
  }

  const published = ISO_DATE.exec(before) ?? DATE.exec(before.split('\n').slice(-3).join('\n'));
  if (published) result.publishedOn = iso(published[1]!, published[2]!, published[3]!);
  if (result.publishedOn && result.year !== undefined && result.publishedOn < `${result.year + 1}-01-01`) delete result.publishedOn;

  result.introductionStart = opening ? opening.index : before.lastIndexOf('\n') + 1;
  return result;
}

/** A crawled page's furniture after the report, or the 版记 of an official document (抄送…, …印发). */
const TRAILER = /\s*(?:附件下载|打印本页|关闭窗口|【打印】|【关闭】|扫一扫|分享到|抄送[：:]|[^\n。]{2,40}?\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发)[\s\S]*$/;
const SIGNATURE = /\n?\s*([^\n。，,；;：:]{2,40}?)\s*\n?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$/;

/** The last section's text without the page's trailer and the 落款, and the 落款. */
export function closingMatter(text: string): { body: string; trailer?: string; signature?: { name: string; date: string } } {
  let body = text;
  let trailer: string | undefined;
  const furniture = TRAILER.exec(body);
  if (furniture && furniture.index > 0) {
    trailer = furniture[0].trim();
    body = body.slice(0, furniture.index);
  }
  body = body.trimEnd();
  const match = SIGNATURE.exec(body);
  if (match && (match.index === 0 || /[。\n]/.test(body[match.index - 1] ?? '\n') || /[。]\s*$/.test(body.slice(0, match.index)))) {
    return { body: body.slice(0, match.index), trailer, signature: { name: match[1]!.trim(), date: iso(match[2]!, match[3]!, match[4]!) } };
  }
  return { body, trailer };
}
