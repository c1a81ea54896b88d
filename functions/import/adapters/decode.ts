/**
 * Bytes → text. UTF-8 unless the bytes say otherwise: a byte-order mark, or for a web page its
 * <meta charset>; Chinese government sites still publish GB2312/GBK pages, decoded as GB18030.
 */
export function decodeText(bytes: Uint8Array, { html = false } = {}): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  let charset = 'utf-8';
  if (html) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
    const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
    if (declared && /^(gb2312|gbk|gb18030|x-gbk)$/.test(declared)) charset = 'gb18030';
  }
  const utf8 = new TextDecoder(charset, { fatal: false }).decode(bytes);
  // Text files without a declaration: GB18030 when the bytes are not UTF-8.
  if (!html && charset === 'utf-8' && utf8.includes('\uFFFD')) {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch {
      return utf8;
    }
  }
  return utf8;
}
