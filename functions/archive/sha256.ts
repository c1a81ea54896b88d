/** SHA-256 through Web Crypto, which Node, Lambda and Workers all provide. */
import { bytesToHex } from '../bytes';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}


/** S3's `x-amz-checksum-sha256` carries the digest in base64, not hex. */
export function hexToBase64(hex: string): string {
  const bytes = hex.match(/../g)?.map((pair) => String.fromCharCode(parseInt(pair, 16))) ?? [];
  return btoa(bytes.join(''));
}
