// gp5_llr.vh — the LLR unit of one PE (cnu.<rule>, vnu), included inside module gp5_pe.
//
// Arithmetic: isa/llr-kernels.ts (llrSat, boxPlus, the two-minimum rules, nmsScale, omsOffset) and
// isa/llr-unit.ts (cnuExecute, vnuExecute), lane k of every vector being frame k of the batch.
// Timing: sim/llr-unit.ts issueLlr. A cnu holds the unit for its descriptor beat and read pass
// (gp5_rule_beats B_CNU); its write pass (d·⌈VL/L⌉ beats, through a separate port) drains behind
// the next instruction and is added to the result latency. The next cnu first waits for the write
// pass when it reads a vector still being written (its c2v block or an app vector overlaps one of
// the pass's ranges); vnu always waits for it. Like the rest of the model, the whole effect is
// applied at issue and the unit's busy time and ready times carry the timing.
//
// Deliberate bug for mutation testing: BUG_CNU_MIN2 (a new minimum does not demote the old one to
// min2, so min2 misses it; rtl/README.md).

  // ---- state: the write pass in flight (ranges [llr_wat[i], llr_wat[i] + llr_wlen[i])) and its end
  reg [31:0] llr_write_end;
  reg [31:0] llr_wat  [0:LLR_MAX_DEGREE];
  reg [31:0] llr_wlen [0:LLR_MAX_DEGREE];
  integer    llr_wcount;

  // ---- per-lane temporaries of one check
  reg signed [47:0] llr_t   [0:LLR_MAX_DEGREE-1];   // t_j = app_j − c2v_j
  reg signed [47:0] llr_out [0:LLR_MAX_DEGREE-1];   // extrinsic outputs
  reg signed [47:0] llr_fw  [0:LLR_MAX_DEGREE-1];   // forward/backward box-plus partials (spa)
  reg signed [47:0] llr_bw  [0:LLR_MAX_DEGREE-1];
  reg               llr_oneg [0:LLR_MAX_DEGREE-1];  // sign of app_j as read
  integer           lk, lj, ld, lvl, lc2v, lcap, lpass, lmask, lwait;
  reg               llayered, lkeep, lparity, lflips;
  reg signed [47:0] la, lnext, lmin1, lmin2, lmag, lbeta;
  integer           lidx;
  reg               lneg;

  // Saturate to the symmetric LLR range ±MAX (llrSat).
  function signed [47:0] llr_sat;
    input signed [47:0] v;
    begin
      if (v > GP5_MAX) llr_sat = GP5_MAX;
      else if (v < -GP5_MAX) llr_sat = -GP5_MAX;
      else llr_sat = v;
    end
  endfunction

  // a ⊞ b (boxPlus): sign(a)·sign(b) · clamp(min(|a|,|b|) + corr(|a|+|b|) − corr(||a|−|b||), 0, MAX).
  function signed [47:0] box_plus;
    input signed [47:0] a;
    input signed [47:0] b;
    reg signed [47:0] ma, mb, lo, df, mm;
    begin
      ma = (a < 0) ? -a : a;
      mb = (b < 0) ? -b : b;
      lo = (ma < mb) ? ma : mb;
      df = (ma < mb) ? mb - ma : ma - mb;
      mm = lo + corr(ma + mb) - corr(df);
      if (mm < 0) mm = 0;
      else if (mm > GP5_MAX) mm = GP5_MAX;
      box_plus = ((a < 0) != (b < 0)) ? -mm : mm;
    end
  endfunction

  // Extrinsic outputs llr_out[0 … d) of llr_t for the check-node rule of opcode rop, clamped to ±cap.
  task check_node;
    input [5:0] rop;
    input integer d;
    input signed [47:0] cap;
    integer j;
    begin
      if (d == 1) llr_out[0] = GP5_MAX;   // a degree-1 check forces its bit to 0
      else if (rop == OP_CNU_SPA) begin
        llr_fw[0] = llr_t[0];
        for (j = 1; j < d; j = j + 1) llr_fw[j] = box_plus(llr_fw[j - 1], llr_t[j]);
        llr_bw[d - 1] = llr_t[d - 1];
        for (j = d - 2; j >= 0; j = j - 1) llr_bw[j] = box_plus(llr_bw[j + 1], llr_t[j]);
        llr_out[0] = llr_bw[1];
        llr_out[d - 1] = llr_fw[d - 2];
        for (j = 1; j < d - 1; j = j + 1) llr_out[j] = box_plus(llr_fw[j - 1], llr_bw[j + 1]);
      end else begin
        lmin1 = GP5_MAX; lmin2 = GP5_MAX; lidx = 0; lneg = 0;
        for (j = 0; j < d; j = j + 1) begin
          lmag = (llr_t[j] < 0) ? -llr_t[j] : llr_t[j];
          if (llr_t[j] < 0) lneg = !lneg;
          if (lmag < lmin1) begin
