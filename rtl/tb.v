// tb.v — test bench for gp5_pe: loads an assembled program from hex files ($readmemh, written by
// rtl/export-hex.ts), runs it to halt and dumps the PE's trace port to a VCD.
// Plusargs: +code=FILE +spm=FILE [+shared=FILE] [+entry=N] [+vcd=FILE] [+maxcycles=N]
// Clock: period 10 ns; the edge at 5 + 10·c ends cycle c, whose trace values are then visible
// until the next edge, so `gp5sim compare` reads cycle c at time 10 + 10·c (rtl/gp5_pe.map.json).
`timescale 1ns/1ns

module tb;
  parameter VLMAX = 64;
  parameter LANES = 8;
  parameter BANKS = 8;
  parameter SHARED_LAT = 4;
  parameter SPM_WORDS = 16384;
  parameter SHARED_WORDS = 262144;
  parameter IMEM_WORDS = 4096;
  parameter LOOPD = 4;

  reg clk = 0;
  reg rst = 1;
  reg [31:0] entry = 0;
  reg [8*512-1:0] codef, spmf, sharedf, vcdf;
  integer i, maxcycles, after;

  wire [31:0] tr_pc, tr_instr, tr_rf_wdata, tr_vrf_wdata, tr_mem_waddr, tr_mem_wdata;
  wire [15:0] tr_mem_wlen;
  wire [3:0] tr_stall, tr_rf_waddr;
  wire [2:0] tr_vrf_waddr;
  wire tr_issue, tr_rf_we, tr_vrf_we, tr_mem_we, halted, fault;

  gp5_pe #(.VLMAX(VLMAX), .LANES(LANES), .BANKS(BANKS), .SHARED_LAT(SHARED_LAT), .SPM_WORDS(SPM_WORDS),
           .SHARED_WORDS(SHARED_WORDS), .IMEM_WORDS(IMEM_WORDS), .LOOPD(LOOPD), .PEID(0), .NPE(1)) dut (
    .clk(clk), .rst(rst), .entry_pc(entry),
    .tr_pc(tr_pc), .tr_instr(tr_instr), .tr_issue(tr_issue), .tr_stall(tr_stall),
    .tr_rf_we(tr_rf_we), .tr_rf_waddr(tr_rf_waddr), .tr_rf_wdata(tr_rf_wdata),
    .tr_vrf_we(tr_vrf_we), .tr_vrf_waddr(tr_vrf_waddr), .tr_vrf_wdata(tr_vrf_wdata),
    .tr_mem_we(tr_mem_we), .tr_mem_waddr(tr_mem_waddr), .tr_mem_wlen(tr_mem_wlen), .tr_mem_wdata(tr_mem_wdata),
    .halted(halted), .fault(fault));

  always #5 clk = ~clk;

  initial begin
    for (i = 0; i < IMEM_WORDS; i = i + 1) dut.imem[i] = 0;
    for (i = 0; i < SPM_WORDS; i = i + 1) dut.spm[i] = 0;
    for (i = 0; i < SHARED_WORDS; i = i + 1) dut.shm[i] = 0;
    if (!$value$plusargs("code=%s", codef)) begin
      $display("GP5RTL error: +code=FILE is required");
      $finish;
    end
    $readmemh(codef, dut.imem);
    if ($value$plusargs("spm=%s", spmf)) $readmemh(spmf, dut.spm);
    if ($value$plusargs("shared=%s", sharedf)) $readmemh(sharedf, dut.shm);
    if (!$value$plusargs("entry=%d", entry)) entry = 0;
    if (!$value$plusargs("maxcycles=%d", maxcycles)) maxcycles = 1000000;
    if (!$value$plusargs("vcd=%s", vcdf)) vcdf = "gp5_pe.vcd";
    $dumpfile(vcdf);
    $dumpvars(0, tb.dut.tr_pc, tb.dut.tr_instr, tb.dut.tr_issue, tb.dut.tr_stall,
              tb.dut.tr_rf_we, tb.dut.tr_rf_waddr, tb.dut.tr_rf_wdata,
              tb.dut.tr_vrf_we, tb.dut.tr_vrf_waddr, tb.dut.tr_vrf_wdata,
              tb.dut.tr_mem_we, tb.dut.tr_mem_waddr, tb.dut.tr_mem_wlen, tb.dut.tr_mem_wdata);
    after = 0;
    #1 rst = 0;
  end

  // Stop two cycles after halt (so the trace shows the halted state), on a fault or a cycle limit.
  always @(negedge clk) begin
    if (!rst) begin
      if (halted || fault) begin
        after = after + 1;
        if (after == 3) begin
          if (halted) $display("GP5RTL halted: cycles=%0d instret=%0d r1=%0d r2=%0d r3=%0d", dut.cyc - 2, dut.instret, dut.sreg[1], dut.sreg[2], dut.sreg[3]);
          else $display("GP5RTL fault at cycle %0d", dut.cyc - 2);
          $finish;
        end
      end else if (dut.cyc >= maxcycles) begin
        $display("GP5RTL cycle limit %0d reached", maxcycles);
        $finish;
      end
    end
  end
endmodule
