// gp5_array.v — reference RTL of a GP5 PE array (Verilog-2005): NPE gp5_pe instances on a
// MESH_W-wide mesh, the banked shared message memory, the mesh links, the per-pair message
// channels and the barrier/reduction network.
//
// Ordering: gp5sim visits the PEs in id order within a cycle, which fixes the arbitration of
// shared banks and mesh links (sim/machine.ts). The array reproduces it with ticks: a machine
// cycle is TICKS clock periods; PE i runs its cycle in tick i and sees every shared-state update
// of PEs 0 … i−1 in that cycle. With more than one PE a last tick (sync) lets the PEs waiting at
// a barrier that completed in the cycle issue it in that same cycle. The bank arbiter (bank free
// times, claimed by the PE's access), the routers (link reservation along the XY route) and the
// barrier (arrival count, running max, epoch) are state here that the PEs' accesses update in
// their ticks (gp5_array.* references in gp5_pe.v).
//
// Trace: each PE's trace port (pe[i].u.tr_*) holds its values for machine cycle c from its tick
// in c until its tick in c + 1, so every PE's cycle-c values are read at 10·TICKS·(c + 1) ns
// (clock period 10 ns): map "clock": { "period": 10·TICKS, "offset": 10·TICKS } (rtl/harness.ts).
`timescale 1ns/1ns

module gp5_array #(
`include "gp5_params.vh"
) (
  input  wire                clk,
  input  wire                rst,
  input  wire [NPE-1:0]      idle,       // PEs without code (halted from reset)
  input  wire [32*NPE-1:0]   entry_pcs,
  output wire [NPE-1:0]      halted,
  output wire [NPE-1:0]      faulted,
  output reg  [31:0]         mcycle      // machine cycles completed
);
  localparam TICKS = (NPE > 1) ? NPE + 1 : 1;

  // ---- shared state (written by the PEs in their ticks)
  reg [31:0] shm [0:SHARED_WORDS-1];
  reg [31:0] bank_free [0:BANKS-1];
  reg [31:0] link_free [0:4*NPE-1];          // per router × direction (0 E, 1 W, 2 S, 3 N)
  reg [31:0] ch_count [0:NPE*NPE-1];          // per (source × NPE + destination): messages queued
  reg [31:0] ch_head  [0:NPE*NPE-1];
  reg [31:0] ch_words [0:NPE*NPE-1];
  reg [31:0] ch_rp    [0:NPE*NPE-1];
  reg [31:0] ch_arrival [0:NPE*NPE*CHAN_MSGS-1];
  reg [31:0] ch_len     [0:NPE*NPE*CHAN_MSGS-1];
  reg [31:0] ch_data    [0:NPE*NPE*CHAN_WORDS-1];
  reg [31:0] running;                         // PEs that have not halted
  reg [31:0] bar_waiting, bar_value, bar_result, bar_epoch;

  reg [31:0] tick;
  integer i;

  always @(posedge clk or posedge rst) begin
    if (rst) begin
      tick <= 0;
      mcycle <= 0;
      for (i = 0; i < BANKS; i = i + 1) bank_free[i] = 0;
      for (i = 0; i < 4 * NPE; i = i + 1) link_free[i] = 0;
      for (i = 0; i < NPE * NPE; i = i + 1) begin ch_count[i] = 0; ch_head[i] = 0; ch_words[i] = 0; ch_rp[i] = 0; end
      running = 0;
      for (i = 0; i < NPE; i = i + 1) if (!idle[i]) running = running + 1;
      bar_waiting = 0; bar_value = 32'h8000_0000; bar_result = 0; bar_epoch = 0;
    end else if (tick == TICKS - 1) begin
      tick <= 0;
      mcycle <= mcycle + 1;
    end else tick <= tick + 1;
  end

  genvar g;
  generate
    for (g = 0; g < NPE; g = g + 1) begin : pe
      gp5_pe #(.VLMAX(VLMAX), .LANES(LANES), .BANKS(BANKS), .SHARED_LAT(SHARED_LAT), .SPM_WORDS(SPM_WORDS),
               .IMEM_WORDS(IMEM_WORDS), .LOOPD(LOOPD), .ACC_WORDS(ACC_WORDS),
               .PEID(g), .NPE(NPE), .MESH_W(MESH_W), .HOP_LAT(HOP_LAT), .CHAN_MSGS(CHAN_MSGS),
               .CHAN_WORDS(CHAN_WORDS)) u (
        .clk(clk), .rst(rst), .go(tick == g), .sync(NPE > 1 && tick == NPE), .idle(idle[g]),
        .entry_pc(entry_pcs[32*g +: 32]), .halted(halted[g]), .fault(faulted[g]));
    end
  endgenerate
endmodule
