// Human-readable simulator summary (chalk; colour follows NO_COLOR and TTY detection).
import type { ChalkInstance } from 'chalk';
import { STALL_CAUSE_NAMES } from '../isa/index.js';
import { formatFault, type SimReport } from '../sim/index.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const int = (x: number) => x.toLocaleString('en-US');

export function formatSimReport(r: SimReport, c: ChalkInstance, title: string): string {
  const out: string[] = [];
  out.push(c.bold(title));
  out.push(`machine: ${r.config.pes} PEs (${r.config.mesh} mesh), L=${r.config.lanes}, W=${r.config.messageBits} F=${r.config.fracBits}, ${r.config.clockMHz} MHz`);
  if (r.status === 'halted') out.push(`${c.green('halted')} after ${c.bold(int(r.cycles))} cycles (${r.timeMicroseconds.toFixed(3)} µs), ${int(r.instructions)} instructions`);
  else out.push(`${c.red('FAULT')} ${formatFault(r.fault!)}`);
  out.push(`utilisation (mean over PEs): ${c.bold(pct(r.utilization))}   lane utilisation: ${pct(r.laneUtilization)}   BP messages computed: ${int(r.bpMessages)}`);
  const stalls = STALL_CAUSE_NAMES.filter((s) => r.stalls[s] > 0).map((s) => `${s} ${int(r.stalls[s])}`);
  out.push(`stall cycles: ${stalls.length ? stalls.join(' · ') : 'none'}`);
  out.push(`bank conflicts: ${int(r.bankConflicts)}   network: ${int(r.network.messages)} messages, ${int(r.network.flits)} flits, ${int(r.network.flitHops)} flit-hops, ${int(r.network.linkWaitCycles)} link-wait cycles`);
  const head = ['PE', 'cycles', 'instr', 'util', ...STALL_CAUSE_NAMES, 'bankc', 'flits'];
  const rows = r.pes.map((p) => [String(p.pe), int(p.cycles), int(p.instructions), pct(p.utilization), ...STALL_CAUSE_NAMES.map((s) => int(p.stalls[s])), int(p.bankConflicts), int(p.flitsSent)]);
  const widths = head.map((h, i) => rows.reduce((m, row) => Math.max(m, row[i].length), h.length));
  out.push('');
  out.push(c.dim(head.map((h, i) => h.padStart(widths[i])).join('  ')));
  for (const row of rows) out.push(row.map((v, i) => v.padStart(widths[i])).join('  '));
  return out.join('\n') + '\n';
}
