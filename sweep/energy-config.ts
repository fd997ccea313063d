// Per-event energies and per-unit areas of the ESTIMATE (45 nm). Every figure below is derived from
// the cited sources by the stated scaling; none is a measurement of this design.
//
// Source [H]: M. Horowitz, "Computing's energy problem (and what we can do about it)", ISSCC 2014,
// 45 nm, 0.9 V: 32-bit integer add 0.1 pJ, 8-bit add 0.03 pJ; 64-bit SRAM read 10 pJ (8 KB),
// 20 pJ (32 KB), 100 pJ (1 MB).
// Source [D]: W. J. Dally et al., "Efficient embedded computing", IEEE Computer 41(7), 2008, and
// Dally's 45 nm wire figure used in [H]'s discussion: about 0.1 pJ per bit per mm of on-chip wire.
// Source [B]: 45 nm 6T SRAM bit cell 0.346 µm² (M. Bohr, Intel 45 nm, IEDM 2007); 1.5x for array
// periphery. Standard-cell figures: NanGate 45 nm open cell library, full adder ≈ 6 µm².
// Source [N]: NanGate FreePDK45 Open Cell Library (NangateOpenCellLibrary_typical.lib), cell areas:
// NAND2_X1 0.798 µm², INV_X1 0.532, AND2_X1 1.064, XOR2_X1 1.596, MUX2_X1 1.862, DFF_X1 4.522.

/** SRAM energy per 64-bit access in pJ from [H]'s three points: ≈ 10 pJ · sqrt(bytes / 8 KB). */
export function sramPj64(bytes: number): number {
  return 10 * Math.sqrt(Math.max(bytes, 1024) / 8192);
}

export const ENERGY_SOURCES = [
  'M. Horowitz, "Computing\'s energy problem (and what we can do about it)", ISSCC 2014 (45 nm)',
  'W. J. Dally et al., "Efficient embedded computing", IEEE Computer 41(7), 2008 (wire energy)',
  'M. Bohr, Intel 45 nm SRAM cell 0.346 µm², IEDM 2007; NanGate 45 nm open cell library (area)',
  'NanGate FreePDK45 Open Cell Library: NAND2_X1 0.798 µm², DFF_X1 4.522 µm² (synthesis cells to area)',
] as const;

export const ENERGY_CONSTANTS = {
  /** [H]: 0.1 pJ per 32-bit add, linear in width. */
  addPjPerBit: 0.1 / 32,
  /** [D]: on-chip wire, per bit per mm. */
  wirePjPerBitMm: 0.1,
  /** Assumed mesh hop length (one PE tile edge), mm; also router buffer write+read ≈ one more mm. */
  hopMm: 2,
  /** [B]: SRAM bit incl. periphery, µm². */
  sramUm2PerBit: 0.346 * 1.5,
  /** NanGate 45 nm: one full-adder bit, µm²; a lane datapath is taken as 4 adder-equivalents/bit (add, compare, mux, saturate). */
  adderUm2PerBit: 6,
  laneAdderEquivalents: 4,
  /** Scalar core (decode, 16 registers, ALU, loop stack), adder-equivalents per bit of W (an estimate). */
  scalarAdderEquivalents: 40,
  /** Router: 5 ports, 4-flit buffers per port. */
  routerPorts: 5,
  routerBufferFlits: 4,
} as const;

/**
 * Yosys generic cells (rtl/synth/cells.json) to µm² with [N]: a generic gate ($_AND_, $_OR_,
 * $_XOR_, $_MUX_, $_NOT_, …) is taken as 1.5 NAND2 equivalents — [N]'s AND2/OR2 are 1.33, XOR2 2,
 * MUX2 2.33, INV 0.67 NAND2s — and a flip-flop as one DFF_X1. Cell area only: no placement
 * utilisation or routing overhead (a placed block is typically 1.4–2x larger).
 */
export const SYNTH_AREA = {
  nand2Um2: 0.798,
  nand2EquivalentsPerGate: 1.5,
  dffUm2: 4.522,
} as const;
