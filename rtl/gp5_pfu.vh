// gp5_pfu.vh — the binary pairwise factor unit (pfu.sp, pfu.ms), included inside module gp5_pe
// after the factor unit's wide datapath (wmaxstar, damp, absdiff). Mirrors isa/pairwise-unit.ts
// (checkPairwiseDescriptor, pfuBeats, pfuExecute) and isa/pairwise-kernels.ts (pairwiseMessage);
// ISA.md "Binary pairwise factor update" is the rule. Descriptor offsets and limits come from
// gp5_isa.vh (PD_*, PAIRWISE_MAX_LANES), the table format from gp5_format.vh (GP5_G, GP5_TABLE_MAX).
//
// Deliberate bug for mutation testing: BUG_PFU_SWAP_X (the unit subtracts x1 − x0 the wrong way
// round: every finite message comes out negated).

  integer           pn, psrc, ptab, pout, pdamp, pk, pg, pend, pworst;
  integer           pcnt [0:LANES-1];              // gather reads per scratchpad bank (address mod L)
  reg signed [47:0] pnew, pold, pchg, pr;

  // addr … addr + len − 1 inside the local scratchpad (isa/pairwise-unit.ts range()).
  function in_spm;
    input integer a;
    input integer len;
    reg signed [47:0] a48, len48;
    begin
      a48 = sx32(a); len48 = sx32(len);   // 48 bits: addr + len cannot wrap
      in_spm = (a48 >= 0) && (a48 + len48 <= sx32(SPM_WORDS));
    end
  endfunction

  function signed [47:0] pwiden;    // a table word at F + G: TMAX (or above) is the zero flag
    input [31:0] v;
    begin
      pwiden = (sx32(v) >= GP5_TABLE_MAX) ? WIDE_ZERO : sx32(v);
    end
  endfunction

  function signed [47:0] pmsg;      // isa/pairwise-kernels.ts pairwiseMessage
    input signed [47:0] lam;        // the gathered λ, already saturated to W bits
    input [31:0] ta, tb, tc, td;
    input sp;                       // 1: max* (pfu.sp), 0: min (pfu.ms)
    reg signed [47:0] l, wa, wb, wc, wd, b1, d1, x1, x0, q;
    begin
      l = (lam >= GP5_MAX) ? WIDE_ZERO : (lam <<< GP5_G);
      wa = pwiden(ta); wb = pwiden(tb); wc = pwiden(tc); wd = pwiden(td);
      b1 = (wb == WIDE_ZERO || l == WIDE_ZERO) ? WIDE_ZERO : wb + l;
      d1 = (wd == WIDE_ZERO || l == WIDE_ZERO) ? WIDE_ZERO : wd + l;
      x1 = sp ? wmaxstar(wa, b1) : ((wa < b1) ? wa : b1);
      x0 = sp ? wmaxstar(wc, d1) : ((wc < d1) ? wc : d1);