`ifndef BUG_CNU_MIN2
            lmin2 = lmin1;
`endif
            lmin1 = lmag; lidx = j;
          end else if (lmag < lmin2) lmin2 = lmag;
        end
        lbeta = (rop == OP_CNU_OMS) ? GP5_OMS_OFFSET : 48'sd0;
        for (j = 0; j < d; j = j + 1) begin
          lmag = (j == lidx) ? lmin2 : lmin1;
          if (rop == OP_CNU_NMS) lmag = lmag - (lmag >>> 2);                       // nmsScale: ⌈0.75·m⌉
          else if (rop == OP_CNU_OMS) lmag = (lmag > lbeta) ? lmag - lbeta : 48'sd0;
          llr_out[j] = (lneg != (llr_t[j] < 0)) ? -lmag : lmag;
        end
      end
      for (j = 0; j < d; j = j + 1)
        if (llr_out[j] > cap) llr_out[j] = cap;
        else if (llr_out[j] < -cap) llr_out[j] = -cap;
    end
  endtask

  // Whether a vector the check at desc reads overlaps the write pass in flight (readsInFlight).
  function reads_in_flight;
    input integer desc;
    input integer d;
    input integer nl;
    integer wi, ji;
    reg [31:0] c2v, wa, wl, aa;
    begin
      reads_in_flight = 0;
      c2v = spm[desc + CND_C2V];
      for (wi = 0; wi < llr_wcount; wi = wi + 1) begin
        wa = llr_wat[wi]; wl = llr_wlen[wi];
        if ($signed(c2v) < $signed(wa + wl) && $signed(wa) < $signed(c2v + d * nl)) reads_in_flight = 1;
        for (ji = 0; ji < d; ji = ji + 1) begin
          aa = spm[desc + CND_HEADER + ji];
          if ($signed(aa) < $signed(wa + wl) && $signed(wa) < $signed(aa + nl)) reads_in_flight = 1;
        end
      end
    end
  endfunction

  // cnu (rop a cnu opcode) or vnu at cycle t on descriptor desc for the lanes set in active.
  // Sets beats, lat (the result latency), value (cnu: acc | unstable lanes) and the reported write
  // block (m_addr, m_len; m_data is read after the write). ok = 0 on a descriptor the unit cannot
  // stream (VL or degree beyond its buffers): the caller faults.
  task llr_issue;
    output ok;
    input [5:0] rop;
    input integer desc;
    input [31:0] active;
    input [31:0] acc_in;
    input [31:0] tnow;
    begin
      ok = 1;
      lvl = vl;
      ld = spm[desc + CND_DEGREE];   // VND_DEGREE is the same word
      lpass = gp5_lane_beats(lvl, LANES);
      if (lvl > LLR_MAX_LANES || ld < ((rop == OP_VNU) ? 0 : 1) || ld > LLR_MAX_DEGREE) ok = 0;
      else if (rop != OP_VNU) begin
        lc2v = spm[desc + CND_C2V];
        llayered = (spm[desc + CND_FLAGS] & CND_LAYERED) != 0;
        lcap = spm[desc + CND_CAP];
        lkeep = !active[LLR_FIRST_PASS_BIT];
        lwait = (llr_write_end > tnow && reads_in_flight(desc, ld, lvl)) ? llr_write_end - tnow : 0;
        lmask = 0;
        for (lk = 0; lk < lvl; lk = lk + 1) if (active[lk]) begin
          lparity = 0;
          for (lj = 0; lj < ld; lj = lj + 1) begin
            la = sx32(spm[spm[desc + CND_HEADER + lj] + lk]);
            llr_oneg[lj] = (la < 0);
            lparity = lparity ^ (la < 0);
            llr_t[lj] = lkeep ? llr_sat(la - sx32(spm[lc2v + lj * lvl + lk])) : llr_sat(la);
          end
          check_node(rop, ld, sx32(lcap));
          lflips = 0;
          for (lj = 0; lj < ld; lj = lj + 1) begin
            spm[lc2v + lj * lvl + lk] = llr_out[lj][31:0];
            if (llayered) begin
              lnext = llr_sat(llr_t[lj] + llr_out[lj]);
              spm[spm[desc + CND_HEADER + lj] + lk] = lnext[31:0];
              lflips = lflips | ((lnext < 0) ^ llr_oneg[lj]);
            end
          end
          if (lparity || lflips) lmask = lmask | (1 << lk);
        end
        value = acc_in | lmask;
        beats = lwait + gp5_rule_beats(B_CNU, LANES, ld, lvl);
        lat = ld * lpass + rom_latency[rop];
        m_addr = lc2v; m_len = ld * lvl;
        // This check's write pass: the c2v block, then the app vectors when layered.
        llr_write_end = tnow + beats + ld * lpass;
        llr_wat[0] = lc2v; llr_wlen[0] = ld * lvl;
        llr_wcount = 1;
        if (llayered)
          for (lj = 0; lj < ld; lj = lj + 1) begin
            llr_wat[llr_wcount] = spm[desc + CND_HEADER + lj];
            llr_wlen[llr_wcount] = lvl;
            llr_wcount = llr_wcount + 1;
          end
      end else begin
        lwait = (llr_write_end > tnow) ? llr_write_end - tnow : 0;
        for (lk = 0; lk < lvl; lk = lk + 1) if (active[lk]) begin
          lnext = llr_sat(sx32(spm[spm[desc + VND_CH] + lk]));
          for (lj = 0; lj < ld; lj = lj + 1)
            lnext = llr_sat(lnext + sx32(spm[spm[desc + VND_HEADER + lj] + lk]));
          spm[spm[desc + VND_APP] + lk] = lnext[31:0];
        end
        value = acc_in;
        beats = lwait + gp5_rule_beats(B_VNU, LANES, ld, lvl);
        lat = rom_latency[rop];
        m_addr = spm[desc + VND_APP]; m_len = lvl;
      end
    end
  endtask
