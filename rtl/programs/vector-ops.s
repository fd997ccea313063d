; vector-ops.s — vector loads/stores in the scratchpad and the vector message arithmetic:
; setvli, vld, vadd (with saturation in lane 0), vsub, vmin, vmaxs, vnorm, vbcast, vdamp, vrmin,
; vrmaxs, vext, vst; RAW/WAW hazards and multi-beat (VL = 16 on L = 8 lanes: 2 beats) timing.
;
; Lane 0: a = 30000, b = 5000 → vadd saturates to MAX = 32767; vsub = 25000; vmin = 5000;
; vmaxs = 5000 − corr(25000) = 5000 (past the table).

.equ N, 16

.text
start:
        setvli  r1, N
        vld     v1, a(r0)
        vld     v2, b(r0)
        vadd    v3, v1, v2          ; waits for v2 (RAW)
        vsub    v4, v1, v2
        vmin    v5, v1, v2
        vmaxs   v6, v1, v2
        vnorm   v7, v6              ; two passes: 4 beats
        addi    r5, r0, -40000
        vbcast  v0, r5              ; saturates to MIN
        vdamp   v5, v3, v4, 64      ; WAW on v5 is long gone; RAW on v3, v4
        vrmin   r2, v7
        vrmaxs  r3, v1
        vext    r4, v3, 0
        vst     v3, out(r0)
        vst     v5, out + N(r0)
        setvli  r1, 5               ; 1 beat
        vmaxs   v6, v1, v1
        vst     v6, out + 2 * N(r0)
        ld      r6, out + 1(r0)
        st      r6, out + 40(r0)
        halt

.data
a:      .word   30000, 100, 2000, 400, -500, 600, 700, 800, 32767, 0, 20, 30, 1000, 1, 2, 3
b:      .word   5000, 150, 1800, 700, -520, 60, 7000, 10, 100, 32767, 21, 33, 1010, 9, 2, 300
out:    .zero   48

.entry start
