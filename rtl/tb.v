// tb.v — Icarus test bench for gp5_array: loads an assembled program from $readmemh hex files
// (gp5_load.vh, written by rtl/harness.ts), runs it until every PE has halted and dumps each PE's
// trace port to a VCD (scope tb.array.pe[i].u).
// Plusargs: +prefix=PATH (PATH.peI.code.hex, PATH.peI.spm.hex, PATH.meta.hex, PATH.shared.hex)
//           [+vcd=FILE] [+maxcycles=N]
// Clock: period 10 ns, TICKS periods per machine cycle (gp5_array.v); cycle c is read at
// 10·TICKS·(c + 1) ns.
`timescale 1ns/1ns

module tb #(
`include "gp5_params.vh"
);
  reg clk = 0;
  reg rst = 0;
  reg [8*512-1:0] vcdf;
  integer maxcycles, after;

  wire [NPE-1:0] halted, faulted;
  wire [31:0] mcycle;

`include "gp5_load.vh"

  gp5_array #(
`include "gp5_params_pass.vh"
  ) array (
    .clk(clk), .rst(rst), .idle(idle), .entry_pcs(entries), .halted(halted), .faulted(faulted), .mcycle(mcycle));

  always #5 clk = ~clk;

  initial begin
    if (!$value$plusargs("maxcycles=%d", maxcycles)) maxcycles = 1000000;
    if (!$value$plusargs("vcd=%s", vcdf)) vcdf = "gp5_array.vcd";
    $dumpfile(vcdf);
    after = 0;
    #1 rst = 1;   // a reset pulse after the images are loaded (edges at 5 + 10k)
    #1 rst = 0;
  end

  genvar g;
  generate
    for (g = 0; g < NPE; g = g + 1) begin : dump
      initial begin
        @(negedge rst);
        $dumpvars(0, array.pe[g].u.tr_pc, array.pe[g].u.tr_instr, array.pe[g].u.tr_issue, array.pe[g].u.tr_stall,
                  array.pe[g].u.tr_rf_we, array.pe[g].u.tr_rf_waddr, array.pe[g].u.tr_rf_wdata,
                  array.pe[g].u.tr_vrf_we, array.pe[g].u.tr_vrf_waddr, array.pe[g].u.tr_vrf_wdata,
                  array.pe[g].u.tr_mem_we, array.pe[g].u.tr_mem_waddr, array.pe[g].u.tr_mem_wlen, array.pe[g].u.tr_mem_wdata);
      end
    end
  endgenerate

  // Stop two machine cycles after every PE halted (so the trace shows the halted state), on a
  // fault or at the cycle limit. Checked once per machine cycle, after its last tick.
  always @(mcycle) begin
    if (!rst) begin
      if ((&halted) || (|faulted)) begin
        after = after + 1;
        if (after == 3) begin
          if (&halted) $display("GP5RTL halted: cycles=%0d instret=%0d r1=%0d r2=%0d r3=%0d", mcycle - 2, array.pe[0].u.instret,
                                array.pe[0].u.sreg[1], array.pe[0].u.sreg[2], array.pe[0].u.sreg[3]);
          else $display("GP5RTL fault at cycle %0d", mcycle - 2);
          $finish;
        end
      end else if (mcycle >= maxcycles) begin
        $display("GP5RTL cycle limit %0d reached", maxcycles);
        $finish;
      end
    end
  end
endmodule
