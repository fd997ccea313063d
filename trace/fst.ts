// FST (GTKWave's compressed waveform format) detection. `compare` reads FST through GTKWave's
// fst2vcd (the CLI runs it); this only recognises the file: FST opens with its header block,
// type 0 (FST_BL_HDR) and a big-endian 8-byte section length of 329.
const FST_HEADER = [0, 0, 0, 0, 0, 0, 0, 0x01, 0x49];

/** Whether the bytes start like an FST file. */
export function looksLikeFst(head: Uint8Array): boolean {
  if (head.length < FST_HEADER.length) return false;
  return FST_HEADER.every((b, i) => head[i] === b);
}
