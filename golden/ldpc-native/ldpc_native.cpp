// Native layered min-sum (MS / NMS / OMS) LDPC decoder in float32 (and, further down, in int8 / int16
// fixed point) with inter-frame SIMD. Float32: one lane per
// frame, 16 frames per __m512 (AVX-512F), 8 per __m256 (AVX2) or 1 (scalar fallback), the width
// chosen by the caller among those __builtin_cpu_supports reports. Per lane it is exactly the
// WebAssembly f32x4 kernel of golden/ldpc-float/simd-kernel.ts, operation for operation:
//   pass 1: t = app - c2v; a = t & ABS; neg ^= t; min2 = pmin(min2, pmax(a, min1)); min1 = pmin(min1, a)
//   finish: m = pmin(rule(min), LIMIT); base = m1 ^ (neg & SIGN); delta = m1 ^ m2
//   pass 2: c2v = base ^ (eq(a, min1) & delta) ^ (t ^ a); app = t + c2v
// with pmin(a, b) = b < a ? b : a and pmax(a, b) = a < b ? b : a (WebAssembly's), so hard decisions
// and iteration counts equal the WebAssembly decoder's frame for frame. The unrolled bodies do the
// min/max and the equality of the magnitudes as signed int32 operations on the float bits (vpminsd,
// vpcmpeqd: any vector ALU pipe, where minps/cmpps share two FP pipes with add/sub): every operand
// there is a finite non-negative float or +Infinity with no -0 (the premise of pmin/pmax in the
// WebAssembly kernel too), and for those the int32 order of the bits is the float order, bit for bit. IEEE float32 add, sub, mul,
// compare and min/max are exactly rounded; the build uses -ffp-contract=off and no -ffast-math so
// that nothing is fused or reassociated. The syndrome stop and the pass loop mirror simd-passes.ts.
// Memory: app[v * W + l] (posteriors), c2v[e * W + l] (messages), allocated once per decoder.
#define NAPI_VERSION 8
#include <node_api.h>
#include <immintrin.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cmath>
#include <vector>

