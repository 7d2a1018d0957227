/** How a file's bytes were read: the encoding found and whether a byte-order mark was dropped. */
export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'windows-1252';
  bom: boolean;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Windows-1252's characters for bytes 0x80–0x9F (five are unassigned and stay as they are). */
const CP1252_HIGH =
  '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

/** Some Node builds decode 'windows-1252' as ISO-8859-1, leaving 0x80–0x9F (€, ‘, ’, “, ”, …) as control characters; mapped here. */
function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252')
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

/**
 * Exports from Dutch office software are UTF-8 (often with a BOM) or Windows-1252. Bytes that are not valid
 * UTF-8 can only be the latter here, so they are read as Windows-1252 rather than turned into replacement marks.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const bom = UTF8_BOM.every((byte, i) => bytes[i] === byte);
  const body = bom ? bytes.subarray(UTF8_BOM.length) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8', bom };
  } catch {
    return { text: decodeWindows1252(body), encoding: 'windows-1252', bom };
  }
}
