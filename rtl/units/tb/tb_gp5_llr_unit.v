// Icarus bench of gp5_llr_unit: one edge beat per line of +stim (hex: first last rule cap layered
// first_pass active app c2v); a last beat waits for in_last_ready. Writes "C <c2v>" and
// "A <app>" per write-pass edge and "M <mask>" after a check's last edge.
`timescale 1ns/1ps
`include "gp5_unit_fmt.vh"
module tb_gp5_llr_unit;
  parameter integer L = 8;
  localparam integer W = `GP5U_W;
  reg clk = 1'b0, rst = 1'b1;
  reg in_valid = 1'b0, in_first = 1'b0, in_last = 1'b0, in_layered = 1'b0, in_first_pass = 1'b0;
  reg [1:0] in_rule = 2'd0;
  reg [W-1:0] in_cap = {W{1'b0}};
  reg [L-1:0] in_active = {L{1'b0}};
  reg [L*W-1:0] in_app = {L*W{1'b0}}, in_c2v = {L*W{1'b0}};
  wire in_last_ready, wr_valid, wr_last;
  wire [`GP5U_LLR_DEG_BITS-1:0] wr_edge;
  wire [L-1:0] wr_en, wr_mask;
  wire [L*W-1:0] wr_c2v, wr_app;
  gp5_llr_unit #(.L(L)) dut (
    .clk(clk), .rst(rst), .in_valid(in_valid), .in_first(in_first), .in_last(in_last),
    .in_last_ready(in_last_ready), .in_rule(in_rule), .in_cap(in_cap), .in_layered(in_layered),
    .in_first_pass(in_first_pass), .in_active(in_active), .in_app(in_app), .in_c2v(in_c2v),
    .wr_valid(wr_valid), .wr_edge(wr_edge), .wr_en(wr_en), .wr_c2v(wr_c2v), .wr_app(wr_app),
    .wr_last(wr_last), .wr_mask(wr_mask));
  always #5 clk = ~clk;
  `include "tb_files.vh"
  initial begin
    open_files;
    while (!$feof(fi)) begin
      n = $fscanf(fi, "%h %h %h %h %h %h %h %h %h\n", in_first, in_last, in_rule, in_cap, in_layered, in_first_pass, in_active, in_app, in_c2v);
      if (n == 9) begin
        while (in_last && !in_last_ready) @(posedge clk) #1;
        in_valid = 1'b1;
        @(posedge clk);
        #1 in_valid = 1'b0;
      end
    end
    close_files(600);
  end
  always @(posedge clk) if (!rst) begin
    if (wr_valid) $fdisplay(fo, "C %h", wr_c2v);
    if (wr_valid) $fdisplay(fo, "A %h", wr_app);
    if (wr_last) $fdisplay(fo, "M %h", wr_mask);
  end
endmodule