namespace {

constexpr int RULE_MS = 0, RULE_NMS = 1, RULE_OMS = 2;
/** Checks up to this degree get a body unrolled at compile time (v2c kept in registers). */
constexpr int MAX_UNROLL = 24;

struct Segment { int32_t d, e0, count; };
/** The integer rule: OMS offset in steps (0 otherwise), NMS m − (m >> shift), the message cap. */
struct IntRuleParams { int offset = 0, shift = 0; bool nms = false; int msgMax = 0; };

struct Plan {
  int32_t n, edges, rule, width;
  float k;        // NMS factor or OMS offset, float32
  float limit;    // float32(1e30)
  double limit64; // 1e30
  std::vector<Segment> segments;
  int32_t* off = nullptr; // per edge: v * width (element offset of its bit's lanes)
  // the lanes: float for the float decoder, int8_t / int16_t for createInt's
  void* app = nullptr;
  void* c2v = nullptr;
  // fixed-point lanes (createInt): bits 8 or 16, 0 for the float decoder
  int32_t bits = 0;
  IntRuleParams irule{};
  double scale = 0, channelMax = 0;
};

// ---- lane types ------------------------------------------------------------------------------

struct Scalar {
  using V = float;
  using Elem = float;
  static constexpr int W = 1;
  static uint32_t bits(float x) { uint32_t u; std::memcpy(&u, &x, 4); return u; }
  static float of(uint32_t u) { float x; std::memcpy(&x, &u, 4); return x; }
  static V load(const float* p) { return *p; }
  static void store(float* p, V v) { *p = v; }
  static V splat(float x) { return x; }
  static V sub(V a, V b) { return a - b; }
  static V add(V a, V b) { return a + b; }
  static V mul(V a, V b) { return a * b; }
  static V band(V a, V b) { return of(bits(a) & bits(b)); }
  static V bxor(V a, V b) { return of(bits(a) ^ bits(b)); }
  static V bor(V a, V b) { return of(bits(a) | bits(b)); }
  static V pmin(V a, V b) { return b < a ? b : a; }
  static V pmax(V a, V b) { return a < b ? b : a; }
  /** eq(a, b) & x */
  static V eqAnd(V a, V b, V x) { return a == b ? x : 0.0f; }
  /** x ^ (t & SIGN) */
  static V xorSign(V x, V t) { return of(bits(x) ^ (bits(t) & 0x80000000u)); }
  static V xor3(V a, V b, V c) { return of(bits(a) ^ bits(b) ^ bits(c)); }
  // int32 min / max / equality of the float bits (exact for non-negative floats; see the top).
  static V imin(V a, V b) { return (int32_t)bits(b) < (int32_t)bits(a) ? b : a; }
  static V imax(V a, V b) { return (int32_t)bits(a) < (int32_t)bits(b) ? b : a; }
  /** bits(a) == bits(b) ? hi : lo (= lo ^ (eq & (lo ^ hi)), bit for bit) */
  static V iselect(V a, V b, V lo, V hi) { return bits(a) == bits(b) ? hi : lo; }
  static V bits32(uint32_t u) { return of(u); }
  static uint32_t signs(V v) { return bits(v) >> 31; }
};

struct Avx2 {
  using V = __m256;
  using Elem = float;
  static constexpr int W = 8;
  __attribute__((target("avx2"))) static V load(const float* p) { return _mm256_loadu_ps(p); }
  __attribute__((target("avx2"))) static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
  __attribute__((target("avx2"))) static V splat(float x) { return _mm256_set1_ps(x); }
  __attribute__((target("avx2"))) static V sub(V a, V b) { return _mm256_sub_ps(a, b); }
  __attribute__((target("avx2"))) static V add(V a, V b) { return _mm256_add_ps(a, b); }
  __attribute__((target("avx2"))) static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  __attribute__((target("avx2"))) static V band(V a, V b) { return _mm256_and_ps(a, b); }
  __attribute__((target("avx2"))) static V bxor(V a, V b) { return _mm256_xor_ps(a, b); }
  __attribute__((target("avx2"))) static V bor(V a, V b) { return _mm256_or_ps(a, b); }
  // minps(x, y) = x < y ? x : y, so pmin(a, b) = minps(b, a); likewise maxps.
  __attribute__((target("avx2"))) static V pmin(V a, V b) { return _mm256_min_ps(b, a); }
  __attribute__((target("avx2"))) static V pmax(V a, V b) { return _mm256_max_ps(b, a); }
  __attribute__((target("avx2"))) static V eqAnd(V a, V b, V x) { return _mm256_and_ps(_mm256_cmp_ps(a, b, _CMP_EQ_OQ), x); }
  __attribute__((target("avx2"))) static V xorSign(V x, V t) { return _mm256_xor_ps(x, _mm256_and_ps(t, bits32(0x80000000u))); }
  __attribute__((target("avx2"))) static V xor3(V a, V b, V c) { return _mm256_xor_ps(_mm256_xor_ps(a, b), c); }
  __attribute__((target("avx2"))) static __m256i I(V a) { return _mm256_castps_si256(a); }
  __attribute__((target("avx2"))) static V imin(V a, V b) { return _mm256_castsi256_ps(_mm256_min_epi32(I(a), I(b))); }
  __attribute__((target("avx2"))) static V imax(V a, V b) { return _mm256_castsi256_ps(_mm256_max_epi32(I(a), I(b))); }
  __attribute__((target("avx2"))) static V iselect(V a, V b, V lo, V hi) { return _mm256_blendv_ps(lo, hi, _mm256_castsi256_ps(_mm256_cmpeq_epi32(I(a), I(b)))); }
  __attribute__((target("avx2"))) static V bits32(uint32_t u) { return _mm256_castsi256_ps(_mm256_set1_epi32((int)u)); }
  __attribute__((target("avx2"))) static uint32_t signs(V v) { return (uint32_t)_mm256_movemask_ps(v); }
};

struct Avx512 {
  using V = __m512;
  using Elem = float;
  static constexpr int W = 16;
#define T512 __attribute__((target("avx512f")))
  T512 static V load(const float* p) { return _mm512_loadu_ps(p); }
  T512 static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
  T512 static V splat(float x) { return _mm512_set1_ps(x); }
  T512 static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  T512 static V add(V a, V b) { return _mm512_add_ps(a, b); }
  T512 static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  T512 static V band(V a, V b) { return _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(a), _mm512_castps_si512(b))); }
  T512 static V bxor(V a, V b) { return _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(a), _mm512_castps_si512(b))); }
  T512 static V bor(V a, V b) { return _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(a), _mm512_castps_si512(b))); }
  T512 static V pmin(V a, V b) { return _mm512_min_ps(b, a); }
  T512 static V pmax(V a, V b) { return _mm512_max_ps(b, a); }
  T512 static V eqAnd(V a, V b, V x) { return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ), x); }
  // vpternlogd: 0x78 = A ^ (B & C), 0x96 = A ^ B ^ C.
  T512 static V xorSign(V x, V t) { return _mm512_castsi512_ps(_mm512_ternarylogic_epi32(_mm512_castps_si512(x), _mm512_castps_si512(t), _mm512_set1_epi32((int)0x80000000u), 0x78)); }
  T512 static __m512i I(V a) { return _mm512_castps_si512(a); }
  T512 static V imin(V a, V b) { return _mm512_castsi512_ps(_mm512_min_epi32(I(a), I(b))); }
  T512 static V imax(V a, V b) { return _mm512_castsi512_ps(_mm512_max_epi32(I(a), I(b))); }
  T512 static V iselect(V a, V b, V lo, V hi) { return _mm512_mask_blend_ps(_mm512_cmpeq_epi32_mask(I(a), I(b)), lo, hi); }
  T512 static V xor3(V a, V b, V c) { return _mm512_castsi512_ps(_mm512_ternarylogic_epi32(_mm512_castps_si512(a), _mm512_castps_si512(b), _mm512_castps_si512(c), 0x96)); }
  T512 static V bits32(uint32_t u) { return _mm512_castsi512_ps(_mm512_set1_epi32((int)u)); }
  T512 static uint32_t signs(V v) { return (uint32_t)_mm512_cmplt_epi32_mask(_mm512_castps_si512(v), _mm512_setzero_si512()); }
#undef T512
};

// ---- the driver, shared by the float and the fixed-point kernels: the degree dispatch, one layered
// iteration, the syndrome and the frame loop, for lane type L. P is the kernel family's prefix (empty:
// float32, i: fixed point); the family supplies P##Consts##L (the broadcast constants, built by
// P##consts##L from the plan), the row bodies P##rowsFixed##L<D> / P##rowsAny##L and P##pack##L (one
// channel LLR into a lane element).

