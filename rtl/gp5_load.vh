// Image loading of the benches (tb.v, verilator/gp5_vtop.v), included in a module that instantiates
// gp5_array as `array`: $readmemh of PATH.meta.hex (per PE: idle, entry pc), PATH.shared.hex and,
// per PE, PATH.peI.code.hex and PATH.peI.spm.hex (rtl/harness.ts writeHex), PATH from +prefix=PATH.
  reg [8*512-1:0] prefix, fname;
  reg [31:0] meta [0:2*NPE-1];
  reg [NPE-1:0] idle;
  reg [32*NPE-1:0] entries;
  integer li;

  initial begin
    for (li = 0; li < SHARED_WORDS; li = li + 1) array.shm[li] = 0;
    if (!$value$plusargs("prefix=%s", prefix)) prefix = "";
    $sformat(fname, "%0s.meta.hex", prefix);
    $readmemh(fname, meta);
    for (li = 0; li < NPE; li = li + 1) begin
      idle[li] = meta[2 * li][0];
      entries[32 * li +: 32] = meta[2 * li + 1];
    end
    $sformat(fname, "%0s.shared.hex", prefix);
    $readmemh(fname, array.shm);
  end

  genvar lg;
  generate
    for (lg = 0; lg < NPE; lg = lg + 1) begin : load
      reg [8*512-1:0] f, p;
      integer k;
      initial begin
        for (k = 0; k < IMEM_WORDS; k = k + 1) array.pe[lg].u.imem[k] = 0;
        for (k = 0; k < SPM_WORDS; k = k + 1) array.pe[lg].u.spm[k] = 0;
        if (!$value$plusargs("prefix=%s", p)) p = "";
        $sformat(f, "%0s.pe%0d.code.hex", p, lg);
        $readmemh(f, array.pe[lg].u.imem);
        $sformat(f, "%0s.pe%0d.spm.hex", p, lg);
        $readmemh(f, array.pe[lg].u.spm);
      end
    end
  endgenerate
