// Native layered min-sum (MS / NMS / OMS) LDPC decoder in float32 with inter-frame SIMD: one lane per
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
#include <cstdlib>
#include <cstring>
#include <cmath>
#include <vector>

namespace {

constexpr int RULE_MS = 0, RULE_NMS = 1, RULE_OMS = 2;
/** Checks up to this degree get a body unrolled at compile time (v2c kept in registers). */
constexpr int MAX_UNROLL = 24;

struct Segment { int32_t d, e0, count; };

struct Plan {
  int32_t n, edges, rule, width;
  float k;        // NMS factor or OMS offset, float32
  float limit;    // float32(1e30)
  double limit64; // 1e30
  std::vector<Segment> segments;
  int32_t* off = nullptr; // per edge: v * width (element offset of its bit's lanes)
  float* app = nullptr;
  float* c2v = nullptr;
};

// ---- lane types ------------------------------------------------------------------------------

struct Scalar {
  using V = float;
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

// ---- the kernel, one copy per lane type (compiled for that ISA by the TARGET attribute) --------

#define KERNELS(L, TARGET)                                                                             \
  struct Consts##L {                                                                                   \
    L::V absm, signm, inf, lim, k, zero;                                                               \
  };                                                                                                   \
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
  TARGET static void rowsFixed##L(const Consts##L& K, int rule, const int32_t* off, float* c, float* app, int cnt) { \
    constexpr int W = L::W;                                                                            \
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
  TARGET static void rowsAny##L(const Consts##L& K, int rule, int d, const int32_t* off, float* c, float* app, int cnt) { \
    constexpr int W = L::W;                                                                            \
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
  template <int... Ds>                                                                                 \
  TARGET static void rowsDispatch##L(const Consts##L& K, int rule, int d, const int32_t* off, float* c, float* app, int cnt) { \
    bool done = ((d == Ds ? (rowsFixed##L<Ds>(K, rule, off, c, app, cnt), true) : false) || ...);       \
    if (!done) rowsAny##L(K, rule, d, off, c, app, cnt);                                               \
  }                                                                                                    \
  TARGET static void iter##L(const Plan& p, const Consts##L& K) {                                       \
    for (const Segment& s : p.segments)                                                                \
      rowsDispatch##L<2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24>( \
          K, p.rule, s.d, p.off + s.e0, p.c2v + (size_t)s.e0 * L::W, p.app, s.count);                  \
  }                                                                                                    \
  /* bit l set: lane l fails some check (XOR of the posteriors' sign bits) */                          \
  TARGET static uint32_t syndrome##L(const Plan& p) {                                                  \
    L::V acc = L::splat(0.0f);                                                                         \
    for (const Segment& s : p.segments) {                                                              \
      const int32_t* off = p.off + s.e0;                                                               \
      for (int r = 0; r < s.count; r++, off += s.d) {                                                  \
        L::V x = L::load(p.app + off[0]);                                                              \
        for (int j = 1; j < s.d; j++) x = L::bxor(x, L::load(p.app + off[j]));                         \
        acc = L::bor(acc, x); /* only the sign bits are read */                                        \
      }                                                                                                \
    }                                                                                                  \
    return L::signs(acc);                                                                              \
  }                                                                                                    \
  TARGET static void decode##L(Plan& p, const double* llr, int frames, int maxIter, bool earlyStop,    \
                               uint8_t* hard, int32_t* iterations) {                                   \
    constexpr int W = L::W;                                                                            \
    Consts##L K;                                                                                       \
    K.absm = L::bits32(0x7fffffffu); K.signm = L::bits32(0x80000000u);                                  \
    K.inf = L::splat(INFINITY); K.lim = L::splat(p.limit); K.k = L::splat(p.k); K.zero = L::splat(0.0f); \
    const int n = p.n;                                                                                 \
    for (int f0 = 0; f0 < frames; f0 += W) {                                                           \
      const int lanes = frames - f0 < W ? frames - f0 : W;                                             \
      /* pack: clamp in float64, round to float32, -0 -> +0; unused lanes decode zeros */              \
      for (int l = 0; l < W; l++) {                                                                    \
        const double* src = llr + (size_t)(f0 + l) * n;                                                \
        for (int i = 0; i < n; i++) {                                                                  \
          double x = l < lanes ? src[i] : 0.0;                                                         \
          x = x < -p.limit64 ? -p.limit64 : x;                                                         \
          x = x > p.limit64 ? p.limit64 : x;                                                           \
          p.app[(size_t)i * W + l] = (float)x + 0.0f; /* kept: GCC honours signed zeros */             \
        }                                                                                              \
      }                                                                                                \
      std::memset(p.c2v, 0, sizeof(float) * (size_t)p.edges * W);                                      \
      uint32_t open = lanes == 32 ? 0xffffffffu : (1u << lanes) - 1;                                   \
      for (int it = 0;; it++) {                                                                        \
        if (it > 0) iter##L(p, K);                                                                     \
        uint32_t stop = 0;                                                                             \
        if (earlyStop) stop = open & ~syndrome##L(p);                                                  \
        if (it == maxIter) stop = open;                                                                \
        if (stop) {                                                                                    \
          for (int l = 0; l < lanes; l++) {                                                            \
            if (!(stop >> l & 1)) continue;                                                            \
            iterations[f0 + l] = it;                                                                   \
            uint8_t* h = hard + (size_t)(f0 + l) * n;                                                  \
            for (int i = 0; i < n; i++) h[i] = p.app[(size_t)i * W + l] < 0.0f ? 1 : 0;                \
          }                                                                                            \
          open &= ~stop;                                                                               \
        }                                                                                              \
        if (open == 0) break;                                                                          \
      }                                                                                                \
    }                                                                                                  \
  }

