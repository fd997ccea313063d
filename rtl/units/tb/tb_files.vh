// Shared by the unit testbenches (included inside each tb module, which declares clk and rst):
// the +stim=FILE +out=FILE files as fi / fo (n for each $fscanf's count). open_files opens them and
// releases reset after the first clock; close_files(k) lets the pipeline drain k clocks and ends.
  integer fi, fo, n;
  reg [8*512-1:0] stim, outp;
  task open_files;
    begin
      if (!$value$plusargs("stim=%s", stim) || !$value$plusargs("out=%s", outp)) begin
        $display("usage: +stim=FILE +out=FILE");
        $finish;
      end
      fi = $fopen(stim, "r");
      fo = $fopen(outp, "w");
      @(posedge clk);
      #1 rst = 1'b0;
    end
  endtask
  task close_files(input integer drain);
    begin
      repeat (drain) @(posedge clk);
      $fclose(fo);
      $finish;
    end
  endtask
