// Text form of the assembly listing: address, encoded words in hex, source line.
import type { ListingLine } from './assembler.js';

const WORDS_PER_ROW = 3;

/**
 * One row per source line: `file:line  ADDR  WORD WORD WORD  source`. Lines that emit more than
 * three words continue on extra rows with the following addresses. Addresses and words are hex.
 */
export function formatListing(listing: readonly ListingLine[]): string {
  const rows: string[] = [];
  let lastSection: string | null = null;
  const blank = ' '.repeat(8);
  const wordCol = WORDS_PER_ROW * 9;
  for (const l of listing) {
    if (l.section !== null && l.section !== lastSection) {
      rows.push(`; section ${l.section}`);
      lastSection = l.section;
    }
    const where = `${l.file}:${l.line}`.padEnd(16);
    if (l.address === null || l.words.length === 0) {
      rows.push(`${where} ${blank}  ${''.padEnd(wordCol)} ${l.text}`);
      continue;
    }
    for (let i = 0; i < l.words.length; i += WORDS_PER_ROW) {
      const chunk = l.words.slice(i, i + WORDS_PER_ROW).map((w) => (w >>> 0).toString(16).padStart(8, '0')).join(' ');
      const addr = (l.address + i).toString(16).padStart(8, '0');
      rows.push(i === 0 ? `${where} ${addr}  ${chunk.padEnd(wordCol)} ${l.text}` : `${''.padEnd(16)} ${addr}  ${chunk}`);
    }
  }
  return rows.map((r) => r.trimEnd()).join('\n') + '\n';
}
