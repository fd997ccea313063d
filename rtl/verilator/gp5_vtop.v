// gp5_vtop.v — Verilator top of the array: the clock and reset come from the C++ harness
// (rtl/verilator/harness.cpp), which also writes the VCD from the trace outputs, so only the
// trace port is traced. Images load as in tb.v (gp5_load.vh: $readmemh, +prefix=PATH).
`timescale 1ns/1ns

module gp5_vtop #(
`include "gp5_params.vh"
) (
  input  wire              clk,
  input  wire              rst,
  output wire [NPE-1:0]    halted,
  output wire [NPE-1:0]    faulted,
  output wire [31:0]       mcycle,
  output wire [31:0]       ticks,
  // per PE, 32 bits each (PE i in bits 32i … 32i+31), in trace/formats.ts order
  output wire [32*NPE-1:0] tr_pc, tr_instr, tr_issue, tr_stall, tr_rf_we, tr_rf_waddr, tr_rf_wdata,
  output wire [32*NPE-1:0] tr_vrf_we, tr_vrf_waddr, tr_vrf_wdata, tr_mem_we, tr_mem_waddr, tr_mem_wlen, tr_mem_wdata
);
`include "gp5_load.vh"

  gp5_array #(
`include "gp5_params_pass.vh"
  ) array (
    .clk(clk), .rst(rst), .idle(idle), .entry_pcs(entries), .halted(halted), .faulted(faulted), .mcycle(mcycle));

  assign ticks = (NPE > 1) ? NPE + 1 : 1;

  genvar g;
  generate
    for (g = 0; g < NPE; g = g + 1) begin : pe
      assign tr_pc[32*g +: 32] = array.pe[g].u.tr_pc;
      assign tr_instr[32*g +: 32] = array.pe[g].u.tr_instr;
      assign tr_issue[32*g +: 32] = {31'b0, array.pe[g].u.tr_issue};
      assign tr_stall[32*g +: 32] = {28'b0, array.pe[g].u.tr_stall};
      assign tr_rf_we[32*g +: 32] = {31'b0, array.pe[g].u.tr_rf_we};
      assign tr_rf_waddr[32*g +: 32] = {28'b0, array.pe[g].u.tr_rf_waddr};
      assign tr_rf_wdata[32*g +: 32] = array.pe[g].u.tr_rf_wdata;
      assign tr_vrf_we[32*g +: 32] = {31'b0, array.pe[g].u.tr_vrf_we};
      assign tr_vrf_waddr[32*g +: 32] = {29'b0, array.pe[g].u.tr_vrf_waddr};
      assign tr_vrf_wdata[32*g +: 32] = array.pe[g].u.tr_vrf_wdata;
      assign tr_mem_we[32*g +: 32] = {31'b0, array.pe[g].u.tr_mem_we};
      assign tr_mem_waddr[32*g +: 32] = array.pe[g].u.tr_mem_waddr;
      assign tr_mem_wlen[32*g +: 32] = {16'b0, array.pe[g].u.tr_mem_wlen};
      assign tr_mem_wdata[32*g +: 32] = array.pe[g].u.tr_mem_wdata;
    end
  endgenerate
endmodule