#define NO_TARGET
KERNELS(Scalar, NO_TARGET)
KERNELS(Avx2, __attribute__((target("avx2"))))
KERNELS(Avx512, __attribute__((target("avx512f"))))

bool supports(int width) {
  __builtin_cpu_init();
  if (width == 1) return true;
  if (width == 8) return __builtin_cpu_supports("avx2");
  if (width == 16) return __builtin_cpu_supports("avx512f");
  return false;
}

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

void finalize(napi_env, void* data, void*) {
  Plan* p = static_cast<Plan*>(data);
  std::free(p->off);
  std::free(p->app);
  std::free(p->c2v);
  delete p;
}

float* allocFloats(size_t count) {
  size_t bytes = ((count * sizeof(float)) + 63) & ~size_t(63);
  return static_cast<float*>(std::aligned_alloc(64, bytes ? bytes : 64));
}

// widths() -> [1, 8?, 16?]: the lane counts this CPU runs.
napi_value Widths(napi_env env, napi_callback_info) {
  napi_value arr;
  napi_create_array(env, &arr);
  uint32_t i = 0;
  for (int w : {1, 8, 16}) {
    if (!supports(w)) continue;
    napi_value x;
    napi_create_int32(env, w, &x);
    napi_set_element(env, arr, i++, x);
  }
  return arr;
}

// create(n, edgeVar: Int32Array, segments: Int32Array [d, e0, count]…, rule, k, limit, width) -> handle
napi_value Create(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 7) return fail(env, "create: expected 7 arguments");
  int32_t n, rule, width;
  double k, limit;
  void* ev; size_t edges;
  void* sg; size_t segWords;
  if (!int32Arg(env, argv[0], &n) || n < 0) return fail(env, "create: n must be an int32 >= 0");
  if (!typedArray(env, argv[1], napi_int32_array, &ev, &edges)) return fail(env, "create: edgeVar must be an Int32Array");
  if (!typedArray(env, argv[2], napi_int32_array, &sg, &segWords) || segWords % 3) return fail(env, "create: segments must be an Int32Array of [d, e0, count] triples");
  if (!int32Arg(env, argv[3], &rule) || rule < RULE_MS || rule > RULE_OMS) return fail(env, "create: rule must be 0 (ms), 1 (nms) or 2 (oms)");
  if (napi_get_value_double(env, argv[4], &k) != napi_ok || napi_get_value_double(env, argv[5], &limit) != napi_ok) return fail(env, "create: k and limit must be numbers");
  if (!int32Arg(env, argv[6], &width) || !supports(width)) return fail(env, "create: width must be a lane count this CPU supports (widths())");
  const int32_t* evar = static_cast<const int32_t*>(ev);
  const int32_t* segs = static_cast<const int32_t*>(sg);
  Plan* p = new Plan();
  p->n = n; p->edges = (int32_t)edges; p->rule = rule; p->width = width;
  p->k = (float)k; p->limit = (float)limit; p->limit64 = limit;
  int64_t covered = 0;
  for (size_t s = 0; s < segWords; s += 3) {
    Segment seg{segs[s], segs[s + 1], segs[s + 2]};
    if (seg.d < 1 || seg.count < 1 || seg.e0 < 0 || (int64_t)seg.e0 + (int64_t)seg.d * seg.count > (int64_t)edges) { delete p; return fail(env, "create: a segment lies outside the edges"); }
    covered += (int64_t)seg.d * seg.count;
    p->segments.push_back(seg);
  }
  if (covered != (int64_t)edges) { delete p; return fail(env, "create: the segments must cover every edge once"); }
  p->off = static_cast<int32_t*>(std::malloc(sizeof(int32_t) * (edges ? edges : 1)));
  for (size_t e = 0; e < edges; e++) {
    if (evar[e] < 0 || evar[e] >= n) { std::free(p->off); delete p; return fail(env, "create: edgeVar holds a bit outside 0..n-1"); }
    p->off[e] = evar[e] * width;
  }
  p->app = allocFloats((size_t)n * width);
  p->c2v = allocFloats((size_t)edges * width);
  napi_value handle;
  napi_create_external(env, p, finalize, nullptr, &handle);
  return handle;
}

// decode(handle, llr: Float64Array, frames, maxIter, earlyStop, hard: Uint8Array, iterations: Int32Array)
//   -> -1, or the index in llr of the first value that is NaN or ±Infinity (nothing is decoded then)
napi_value Decode(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 7) return fail(env, "decode: expected 7 arguments");
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
  if (p.width == 16) decodeAvx512(p, llr, frames, maxIter, earlyStop, hard, its);
  else if (p.width == 8) decodeAvx2(p, llr, frames, maxIter, earlyStop, hard, its);
  else decodeScalar(p, llr, frames, maxIter, earlyStop, hard, its);
  napi_create_int32(env, -1, &result);
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"widths", nullptr, Widths, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"create", nullptr, Create, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"decode", nullptr, Decode, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, 3, props);
  return exports;
}

} // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
