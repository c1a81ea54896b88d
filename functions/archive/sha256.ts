/** SHA-256 through Web Crypto, which Node, Lambda and Workers all provide. */

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

/** Lowercase hex, two digits a byte. */
export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** S3's `x-amz-checksum-sha256` carries the digest in base64, not hex. */
export function hexToBase64(hex: string): string {
  const bytes = hex.match(/../g)?.map((pair) => String.fromCharCode(parseInt(pair, 16))) ?? [];
  return btoa(bytes.join(''));
}
