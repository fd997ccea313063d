// Icarus bench of gp5_factor_lanes_unit. +stim lines (hex): "S sp" (start, one clock), "E en t m
// men c" (L table entries, one clock), "O en c old lambda last" (L output entries, one clock).
// Writes "Y <message lanes>" per output beat and "D <change>" after a factor's last.
`timescale 1ns/1ps
`include "gp5_unit_fmt.vh"
module tb_gp5_factor_lanes_unit;
  parameter integer L = 8;
  parameter integer NIN = 3;
  parameter integer DEPTH = 8;
  parameter integer AW = 3;
  localparam integer W = `GP5U_W;
  localparam integer TW = `GP5U_W + `GP5U_G;
  reg clk = 1'b0, rst = 1'b1;
  reg in_start = 1'b0, in_sp = 1'b0, in_valid = 1'b0, out_req = 1'b0, out_req_last = 1'b0;
  reg [L-1:0] in_en = 0, out_en = 0;
  reg [L*TW-1:0] in_t = 0;
  reg [L*NIN*W-1:0] in_m = 0;
  reg [NIN-1:0] in_m_en = 0;
  reg [L*AW-1:0] in_c = 0, out_c = 0;
  reg [L*W-1:0] out_old = 0;
  reg [8:0] out_lambda = 0;
  wire out_valid, out_last;
  wire [L*W-1:0] out_msg;
  wire [31:0] out_change;
  gp5_factor_lanes_unit #(.L(L), .NIN(NIN), .DEPTH(DEPTH), .AW(AW)) dut (
    .clk(clk), .rst(rst), .in_start(in_start), .in_sp(in_sp), .in_valid(in_valid), .in_en(in_en),
    .in_t(in_t), .in_m(in_m), .in_m_en(in_m_en), .in_c(in_c), .out_req(out_req), .out_en(out_en),
    .out_c(out_c), .out_old(out_old), .out_lambda(out_lambda), .out_req_last(out_req_last),
    .out_valid(out_valid), .out_msg(out_msg), .out_last(out_last), .out_change(out_change));
  always #5 clk = ~clk;
  `include "tb_files.vh"
  reg [7:0] tag;
  initial begin
    open_files;
    while (!$feof(fi)) begin
      n = $fscanf(fi, "%c ", tag);
      if (n == 1) begin
        if (tag == "S") begin
          n = $fscanf(fi, "%h\n", in_sp);
          in_start = 1'b1;
        end else if (tag == "E") begin
          n = $fscanf(fi, "%h %h %h %h %h\n", in_en, in_t, in_m, in_m_en, in_c);
          in_valid = 1'b1;
        end else begin
          n = $fscanf(fi, "%h %h %h %h %h\n", out_en, out_c, out_old, out_lambda, out_req_last);
          out_req = 1'b1;
        end
        @(posedge clk);
        #1 begin
          in_start = 1'b0;
          in_valid = 1'b0;
          out_req = 1'b0;
        end
      end
    end
    close_files(4);
  end
  always @(posedge clk) if (!rst) begin
    if (out_valid) $fdisplay(fo, "Y %h", out_msg);
    if (out_last) $fdisplay(fo, "D %h", out_change);
  end
endmodule