`ifdef BUG_PFU_SWAP_X
      q = x1; x1 = x0; x0 = q;
`endif
      // isa/pairwise-kernels.ts narrowLlr: certainties only from the zero flag; a finite ratio is
      // rounded half up to F and clamped to ±(MAX − 1).
      if (x1 == WIDE_ZERO) pmsg = (x0 == WIDE_ZERO) ? 48'sd0 : GP5_MAX;
      else if (x0 == WIDE_ZERO) pmsg = -GP5_MAX;
      else begin
        q = (GP5_G == 0) ? x1 - x0 : ((x1 - x0 + (48'sd1 <<< (GP5_G - 1))) >>> GP5_G);
        pmsg = (q > GP5_MAX - 1) ? GP5_MAX - 1 : (q < 1 - GP5_MAX) ? 1 - GP5_MAX : q;
      end
    end
  endfunction

  // One pfu at descriptor desc with incoming rd value rdin: validates the descriptor as gp5sim
  // does (ok = 0 and a fault message otherwise; nothing is written), sets beats (the rule plus the
  // gather's bank conflicts), writes the output block and leaves rd's new value in value.
  task pfu_issue;
    output ok;
    input sp;
    input [31:0] desc;
    input [31:0] rdin;
    input [31:0] tt;
    begin
      ok = 0;
      if (!in_spm(desc, PD_WORDS))
        $display("GP5RTL fault: pfu pairwise descriptor [%0d, %0d) outside scratchpad at pc %0d, cycle %0d", $signed(desc), $signed(desc) + PD_WORDS, pc, tt);
      else begin
        pn = spm[desc + PD_COUNT]; psrc = spm[desc + PD_SRC]; ptab = spm[desc + PD_TABLE];
        pout = spm[desc + PD_OUT]; pdamp = spm[desc + PD_LAMBDA];
        if (pn < 1 || pn > PAIRWISE_MAX_LANES)
          $display("GP5RTL fault: pfu descriptor field n = %0d at word %0d outside 1 … %0d (pc %0d, cycle %0d)", pn, desc, PAIRWISE_MAX_LANES, pc, tt);
        else if (pdamp < 0 || pdamp > DAMP_LAMBDA_MAX)   // damp's λ / DAMP_LAMBDA_MAX weight (isa/fixed.ts dampBlend)
          $display("GP5RTL fault: pfu descriptor field lambda = %0d outside 0 … %0d (pc %0d, cycle %0d)", pdamp, DAMP_LAMBDA_MAX, pc, tt);
        else if (!in_spm(psrc, pn) || !in_spm(ptab, PD_PERLANE * pn) || !in_spm(pout, pn))
          $display("GP5RTL fault: pfu source list, table or output block outside scratchpad (pc %0d, cycle %0d)", pc, tt);
        else begin
          ok = 1;
          for (pk = 0; pk < pn; pk = pk + 1) if (ok && !in_spm(spm[psrc + pk], 1)) begin
            $display("GP5RTL fault: pfu source of lane %0d at %0d outside scratchpad (pc %0d, cycle %0d)", pk, $signed(spm[psrc + pk]), pc, tt);
            ok = 0;
          end
        end
      end
      if (ok) begin
        // Beats: the rule, plus per group of L lanes (the busiest bank's gather reads) − 1.
        beats = gp5_rule_beats(B_PFU, LANES, pn, 0);
        for (pg = 0; pg < pn; pg = pg + LANES) begin
          pend = (pg + LANES < pn) ? pg + LANES : pn;
          for (pk = 0; pk < LANES; pk = pk + 1) pcnt[pk] = 0;
          pworst = 0;
          for (pk = pg; pk < pend; pk = pk + 1) begin
            pcnt[spm[psrc + pk] & (LANES - 1)] = pcnt[spm[psrc + pk] & (LANES - 1)] + 1;
            if (pcnt[spm[psrc + pk] & (LANES - 1)] > pworst) pworst = pcnt[spm[psrc + pk] & (LANES - 1)];
          end
          beats = beats + pworst - 1;
        end
        // Every λ is gathered before any output is written (acc holds them).
        for (pk = 0; pk < pn; pk = pk + 1) acc[pk] = sat48(sx32(spm[spm[psrc + pk]]));
        pchg = sx32(rdin);
        for (pk = 0; pk < pn; pk = pk + 1) begin
          pnew = pmsg(acc[pk], spm[ptab + PD_PERLANE * pk], spm[ptab + PD_PERLANE * pk + 1],
                      spm[ptab + PD_PERLANE * pk + 2], spm[ptab + PD_PERLANE * pk + 3], sp);
          pold = sx32(spm[pout + pk]);
          if (pdamp != 0) pnew = damp(pnew, pold, pdamp);
          pr = absdiff(pnew, pold);
          if (pr > pchg) pchg = pr;
          spm[pout + pk] = pnew[31:0];
        end
        value = pchg[31:0];
        msgs = msgs + pn;
      end
    end
  endtask