#define DRIVER(L, TARGET, P)                                                                           \
  template <int... Ds>                                                                                 \
  TARGET static void P##rowsDispatch##L(const P##Consts##L& K, int d, const int32_t* off, L::Elem* c, L::Elem* app, int cnt) { \
    bool done = ((d == Ds ? (P##rowsFixed##L<Ds>(K, off, c, app, cnt), true) : false) || ...);         \
    if (!done) P##rowsAny##L(K, d, off, c, app, cnt);                                                  \
  }                                                                                                    \
  TARGET static void P##iter##L(const Plan& p, const P##Consts##L& K, L::Elem* app, L::Elem* c2v) {    \
    for (const Segment& s : p.segments)                                                                \
      P##rowsDispatch##L<2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24>( \
          K, s.d, p.off + s.e0, c2v + (size_t)s.e0 * L::W, app, s.count);                              \
  }                                                                                                    \
  /* bit l set: lane l fails some check (XOR of the posteriors' sign bits) */                          \
  TARGET static uint64_t P##syndrome##L(const Plan& p, const L::Elem* app) {                           \
    L::V acc = L::splat(0);                                                                            \
    for (const Segment& s : p.segments) {                                                              \
      const int32_t* off = p.off + s.e0;                                                               \
      for (int r = 0; r < s.count; r++, off += s.d) {                                                  \
        L::V x = L::load(app + off[0]);                                                                \
        for (int j = 1; j < s.d; j++) x = L::bxor(x, L::load(app + off[j]));                           \
        acc = L::bor(acc, x); /* only the sign bits are read */                                        \
      }                                                                                                \
    }                                                                                                  \
    return L::signs(acc);                                                                              \
  }                                                                                                    \
  TARGET static void P##decode##L(Plan& p, const double* llr, int frames, int maxIter, bool earlyStop, \
                                  uint8_t* hard, int32_t* iterations) {                                \
    constexpr int W = L::W;                                                                            \
    const P##Consts##L K = P##consts##L(p);                                                            \
    L::Elem* app = static_cast<L::Elem*>(p.app);                                                       \
    L::Elem* c2v = static_cast<L::Elem*>(p.c2v);                                                       \
    const int n = p.n;                                                                                 \
    for (int f0 = 0; f0 < frames; f0 += W) {                                                           \
      const int lanes = frames - f0 < W ? frames - f0 : W;                                             \
      /* unused lanes decode zeros */                                                                  \
      for (int l = 0; l < W; l++) {                                                                    \
        const double* src = llr + (size_t)(f0 + l) * n;                                                \
        for (int i = 0; i < n; i++) app[(size_t)i * W + l] = P##pack##L(p, l < lanes ? src[i] : 0.0);  \
      }                                                                                                \
      std::memset(c2v, 0, sizeof(L::Elem) * (size_t)p.edges * W);                                      \
      uint64_t open = lanes == 64 ? ~uint64_t(0) : (uint64_t(1) << lanes) - 1;                         \
      for (int it = 0;; it++) {                                                                        \
        if (it > 0) P##iter##L(p, K, app, c2v);                                                        \
        uint64_t stop = 0;                                                                             \
        if (earlyStop) stop = open & ~P##syndrome##L(p, app);                                          \
        if (it == maxIter) stop = open;                                                                \
        if (stop) {                                                                                    \
          for (int l = 0; l < lanes; l++) {                                                            \
            if (!(stop >> l & 1)) continue;                                                            \
            iterations[f0 + l] = it;                                                                   \
            uint8_t* h = hard + (size_t)(f0 + l) * n;                                                  \
            for (int i = 0; i < n; i++) h[i] = app[(size_t)i * W + l] < 0 ? 1 : 0;                     \
          }                                                                                            \
          open &= ~stop;                                                                               \
        }                                                                                              \
        if (open == 0) break;                                                                          \
      }                                                                                                \
    }                                                                                                  \
  }

// ---- the float kernel, one copy per lane type (compiled for that ISA by the TARGET attribute) --

