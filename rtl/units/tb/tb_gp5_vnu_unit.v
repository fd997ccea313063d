// Icarus bench of gp5_vnu_unit: one vector beat per line of +stim (hex: first last group active x),
// one beat per clock. Writes "A <app lanes>" and "E <lane enables>" per output beat (the last vector's).
`timescale 1ns/1ps
`include "gp5_unit_fmt.vh"
module tb_gp5_vnu_unit;
  parameter integer L = 8;
  localparam integer W = `GP5U_W;
  localparam integer NG = (`GP5U_LLR_MAX_LANES + L - 1) / L;
  localparam integer GB = (NG > 1) ? $clog2(NG) : 1;
  reg clk = 1'b0, rst = 1'b1;
  reg in_valid = 1'b0, in_first = 1'b0, in_last = 1'b0;
  reg [GB-1:0] in_group = {GB{1'b0}};
  reg [L-1:0] in_active = {L{1'b0}};
  reg [L*W-1:0] in_x = {L*W{1'b0}};
  wire out_valid;
  wire [GB-1:0] out_group;
  wire [L-1:0] out_en;
  wire [L*W-1:0] out_app;
  gp5_vnu_unit #(.L(L)) dut (
    .clk(clk), .rst(rst), .in_valid(in_valid), .in_first(in_first), .in_last(in_last),
    .in_group(in_group), .in_active(in_active), .in_x(in_x),
    .out_valid(out_valid), .out_group(out_group), .out_en(out_en), .out_app(out_app));
  always #5 clk = ~clk;
  `include "tb_files.vh"
  initial begin
    open_files;
    while (!$feof(fi)) begin
      n = $fscanf(fi, "%h %h %h %h %h\n", in_first, in_last, in_group, in_active, in_x);
      if (n == 5) begin
        in_valid = 1'b1;
        @(posedge clk);
        #1 in_valid = 1'b0;
      end
    end
    close_files(4);
  end
  always @(posedge clk) if (!rst) begin
    if (out_valid) $fdisplay(fo, "A %h", out_app);
    if (out_valid) $fdisplay(fo, "E %h", out_en);
  end
endmodule
