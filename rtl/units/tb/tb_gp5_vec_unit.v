// Icarus bench of gp5_vec_unit: one beat per line of +stim (hex: op first last pass lane_en a b imm
// rs), one beat per clock; writes "Y <lanes>" per beat result and "R <scalar>" per reduction.
`timescale 1ns/1ps
`include "gp5_unit_fmt.vh"
module tb_gp5_vec_unit;
  parameter integer L = 8;
  localparam integer W = `GP5U_W;
  reg clk = 1'b0, rst = 1'b1;
  reg in_valid = 1'b0, in_first = 1'b0, in_last = 1'b0, in_pass = 1'b0;
  reg [5:0] in_op = 6'd0;
  reg [L-1:0] in_en = {L{1'b0}};
  reg [L*W-1:0] in_a = {L*W{1'b0}}, in_b = {L*W{1'b0}};
  reg [8:0] in_imm = 9'd0;
  reg [31:0] in_rs = 32'd0;
  wire out_valid, red_valid;
  wire [L*W-1:0] out_y;
  wire [31:0] red_y;
  gp5_vec_unit #(.L(L)) dut (
    .clk(clk), .rst(rst), .in_valid(in_valid), .in_op(in_op), .in_first(in_first), .in_last(in_last),
    .in_pass(in_pass), .in_lane_en(in_en), .in_a(in_a), .in_b(in_b), .in_imm(in_imm), .in_rs(in_rs),
    .out_valid(out_valid), .out_y(out_y), .red_valid(red_valid), .red_y(red_y));
  always #5 clk = ~clk;
  `include "tb_files.vh"
  initial begin
    open_files;
    while (!$feof(fi)) begin
      n = $fscanf(fi, "%h %h %h %h %h %h %h %h %h\n", in_op, in_first, in_last, in_pass, in_en, in_a, in_b, in_imm, in_rs);
      if (n == 9) begin
        in_valid = 1'b1;
        @(posedge clk);
        #1 in_valid = 1'b0;
      end
    end
    close_files(4);
  end
  always @(posedge clk) if (!rst) begin
    if (out_valid) $fdisplay(fo, "Y %h", out_y);
    if (red_valid) $fdisplay(fo, "R %h", red_y);
  end
endmodule