#define KERNELS(L, TARGET)                                                                             \
  struct Consts##L {                                                                                   \
    L::V absm, signm, inf, lim, k, zero;                                                               \
    int rule;                                                                                          \
  };                                                                                                   \
  TARGET static inline Consts##L consts##L(const Plan& p) {                                            \
    Consts##L K;                                                                                       \
    K.absm = L::bits32(0x7fffffffu); K.signm = L::bits32(0x80000000u);                                 \
    K.inf = L::splat(INFINITY); K.lim = L::splat(p.limit); K.k = L::splat(p.k); K.zero = L::splat(0.0f); \
    K.rule = p.rule;                                                                                   \
    return K;                                                                                          \
  }                                                                                                    \
  /* clamp in float64, round to float32, -0 -> +0 */                                                   \
  TARGET static inline float pack##L(const Plan& p, double x) {                                        \
    x = x < -p.limit64 ? -p.limit64 : x;                                                               \
    x = x > p.limit64 ? p.limit64 : x;                                                                 \
    return (float)x + 0.0f; /* kept: GCC honours signed zeros */                                       \
  }                                                                                                    \
  TARGET static inline void finish##L(const Consts##L& K, int rule, L::V min1, L::V min2, L::V neg,    \
                                      L::V& base, L::V& delta, L::V& base2) {                          \
    L::V m1 = min1, m2 = min2;                                                                         \
    if (rule == RULE_NMS) { m1 = L::mul(m1, K.k); m2 = L::mul(m2, K.k); }                              \
    else if (rule == RULE_OMS) { m1 = L::pmax(K.zero, L::sub(m1, K.k)); m2 = L::pmax(K.zero, L::sub(m2, K.k)); } \
    m1 = L::pmin(m1, K.lim);                                                                           \
    m2 = L::pmin(m2, K.lim);                                                                           \
    base = L::bxor(m1, L::band(neg, K.signm));                                                         \
    delta = L::bxor(m1, m2);                                                                           \
    base2 = L::bxor(base, delta); /* = m2 ^ (neg & SIGN) */                                            \
  }                                                                                                    \
  /* cnt checks of degree D (compile-time: v2c stays in registers) */                                  \
  template <int D>                                                                                     \
  TARGET static void rowsFixed##L(const Consts##L& K, const int32_t* off, float* c, float* app, int cnt) { \
    constexpr int W = L::W;                                                                            \
    const int rule = K.rule;                                                                           \
    for (; cnt > 0; cnt--, off += D, c += D * W) {                                                     \
      L::V t[D], a[D];                                                                                 \
      L::V neg, min1, min2;                                                                            \
      for (int j = 0; j < D; j++) {                                                                    \
        t[j] = L::sub(L::load(app + off[j]), L::load(c + j * W));                                      \
        a[j] = L::band(t[j], K.absm);                                                                  \
        if (j == 0) { min1 = a[j]; min2 = K.inf; }                                                     \
        else {                                                                                         \
          min2 = L::imin(min2, L::imax(a[j], min1));                                                   \
          min1 = L::imin(min1, a[j]);                                                                  \
        }                                                                                              \
      }                                                                                                \
      /* the row sign: XOR of every t (three at a time where the ISA has a 3-input XOR) */             \
      neg = t[0];                                                                                      \
      int j = 1;                                                                                       \
      for (; j + 1 < D; j += 2) neg = L::xor3(neg, t[j], t[j + 1]);                                    \
      if (j < D) neg = L::bxor(neg, t[j]);                                                             \
      L::V base, delta, base2;                                                                         \
      finish##L(K, rule, min1, min2, neg, base, delta, base2);                                         \
      for (int j = 0; j < D; j++) {                                                                    \
        /* base ^ (eq(a, min1) & delta) ^ (t ^ a), as a select and a sign XOR */                       \
        L::V cv = L::xorSign(L::iselect(a[j], min1, base, base2), t[j]);                               \
        L::store(c + j * W, cv);                                                                       \
        L::store(app + off[j], L::add(t[j], cv));                                                      \
      }                                                                                                \
    }                                                                                                  \
  }                                                                                                    \
  /* any degree: v2c parked in the edge's own message slot between the passes, as the WASM loop does */ \
  TARGET static void rowsAny##L(const Consts##L& K, int d, const int32_t* off, float* c, float* app, int cnt) { \
    constexpr int W = L::W;                                                                            \
    const int rule = K.rule;                                                                           \
    for (; cnt > 0; cnt--, off += d, c += d * W) {                                                     \
      L::V neg = L::splat(0.0f), min1 = K.inf, min2 = K.inf;                                           \
      for (int j = 0; j < d; j++) {                                                                    \
        L::V t = L::sub(L::load(app + off[j]), L::load(c + j * W));                                    \
        L::store(c + j * W, t);                                                                        \
        L::V a = L::band(t, K.absm);                                                                   \
        neg = L::bxor(neg, t);                                                                         \
        min2 = L::pmin(min2, L::pmax(a, min1));                                                        \
        min1 = L::pmin(min1, a);                                                                       \
      }                                                                                                \
      L::V base, delta, base2;                                                                         \
      finish##L(K, rule, min1, min2, neg, base, delta, base2);                                         \
      for (int j = 0; j < d; j++) {                                                                    \
        L::V t = L::load(c + j * W);                                                                   \
        L::V a = L::band(t, K.absm);                                                                   \
        L::V cv = L::bxor(L::bxor(base, L::eqAnd(a, min1, delta)), L::bxor(t, a));                     \
        L::store(c + j * W, cv);                                                                       \
        L::store(app + off[j], L::add(t, cv));                                                         \
      }                                                                                                \
    }                                                                                                  \
  }                                                                                                    \
  DRIVER(L, TARGET, )

#define NO_TARGET
KERNELS(Scalar, NO_TARGET)
KERNELS(Avx2, __attribute__((target("avx2"))))
KERNELS(Avx512, __attribute__((target("avx512f"))))

// ---- fixed-point lanes (int8 / int16), exactly decodeLdpcIntMinSum (golden/ldpc-float/int-minsum.ts) --
// Per lane it is the WebAssembly i8x16 / i16x8 kernel of simd-int-kernel.ts:
//   pass 1: t = subs(app, c2v); a = |t| (wrapping: |−2^(b−1)| reads 2^(b−1) unsigned); neg ^= t;
//           min2 = minu(min2, maxu(a, min1)); min1 = minu(min1, a)   (min1 = min2 = all ones at first)
//   finish: m = minu(rule(min), MSG_MAX) with OMS m = subs_u(m, OFF) and NMS m = m − (m >> SHIFT)
//   pass 2: mag = a == min1 ? m2 : m1; c2v = sign(t ^ neg) < 0 ? −mag : mag; app = adds(t, c2v)
// (the sign of t ^ neg is the XOR of the other inputs' signs, t = 0 counting as positive).

template <typename E>
struct ScalarI {
  using V = int32_t; // one lane, held widened; every result is brought back into E's range
  using Elem = E;
  static constexpr int W = 1;
  static constexpr int32_t MAXS = (int32_t)((1u << (8 * sizeof(E) - 1)) - 1);
  static constexpr uint32_t UMASK = (1u << (8 * sizeof(E))) - 1;
  static V load(const E* p) { return *p; }
  static void store(E* p, V v) { *p = (E)v; }
  static V sat(int32_t x) { return x > MAXS ? MAXS : x < -MAXS - 1 ? -MAXS - 1 : x; }
  static V subs(V a, V b) { return sat(a - b); }
  static V adds(V a, V b) { return sat(a + b); }
  /** the magnitude as an unsigned E (|−2^(b−1)| = 2^(b−1)) */
  static V absu(V a) { return a < 0 ? -a : a; }
  static V minu(V a, V b) { return a < b ? a : b; } // operands are unsigned magnitudes here
  static V maxu(V a, V b) { return a < b ? b : a; }
  static V bxor(V a, V b) { return a ^ b; }
  static V bor(V a, V b) { return a | b; }
  static V ones() { return (V)UMASK; }
  static V splat(int32_t x) { return x; }
  static V subsu(V a, V b) { return a > b ? a - b : 0; }
  static V shr(V a, int s) { return a >> s; }
  static V sub(V a, V b) { return a - b; }
  /** a == b ? hi : lo */
  static V select(V a, V b, V lo, V hi) { return a == b ? hi : lo; }
  /** s < 0 ? −mag : mag (s's sign read as an E's) */
  static V negWhere(V mag, V s) { return s < 0 ? -mag : mag; }
  static uint64_t signs(V v) { return v < 0 ? 1 : 0; }
};
using ScalarI8 = ScalarI<int8_t>;
using ScalarI16 = ScalarI<int16_t>;

