// Icarus bench of gp5_pfu_unit: one group of L edges per line of +stim (hex: first last sp en src
// tab old damp rd), one group per clock. Writes "Y <messages>" per group and "D <change>" after a
// pfu's last group.
`timescale 1ns/1ps
`include "gp5_unit_fmt.vh"
module tb_gp5_pfu_unit;
  parameter integer L = 8;
  localparam integer W = `GP5U_W;
  localparam integer TW = `GP5U_W + `GP5U_G;
  reg clk = 1'b0, rst = 1'b1;
  reg in_valid = 1'b0, in_first = 1'b0, in_last = 1'b0, in_sp = 1'b0;
  reg [L-1:0] in_en = {L{1'b0}};
  reg [L*32-1:0] in_src = {L*32{1'b0}};
  reg [4*L*TW-1:0] in_tab = {4*L*TW{1'b0}};
  reg [L*W-1:0] in_old = {L*W{1'b0}};
  reg [8:0] in_damp = 9'd0;
  reg [31:0] in_rd = 32'd0;
  wire out_valid, out_last;
  wire [L-1:0] out_en;
  wire [L*W-1:0] out_msg;
  wire [31:0] out_change;
  gp5_pfu_unit #(.L(L)) dut (
    .clk(clk), .rst(rst), .in_valid(in_valid), .in_first(in_first), .in_last(in_last), .in_sp(in_sp),
    .in_en(in_en), .in_src(in_src), .in_tab(in_tab), .in_old(in_old), .in_damp(in_damp), .in_rd(in_rd),
    .out_valid(out_valid), .out_en(out_en), .out_msg(out_msg), .out_last(out_last), .out_change(out_change));
  always #5 clk = ~clk;
  `include "tb_files.vh"
  initial begin
    open_files;
    while (!$feof(fi)) begin
      n = $fscanf(fi, "%h %h %h %h %h %h %h %h %h\n", in_first, in_last, in_sp, in_en, in_src, in_tab, in_old, in_damp, in_rd);
      if (n == 9) begin
        in_valid = 1'b1;
        @(posedge clk);
        #1 in_valid = 1'b0;
      end
    end
    close_files(5);
  end
  always @(posedge clk) if (!rst) begin
    if (out_valid) $fdisplay(fo, "Y %h", out_msg);
    if (out_valid) $fdisplay(fo, "E %h", out_en);
    if (out_last) $fdisplay(fo, "D %h", out_change);
  end
endmodule
