// tb.v — test bench for gp5_array (Icarus, and Verilator --binary): loads an assembled program
// from $readmemh hex files (rtl/harness.ts objectToHex), runs it until every PE has halted and
// dumps each PE's trace port to a VCD (scope tb.array.pe[i].u).
// Plusargs: +prefix=PATH (PATH.peI.code.hex, PATH.peI.spm.hex, PATH.meta.hex: per PE idle, entry)
//           [+shared=FILE] [+vcd=FILE] [+maxcycles=N]
// Clock: period 10 ns, TICKS periods per machine cycle (gp5_array.v); cycle c is read at
// 10·TICKS·(c + 1) ns.
`timescale 1ns/1ns

module tb;
  parameter NPE = 1;
  parameter MESH_W = 1;
  parameter HOP_LAT = 1;
  parameter VLMAX = 64;
  parameter LANES = 8;
  parameter BANKS = 8;
  parameter SHARED_LAT = 4;
  parameter SPM_WORDS = 16384;
  parameter SHARED_WORDS = 262144;
  parameter IMEM_WORDS = 4096;
  parameter LOOPD = 4;
  parameter ACC_WORDS = 65536;
  parameter CHAN_MSGS = 32;
  parameter CHAN_WORDS = 1024;

  reg clk = 0;
  reg rst = 0;
  reg [8*512-1:0] prefix, sharedf, vcdf, fname;
  reg [31:0] meta [0:2*NPE-1];
  reg [NPE-1:0] idle;
  reg [32*NPE-1:0] entries;
  integer i, maxcycles, after;

  wire [NPE-1:0] halted, faulted;
  wire [31:0] mcycle;

  gp5_array #(.NPE(NPE), .MESH_W(MESH_W), .HOP_LAT(HOP_LAT), .VLMAX(VLMAX), .LANES(LANES), .BANKS(BANKS),
              .SHARED_LAT(SHARED_LAT), .SPM_WORDS(SPM_WORDS), .SHARED_WORDS(SHARED_WORDS), .IMEM_WORDS(IMEM_WORDS),
              .LOOPD(LOOPD), .ACC_WORDS(ACC_WORDS), .CHAN_MSGS(CHAN_MSGS), .CHAN_WORDS(CHAN_WORDS)) array (
    .clk(clk), .rst(rst), .idle(idle), .entry_pcs(entries), .halted(halted), .faulted(faulted), .mcycle(mcycle));

  always #5 clk = ~clk;

  initial begin
    for (i = 0; i < SHARED_WORDS; i = i + 1) array.shm[i] = 0;
    if (!$value$plusargs("prefix=%s", prefix)) begin
      $display("GP5RTL error: +prefix=PATH is required");
      $finish;
    end
    $sformat(fname, "%0s.meta.hex", prefix);
    $readmemh(fname, meta);
    for (i = 0; i < NPE; i = i + 1) begin
      idle[i] = meta[2 * i][0];
      entries[32 * i +: 32] = meta[2 * i + 1];
    end
    if ($value$plusargs("shared=%s", sharedf)) $readmemh(sharedf, array.shm);
    if (!$value$plusargs("maxcycles=%d", maxcycles)) maxcycles = 1000000;
    if (!$value$plusargs("vcd=%s", vcdf)) vcdf = "gp5_array.vcd";
    $dumpfile(vcdf);
`ifdef VERILATOR
    $dumpvars;   // only the trace registers are traced (verilator tracing_on in gp5_pe.v)
`endif
    after = 0;
    #1 rst = 1;   // a reset pulse after the images are loaded (edges at 5 + 10k)
    #1 rst = 0;
  end

  genvar g;
  generate
    for (g = 0; g < NPE; g = g + 1) begin : load
      reg [8*512-1:0] f;
      integer k;
      initial begin
        for (k = 0; k < IMEM_WORDS; k = k + 1) array.pe[g].u.imem[k] = 0;
        for (k = 0; k < SPM_WORDS; k = k + 1) array.pe[g].u.spm[k] = 0;
        if (!$value$plusargs("prefix=%s", f)) f = "";
        $sformat(f, "%0s.pe%0d.code.hex", f, g);
        $readmemh(f, array.pe[g].u.imem);
        if (!$value$plusargs("prefix=%s", f)) f = "";
        $sformat(f, "%0s.pe%0d.spm.hex", f, g);
        $readmemh(f, array.pe[g].u.spm);
`ifndef VERILATOR
        @(negedge rst);
        $dumpvars(0, array.pe[g].u.tr_pc, array.pe[g].u.tr_instr, array.pe[g].u.tr_issue, array.pe[g].u.tr_stall,
                  array.pe[g].u.tr_rf_we, array.pe[g].u.tr_rf_waddr, array.pe[g].u.tr_rf_wdata,
                  array.pe[g].u.tr_vrf_we, array.pe[g].u.tr_vrf_waddr, array.pe[g].u.tr_vrf_wdata,
                  array.pe[g].u.tr_mem_we, array.pe[g].u.tr_mem_waddr, array.pe[g].u.tr_mem_wlen, array.pe[g].u.tr_mem_wdata);
`endif
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