// The methods of the AVX2 / AVX-512 integer lanes that differ only in the vector width N (256, 512)
// and the element width B (8, 16): the intrinsics' names are built from the two.
#define INT_LANE_OPS(TGT, N, B)                                                                       \
  TGT static V load(const Elem* p) { return _mm##N##_loadu_si##N((const V*)p); }                     \
  TGT static void store(Elem* p, V v) { _mm##N##_storeu_si##N((V*)p, v); }                           \
  TGT static V subs(V a, V b) { return _mm##N##_subs_epi##B(a, b); }                                 \
  TGT static V adds(V a, V b) { return _mm##N##_adds_epi##B(a, b); }                                 \
  TGT static V absu(V a) { return _mm##N##_abs_epi##B(a); }                                          \
  TGT static V minu(V a, V b) { return _mm##N##_min_epu##B(a, b); }                                  \
  TGT static V maxu(V a, V b) { return _mm##N##_max_epu##B(a, b); }                                  \
  TGT static V bxor(V a, V b) { return _mm##N##_xor_si##N(a, b); }                                   \
  TGT static V bor(V a, V b) { return _mm##N##_or_si##N(a, b); }                                     \
  TGT static V ones() { return _mm##N##_set1_epi##B(-1); }                                           \
  TGT static V splat(int32_t x) { return _mm##N##_set1_epi##B((Elem)x); }                            \
  TGT static V subsu(V a, V b) { return _mm##N##_subs_epu##B(a, b); }                                \
  TGT static V sub(V a, V b) { return _mm##N##_sub_epi##B(a, b); }

#define T2 __attribute__((target("avx2")))
struct Avx2I8 {
  using V = __m256i;
  using Elem = int8_t;
  static constexpr int W = 32;
  INT_LANE_OPS(T2, 256, 8)
  // no 8-bit shift: shift 16-bit words and clear the bits that came from the upper byte
  T2 static V shr(V a, int s) { return _mm256_and_si256(_mm256_srli_epi16(a, s), _mm256_set1_epi8((char)(0xff >> s))); }
  T2 static V select(V a, V b, V lo, V hi) { return _mm256_blendv_epi8(lo, hi, _mm256_cmpeq_epi8(a, b)); }
  // vpsignb negates where its second operand is negative and zeroes where it is 0: OR 1 keeps the sign, never 0.
  T2 static V negWhere(V mag, V s) { return _mm256_sign_epi8(mag, _mm256_or_si256(s, _mm256_set1_epi8(1))); }
  T2 static uint64_t signs(V v) { return (uint32_t)_mm256_movemask_epi8(v); }
};
struct Avx2I16 {
  using V = __m256i;
  using Elem = int16_t;
  static constexpr int W = 16;
  INT_LANE_OPS(T2, 256, 16)
  T2 static V shr(V a, int s) { return _mm256_srli_epi16(a, s); }
  T2 static V select(V a, V b, V lo, V hi) { return _mm256_blendv_epi8(lo, hi, _mm256_cmpeq_epi16(a, b)); }
  T2 static V negWhere(V mag, V s) { return _mm256_sign_epi16(mag, _mm256_or_si256(s, _mm256_set1_epi16(1))); }
  /** one bit per 16-bit lane: the high byte's sign of each pair */
  T2 static uint64_t signs(V v) { return (uint32_t)_mm_movemask_epi8(_mm_packs_epi16(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1))); }
};
#undef T2

#define T5 __attribute__((target("avx512f,avx512bw")))
struct Avx512I8 {
  using V = __m512i;
  using Elem = int8_t;
  static constexpr int W = 64;
  INT_LANE_OPS(T5, 512, 8)
  T5 static V shr(V a, int s) { return _mm512_and_si512(_mm512_srli_epi16(a, s), _mm512_set1_epi8((char)(0xff >> s))); }
  T5 static V select(V a, V b, V lo, V hi) { return _mm512_mask_blend_epi8(_mm512_cmpeq_epi8_mask(a, b), lo, hi); }
  // no vpsignb at 512 bits: subtract from zero under the sign mask
  T5 static V negWhere(V mag, V s) { return _mm512_mask_sub_epi8(mag, _mm512_movepi8_mask(s), _mm512_setzero_si512(), mag); }
  T5 static uint64_t signs(V v) { return (uint64_t)_mm512_movepi8_mask(v); }
};
struct Avx512I16 {
  using V = __m512i;
  using Elem = int16_t;
  static constexpr int W = 32;
  INT_LANE_OPS(T5, 512, 16)
  T5 static V shr(V a, int s) { return _mm512_srli_epi16(a, (unsigned)s); }
  T5 static V select(V a, V b, V lo, V hi) { return _mm512_mask_blend_epi16(_mm512_cmpeq_epi16_mask(a, b), lo, hi); }
  T5 static V negWhere(V mag, V s) { return _mm512_mask_sub_epi16(mag, _mm512_movepi16_mask(s), _mm512_setzero_si512(), mag); }
  T5 static uint64_t signs(V v) { return (uint64_t)_mm512_movepi16_mask(v); }
};
#undef T5
#undef INT_LANE_OPS

#define INT_KERNELS(L, TARGET)                                                                         \
  struct iConsts##L {                                                                                  \
    L::V ones, off, msgMax;                                                                            \
    int shift;                                                                                         \
    bool nms, oms;                                                                                     \
  };                                                                                                   \
  TARGET static inline L::V rule##L(const iConsts##L& K, L::V m) {                                     \
    L::V x = m;                                                                                        \
    if (K.oms) x = L::subsu(x, K.off);                                                                 \
    if (K.nms) x = L::sub(x, L::shr(m, K.shift)); /* on the unsigned magnitude: exact, never below 0 */ \
    return L::minu(x, K.msgMax);                                                                       \
  }                                                                                                    \
  template <int D>                                                                                     \
  TARGET static void irowsFixed##L(const iConsts##L& K, const int32_t* off, L::Elem* c, L::Elem* app, int cnt) { \
    constexpr int W = L::W;                                                                            \
    for (; cnt > 0; cnt--, off += D, c += D * W) {                                                     \
      L::V t[D], a[D];                                                                                 \
      L::V neg, min1 = K.ones, min2 = K.ones;                                                          \
      for (int j = 0; j < D; j++) {                                                                    \
        t[j] = L::subs(L::load(app + off[j]), L::load(c + j * W));                                     \
        a[j] = L::absu(t[j]);                                                                          \
        neg = j == 0 ? t[0] : L::bxor(neg, t[j]);                                                      \
        min2 = L::minu(min2, L::maxu(a[j], min1));                                                     \
        min1 = L::minu(min1, a[j]);                                                                    \
      }                                                                                                \
      const L::V m1 = rule##L(K, min1), m2 = rule##L(K, min2);                                         \
      for (int j = 0; j < D; j++) {                                                                    \
        L::V cv = L::negWhere(L::select(a[j], min1, m1, m2), L::bxor(t[j], neg));                      \
        L::store(c + j * W, cv);                                                                       \
        L::store(app + off[j], L::adds(t[j], cv));                                                     \
      }                                                                                                \
    }                                                                                                  \
  }                                                                                                    \
  /* any degree: t parked in the edge's own message slot between the passes */                         \
  TARGET static void irowsAny##L(const iConsts##L& K, int d, const int32_t* off, L::Elem* c, L::Elem* app, int cnt) { \
    constexpr int W = L::W;                                                                            \
    for (; cnt > 0; cnt--, off += d, c += d * W) {                                                     \
      L::V neg = L::splat(0), min1 = K.ones, min2 = K.ones;                                            \
      for (int j = 0; j < d; j++) {                                                                    \
        L::V t = L::subs(L::load(app + off[j]), L::load(c + j * W));                                   \
        L::store(c + j * W, t);                                                                        \
        L::V a = L::absu(t);                                                                           \
        neg = L::bxor(neg, t);                                                                         \
        min2 = L::minu(min2, L::maxu(a, min1));                                                        \
        min1 = L::minu(min1, a);                                                                       \
      }                                                                                                \
      const L::V m1 = rule##L(K, min1), m2 = rule##L(K, min2);                                         \
      for (int j = 0; j < d; j++) {                                                                    \
        L::V t = L::load(c + j * W);                                                                   \
        L::V cv = L::negWhere(L::select(L::absu(t), min1, m1, m2), L::bxor(t, neg));                   \
        L::store(c + j * W, cv);                                                                       \
        L::store(app + off[j], L::adds(t, cv));                                                        \
      }                                                                                                \
    }                                                                                                  \
  }                                                                                                    \
  /* the broadcast constants of the integer rule */                                                    \
  TARGET static inline iConsts##L iconsts##L(const Plan& p) {                                          \
    iConsts##L K;                                                                                      \
    K.ones = L::ones(); K.off = L::splat(p.irule.offset); K.msgMax = L::splat(p.irule.msgMax);         \
    K.shift = p.irule.shift; K.nms = p.irule.nms; K.oms = p.irule.offset > 0;                          \
    return K;                                                                                          \
  }                                                                                                    \
  /* quantize: min(floor(|x · scale| + 0.5), channelMax) with x's sign */                              \
  TARGET static inline L::Elem ipack##L(const Plan& p, double x) {                                     \
    double q = std::floor(std::fabs(x * p.scale) + 0.5);                                               \
    q = q < p.channelMax ? q : p.channelMax;                                                           \
    return (L::Elem)(x < 0 ? -(int32_t)q : (int32_t)q);                                                \
  }                                                                                                    \
  DRIVER(L, TARGET, i)

INT_KERNELS(ScalarI8, NO_TARGET)
INT_KERNELS(ScalarI16, NO_TARGET)
INT_KERNELS(Avx2I8, __attribute__((target("avx2"))))
INT_KERNELS(Avx2I16, __attribute__((target("avx2"))))
INT_KERNELS(Avx512I8, __attribute__((target("avx512f,avx512bw"))))
INT_KERNELS(Avx512I16, __attribute__((target("avx512f,avx512bw"))))

/** Whether this CPU runs `width` lanes of `bits`-bit integers (bits 0: float32). */
bool supports(int bits, int width) {
  __builtin_cpu_init();
  if (width == 1) return bits == 0 || bits == 8 || bits == 16;
  const int per256 = bits == 0 ? 8 : 256 / bits;
  if (bits != 0 && bits != 8 && bits != 16) return false;
  if (width == per256) return __builtin_cpu_supports("avx2");
  if (width == 2 * per256) return __builtin_cpu_supports("avx512f") && (bits == 0 || __builtin_cpu_supports("avx512bw"));
  return false;
}
bool supports(int width) { return supports(0, width); }

// ---- Node-API glue ---------------------------------------------------------------------------

napi_value fail(napi_env env, const char* msg) {
  napi_throw_type_error(env, "ERR_LDPC_NATIVE", msg);
  return nullptr;
}

bool typedArray(napi_env env, napi_value v, napi_typedarray_type want, void** data, size_t* length) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  napi_value ab;
  size_t off;
  if (napi_get_typedarray_info(env, v, &type, length, data, &ab, &off) != napi_ok) return false;
  return type == want;
}

bool int32Arg(napi_env env, napi_value v, int32_t* out) { return napi_get_value_int32(env, v, out) == napi_ok; }

/** The call's arguments into argv[0..want); false (the error "<who>: expected <want> arguments" thrown) for any other count. */
bool callArgs(napi_env env, napi_callback_info info, size_t want, napi_value* argv, const char* who) {
  size_t argc = want;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc == want) return true;
  char msg[80];
  std::snprintf(msg, sizeof msg, "%s: expected %zu arguments", who, want);
  fail(env, msg);
  return false;
}

void finalize(napi_env, void* data, void*) {
  Plan* p = static_cast<Plan*>(data);
  std::free(p->off);
  std::free(p->app);
  std::free(p->c2v);
  delete p;
}

void* allocBytes(size_t bytes) {
  bytes = (bytes + 63) & ~size_t(63);
  return std::aligned_alloc(64, bytes ? bytes : 64);
}

// widths(bits = 0) -> the lane counts this CPU runs: float32 [1, 8?, 16?], int8 [1, 32?, 64?], int16 [1, 16?, 32?].
napi_value Widths(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int32_t bits = 0;
  napi_valuetype t = napi_undefined;
  if (argc >= 1) napi_typeof(env, argv[0], &t);
  if (t != napi_undefined && (!int32Arg(env, argv[0], &bits) || (bits != 0 && bits != 8 && bits != 16))) return fail(env, "widths: bits must be 0 (float32), 8 or 16");
  napi_value arr;
  napi_create_array(env, &arr);
  uint32_t i = 0;
  const int per256 = bits == 0 ? 8 : 256 / bits;
  for (int w : {1, per256, 2 * per256}) {
    if (!supports(bits, w)) continue;
    napi_value x;
    napi_create_int32(env, w, &x);
    napi_set_element(env, arr, i++, x);
  }
  return arr;
}

/** The shared part of create / createInt: n, the edges and their segments into `p` (false: the error is thrown). */
bool layout(napi_env env, napi_value* argv, Plan* p, int32_t width, const char* who) {
  int32_t n;
  void* ev; size_t edges;
  void* sg; size_t segWords;
  char msg[160];
  auto bad = [&](const char* what) { std::snprintf(msg, sizeof msg, "%s: %s", who, what); fail(env, msg); return false; };
  if (!int32Arg(env, argv[0], &n) || n < 0) return bad("n must be an int32 >= 0");
  if (!typedArray(env, argv[1], napi_int32_array, &ev, &edges)) return bad("edgeVar must be an Int32Array");
  if (!typedArray(env, argv[2], napi_int32_array, &sg, &segWords) || segWords % 3) return bad("segments must be an Int32Array of [d, e0, count] triples");
  const int32_t* evar = static_cast<const int32_t*>(ev);
  const int32_t* segs = static_cast<const int32_t*>(sg);
  p->n = n; p->edges = (int32_t)edges; p->width = width;
  int64_t covered = 0;
  for (size_t s = 0; s < segWords; s += 3) {
    Segment seg{segs[s], segs[s + 1], segs[s + 2]};
    if (seg.d < 1 || seg.count < 1 || seg.e0 < 0 || (int64_t)seg.e0 + (int64_t)seg.d * seg.count > (int64_t)edges) return bad("a segment lies outside the edges");
    covered += (int64_t)seg.d * seg.count;
    p->segments.push_back(seg);
  }
  if (covered != (int64_t)edges) return bad("the segments must cover every edge once");
  p->off = static_cast<int32_t*>(std::malloc(sizeof(int32_t) * (edges ? edges : 1)));
  for (size_t e = 0; e < edges; e++) {
    if (evar[e] < 0 || evar[e] >= n) return bad("edgeVar holds a bit outside 0..n-1");
    p->off[e] = evar[e] * width;
  }
  return true;
}

napi_value wrap(napi_env env, Plan* p) {
  napi_value handle;
  napi_create_external(env, p, finalize, nullptr, &handle);
  return handle;
}

// create(n, edgeVar: Int32Array, segments: Int32Array [d, e0, count]…, rule, k, limit, width) -> handle (float32 lanes)
napi_value Create(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  if (!callArgs(env, info, 7, argv, "create")) return nullptr;
  int32_t rule, width;
  double k, limit;
  if (!int32Arg(env, argv[3], &rule) || rule < RULE_MS || rule > RULE_OMS) return fail(env, "create: rule must be 0 (ms), 1 (nms) or 2 (oms)");
  if (napi_get_value_double(env, argv[4], &k) != napi_ok || napi_get_value_double(env, argv[5], &limit) != napi_ok) return fail(env, "create: k and limit must be numbers");
  if (!int32Arg(env, argv[6], &width) || !supports(width)) return fail(env, "create: width must be a lane count this CPU supports (widths())");
  Plan* p = new Plan();
  if (!layout(env, argv, p, width, "create")) { finalize(env, p, nullptr); return nullptr; }
  p->rule = rule; p->k = (float)k; p->limit = (float)limit; p->limit64 = limit;
  p->app = allocBytes((size_t)p->n * width * sizeof(float));
  p->c2v = allocBytes((size_t)p->edges * width * sizeof(float));
  return wrap(env, p);
}

// createInt(n, edgeVar, segments, bits, rule, offset, nmsShift, messageMax, scale, channelMax, width) -> handle
//   (int8 / int16 lanes; the caller has checked the options as int-minsum.ts does, this checks ranges only)
napi_value CreateInt(napi_env env, napi_callback_info info) {
  napi_value argv[11];
  if (!callArgs(env, info, 11, argv, "createInt")) return nullptr;
  int32_t bits, rule, offset, shift, msgMax, width;
  double scale, channelMax;
  if (!int32Arg(env, argv[3], &bits) || (bits != 8 && bits != 16)) return fail(env, "createInt: bits must be 8 or 16");
  const int32_t smax = (1 << (bits - 1)) - 1;
  if (!int32Arg(env, argv[4], &rule) || rule < RULE_MS || rule > RULE_OMS) return fail(env, "createInt: rule must be 0 (ms), 1 (nms) or 2 (oms)");
  if (!int32Arg(env, argv[7], &msgMax) || msgMax < 1 || msgMax > smax) return fail(env, "createInt: messageMax must be in 1..2^(bits-1)-1");
  if (!int32Arg(env, argv[5], &offset) || offset < 0 || offset > msgMax) return fail(env, "createInt: offset must be in 0..messageMax");
  if (!int32Arg(env, argv[6], &shift) || shift < 1 || shift >= bits) return fail(env, "createInt: nmsShift must be in 1..bits-1");
  if (napi_get_value_double(env, argv[8], &scale) != napi_ok || !(scale > 0) || !std::isfinite(scale)) return fail(env, "createInt: scale must be a finite number > 0");
  if (napi_get_value_double(env, argv[9], &channelMax) != napi_ok || !(channelMax >= 1 && channelMax <= smax) || channelMax != std::floor(channelMax)) return fail(env, "createInt: channelMax must be an integer in 1..2^(bits-1)-1");
  if (!int32Arg(env, argv[10], &width) || !supports(bits, width)) return fail(env, "createInt: width must be a lane count this CPU supports (widths(bits))");
  Plan* p = new Plan();
  if (!layout(env, argv, p, width, "createInt")) { finalize(env, p, nullptr); return nullptr; }
  p->bits = bits; p->rule = rule;
  p->irule.offset = rule == RULE_OMS ? offset : 0;
  p->irule.nms = rule == RULE_NMS;
  p->irule.shift = shift;
  p->irule.msgMax = msgMax;
  p->scale = scale; p->channelMax = channelMax;
  p->app = allocBytes((size_t)p->n * width * (bits / 8));
  p->c2v = allocBytes((size_t)p->edges * width * (bits / 8));
  return wrap(env, p);
}

// decode(handle, llr: Float64Array, frames, maxIter, earlyStop, hard: Uint8Array, iterations: Int32Array)
//   -> -1, or the index in llr of the first value that is NaN or ±Infinity (nothing is decoded then)
napi_value Decode(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  if (!callArgs(env, info, 7, argv, "decode")) return nullptr;
  void* data = nullptr;
  napi_valuetype t;
  napi_typeof(env, argv[0], &t);
  if (t != napi_external || napi_get_value_external(env, argv[0], &data) != napi_ok) return fail(env, "decode: bad handle");
  Plan& p = *static_cast<Plan*>(data);
  void* lv; size_t llrLen;
  void* hv; size_t hardLen;
  void* iv; size_t itLen;
  int32_t frames, maxIter;
  bool earlyStop;
  if (!typedArray(env, argv[1], napi_float64_array, &lv, &llrLen)) return fail(env, "decode: llr must be a Float64Array");
  if (!int32Arg(env, argv[2], &frames) || frames < 0) return fail(env, "decode: frames must be an int32 >= 0");
  if (!int32Arg(env, argv[3], &maxIter) || maxIter < 0) return fail(env, "decode: maxIter must be an int32 >= 0");
  if (napi_get_value_bool(env, argv[4], &earlyStop) != napi_ok) return fail(env, "decode: earlyStop must be a boolean");
  if (!typedArray(env, argv[5], napi_uint8_array, &hv, &hardLen)) return fail(env, "decode: hard must be a Uint8Array");
  if (!typedArray(env, argv[6], napi_int32_array, &iv, &itLen)) return fail(env, "decode: iterations must be an Int32Array");
  const size_t cells = (size_t)p.n * (size_t)frames;
  if (llrLen != cells || hardLen != cells || itLen != (size_t)frames) return fail(env, "decode: array lengths must be n * frames (llr, hard) and frames (iterations)");
  const double* llr = static_cast<const double*>(lv);
  napi_value result;
  for (size_t i = 0; i < cells; i++) {
    if (!std::isfinite(llr[i])) {
      napi_create_double(env, (double)i, &result);
      return result;
    }
  }
  uint8_t* hard = static_cast<uint8_t*>(hv);
  int32_t* its = static_cast<int32_t*>(iv);
  if (p.bits == 8) {
    if (p.width == 64) idecodeAvx512I8(p, llr, frames, maxIter, earlyStop, hard, its);
    else if (p.width == 32) idecodeAvx2I8(p, llr, frames, maxIter, earlyStop, hard, its);
    else idecodeScalarI8(p, llr, frames, maxIter, earlyStop, hard, its);
  } else if (p.bits == 16) {
    if (p.width == 32) idecodeAvx512I16(p, llr, frames, maxIter, earlyStop, hard, its);
    else if (p.width == 16) idecodeAvx2I16(p, llr, frames, maxIter, earlyStop, hard, its);
    else idecodeScalarI16(p, llr, frames, maxIter, earlyStop, hard, its);
  } else if (p.width == 16) decodeAvx512(p, llr, frames, maxIter, earlyStop, hard, its);
  else if (p.width == 8) decodeAvx2(p, llr, frames, maxIter, earlyStop, hard, its);
  else decodeScalar(p, llr, frames, maxIter, earlyStop, hard, its);
  napi_create_int32(env, -1, &result);
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"widths", nullptr, Widths, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"create", nullptr, Create, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"createInt", nullptr, CreateInt, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"decode", nullptr, Decode, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, 4, props);
  return exports;
}

} // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
