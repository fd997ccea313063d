// harness.cpp — C++ main of the Verilator build of the array (rtl/verilator.ts builds it): loads
// the images (gp5_vtop's $readmemh), clocks TICKS periods per machine cycle and writes a VCD of
// the trace port only, one scope per PE (tb.array.pe[I].u), stamped in machine cycles (compare
// map clock: period 1, offset 0). Stops two cycles after every PE halted, on a fault, or at
// +maxcycles. Plusargs: +prefix=PATH [+vcd=FILE] [+maxcycles=N] [+lockstep=FILE [+lockvcd=FILE]].
//
// Lockstep (+lockstep=FILE, e.g. a FIFO gp5sim writes its commit log into): every retirement is
// checked as it happens against the next line of gp5sim's commit log — cycle, PE, pc, word and the
// writes the trace port shows (scalar register, vector lane 0, memory address, length and first
// word) — and the run stops at the first divergence with a report (exit 1); exit 0 on agreement.
// +lockvcd=FILE: at a divergence, the trace port's last LOCK_WINDOW cycles as a VCD (the same
// scopes and stamps as +vcd), from which rtl/lockstep.ts builds `compare`'s report.
#include "Vgp5_vtop.h"
#include "verilated.h"
#include "gp5_trace_signals.h"  // GP5_TRACE_SIGNALS(X): X(name, width) in trace/formats.ts order
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

static uint32_t word(IData v, int) { return v; }
static uint32_t word(QData v, int i) { return static_cast<uint32_t>(v >> (32 * i)); }
template <std::size_t N> static uint32_t word(const VlWide<N>& v, int i) { return v[i]; }

static const char* plusarg(int argc, char** argv, const char* name) {
  const std::size_t n = std::strlen(name);
  for (int i = 1; i < argc; i++)
    if (argv[i][0] == '+' && std::strncmp(argv[i] + 1, name, n) == 0 && argv[i][1 + n] == '=') return argv[i] + 2 + n;
  return nullptr;
}

static const char* const NAMES[] = {
#define NAME(n, w) #n,
    GP5_TRACE_SIGNALS(NAME)
#undef NAME
};
static const int WIDTHS[] = {
#define WIDTH(n, w) w,
    GP5_TRACE_SIGNALS(WIDTH)
#undef WIDTH
};
static const int NSIG = sizeof(WIDTHS) / sizeof(WIDTHS[0]);

// ---- lockstep: gp5sim's commit log, one line per retirement in (cycle, PE) order
struct Expected {
  bool valid = false;
  unsigned long long cycle = 0;
  int pe = 0;
  uint32_t pc = 0, word = 0;
  bool rf = false, vrf = false, mem = false;
  uint32_t rfAddr = 0, rfData = 0, vrfAddr = 0, vrfData = 0, memAddr = 0, memLen = 0, memData = 0;
  std::string line;
};

static bool readExpected(FILE* f, Expected& e) {
  static char buf[1 << 16];
  for (;;) {
    if (!std::fgets(buf, sizeof buf, f)) { e.valid = false; return false; }
    if (buf[0] == '#' || buf[0] == '\n') continue;
    break;
  }
  e = Expected();
  e.line = buf;
  if (!e.line.empty() && e.line.back() == '\n') e.line.pop_back();
  // cycle \t pe \t pc \t 0xword \t text \t writes
  std::vector<std::string> f6;
  std::size_t start = 0;
  for (int k = 0; k < 5; k++) {
    std::size_t tab = e.line.find('\t', start);
    if (tab == std::string::npos) return false;
    f6.push_back(e.line.substr(start, tab - start));
    start = tab + 1;
  }
  f6.push_back(e.line.substr(start));
  e.cycle = std::strtoull(f6[0].c_str(), nullptr, 10);
  e.pe = std::atoi(f6[1].c_str());
  e.pc = static_cast<uint32_t>(std::strtoul(f6[2].c_str(), nullptr, 10));
  e.word = static_cast<uint32_t>(std::strtoul(f6[3].c_str(), nullptr, 16));
  const char* w = f6[5].c_str();
  while (*w) {
    if (*w == 'r') {
      char* end;
      e.rf = true;
      e.rfAddr = static_cast<uint32_t>(std::strtoul(w + 1, &end, 10));
      e.rfData = static_cast<uint32_t>(std::strtoul(end + 1, &end, 16));
      w = end;
    } else if (*w == 'v') {
      char* end;
      e.vrf = true;
      e.vrfAddr = static_cast<uint32_t>(std::strtoul(w + 1, &end, 10));
      e.vrfData = static_cast<uint32_t>(std::strtol(end + 2, &end, 10));
      while (*end && *end != ' ') end++;
      w = end;
    } else if (*w == 'M') {
      char* end;
      e.mem = true;
      e.memAddr = static_cast<uint32_t>(std::strtoul(w + 2, &end, 10));
      e.memData = static_cast<uint32_t>(std::strtol(end + 3, &end, 10));
      e.memLen = 1;
      while (*end && *end != ']') { if (*end == ',') e.memLen++; end++; }
      w = end;
    } else w++;
  }
  e.valid = true;
  return true;
}

static int lockstepDivergence(unsigned long long cycle, int pe, const char* what, unsigned long long expected, unsigned long long actual,
                              const Expected& e, unsigned long long agreed) {
  std::printf("GP5RTL lockstep DIVERGENCE at cycle %llu, PE %d, %s: expected %llu (0x%llx), actual %llu (0x%llx)\n", cycle, pe, what, expected,
              expected, actual, actual);
  if (e.valid) std::printf("  gp5sim's next retirement: %s\n", e.line.c_str());
  std::printf("  %llu retirements agreed before it\n", agreed);
  return 1;
}

static std::string vcdId(int k) {
  std::string s;
  do { s += static_cast<char>('!' + k % 94); k /= 94; } while (k > 0);
  return s;
}

// ---- the trace-port VCD: header, and one cycle's changes against the previous values
static void vcdHeader(FILE* vcd, int P, std::vector<std::string>& ids) {
  std::fprintf(vcd, "$timescale 1ns $end\n$scope module tb $end\n$scope module array $end\n");
  for (int pe = 0; pe < P; pe++) {
    std::fprintf(vcd, "$scope module pe[%d] $end\n$scope module u $end\n", pe);
    for (int s = 0; s < NSIG; s++) {
      ids[pe * NSIG + s] = vcdId(pe * NSIG + s);
      std::fprintf(vcd, "$var reg %d %s tr_%s $end\n", WIDTHS[s], ids[pe * NSIG + s].c_str(), NAMES[s]);
    }
    std::fprintf(vcd, "$upscope $end\n$upscope $end\n");
  }
  std::fprintf(vcd, "$upscope $end\n$upscope $end\n$enddefinitions $end\n");
}

// Writes the values of `now` that differ from `last` (all of them when `all`) stamped `cycle`, and updates `last`.
static void vcdCycle(FILE* vcd, const std::vector<std::string>& ids, unsigned long long cycle, const uint32_t* now, uint32_t* last, int n, bool all) {
  char bits[40];
  bool stamped = false;
  for (int k = 0; k < n; k++) {
    if (!all && now[k] == last[k]) continue;
    if (!stamped) { std::fprintf(vcd, "#%llu\n", cycle); stamped = true; }
    const int w = WIDTHS[k % NSIG];
    if (w == 1) std::fprintf(vcd, "%u%s\n", now[k] & 1u, ids[k].c_str());
    else {
      for (int b = 0; b < w; b++) bits[b] = ((now[k] >> (w - 1 - b)) & 1u) ? '1' : '0';
      bits[w] = 0;
      std::fprintf(vcd, "b%s %s\n", bits, ids[k].c_str());
    }
    last[k] = now[k];
  }
}

// Lockstep's window: the trace port's values of the last LOCK_WINDOW cycles (a ring), written as a VCD at a divergence.
static const int LOCK_WINDOW = 16;
static bool writeWindow(const char* path, int P, const std::vector<uint32_t>& ring, unsigned long long cycle) {
  FILE* f = std::fopen(path, "w");
  if (!f) return false;
  const int n = P * NSIG;
  std::vector<std::string> ids(static_cast<std::size_t>(n));
  vcdHeader(f, P, ids);
  std::vector<uint32_t> last(static_cast<std::size_t>(n), 0);
  const unsigned long long first = cycle + 1 >= LOCK_WINDOW ? cycle + 1 - LOCK_WINDOW : 0;
  for (unsigned long long c = first; c <= cycle; c++)
    vcdCycle(f, ids, c, &ring[static_cast<std::size_t>((c % LOCK_WINDOW) * n)], last.data(), n, c == first);
  std::fprintf(f, "#%llu\n", cycle + 1);
  std::fclose(f);
  return true;
}

int main(int argc, char** argv) {
  Verilated::commandArgs(argc, argv);
  const char* vcdPath = plusarg(argc, argv, "vcd");
  const char* maxArg = plusarg(argc, argv, "maxcycles");
  const uint64_t maxCycles = maxArg ? std::strtoull(maxArg, nullptr, 10) : 1000000;
  const char* lockPath = plusarg(argc, argv, "lockstep");
  FILE* lock = lockPath ? std::fopen(lockPath, "r") : nullptr;
  if (lockPath && !lock) {
    std::fprintf(stderr, "GP5RTL error: cannot read %s\n", lockPath);
    return 2;
  }
  Expected next;
  if (lock) readExpected(lock, next);
  unsigned long long agreed = 0;
  int diverged = 0;
  Vgp5_vtop* top = new Vgp5_vtop;
  top->clk = 0;
  top->rst = 0;
  top->eval();
  top->rst = 1;
  top->eval();
  top->rst = 0;
  top->eval();
  const int P = GP5_NPE;
  const int ticks = static_cast<int>(top->ticks);

  FILE* vcd = vcdPath ? std::fopen(vcdPath, "w") : nullptr;
  if (vcdPath && !vcd) {
    std::fprintf(stderr, "GP5RTL error: cannot write %s\n", vcdPath);
    return 2;
  }
  std::vector<std::string> ids(static_cast<std::size_t>(P * NSIG));
  if (vcd) vcdHeader(vcd, P, ids);
  const char* windowPath = lock ? plusarg(argc, argv, "lockvcd") : nullptr;
  std::vector<uint32_t> ring(windowPath ? static_cast<std::size_t>(LOCK_WINDOW * P * NSIG) : 0, 0);
  std::vector<uint32_t> last(static_cast<std::size_t>(P * NSIG), 0);
  std::vector<uint32_t> now(static_cast<std::size_t>(P * NSIG), 0);
  int after = 0;
  uint64_t cycle = 0;
  for (;; cycle++) {
    for (int k = 0; k < ticks; k++) {
      top->clk = 1;
      top->eval();
      top->clk = 0;
      top->eval();
    }
    for (int pe = 0; pe < P; pe++) {
      uint32_t* v = &now[static_cast<std::size_t>(pe * NSIG)];
      int j = 0;
#define READ(n, w) v[j++] = word(top->tr_##n, pe);
      GP5_TRACE_SIGNALS(READ)
#undef READ
    }
    if (vcd) vcdCycle(vcd, ids, cycle, now.data(), last.data(), P * NSIG, cycle == 0);
    if (windowPath) std::memcpy(&ring[static_cast<std::size_t>((cycle % LOCK_WINDOW) * P * NSIG)], now.data(), sizeof(uint32_t) * static_cast<std::size_t>(P * NSIG));
    if (lock) {
      // Each PE's retirement this cycle must be gp5sim's next line, in (cycle, PE) order.
      enum { PC, INSTR, ISSUE, STALL, RF_WE, RF_WADDR, RF_WDATA, VRF_WE, VRF_WADDR, VRF_WDATA, MEM_WE, MEM_WADDR, MEM_WLEN, MEM_WDATA };
      for (int pe = 0; pe < P && !diverged; pe++) {
        const uint32_t* v = &now[static_cast<std::size_t>(pe * NSIG)];
        const bool due = next.valid && next.cycle == cycle && next.pe == pe;
        if (next.valid && (next.cycle < cycle || (next.cycle == cycle && next.pe < pe))) {
          diverged = lockstepDivergence(next.cycle, next.pe, "issue", 1, 0, next, agreed);
          break;
        }
        if (!v[ISSUE]) continue;
        if (!due) { diverged = lockstepDivergence(cycle, pe, "issue", 0, 1, next, agreed); break; }
        if (v[PC] != next.pc) diverged = lockstepDivergence(cycle, pe, "pc", next.pc, v[PC], next, agreed);
        else if (v[INSTR] != next.word) diverged = lockstepDivergence(cycle, pe, "instr", next.word, v[INSTR], next, agreed);
        else if (v[RF_WE] != (next.rf ? 1u : 0u)) diverged = lockstepDivergence(cycle, pe, "rf_we", next.rf, v[RF_WE], next, agreed);
        else if (next.rf && v[RF_WADDR] != next.rfAddr) diverged = lockstepDivergence(cycle, pe, "rf_waddr", next.rfAddr, v[RF_WADDR], next, agreed);
        else if (next.rf && v[RF_WDATA] != next.rfData) diverged = lockstepDivergence(cycle, pe, "rf_wdata", next.rfData, v[RF_WDATA], next, agreed);
        else if (v[VRF_WE] != (next.vrf ? 1u : 0u)) diverged = lockstepDivergence(cycle, pe, "vrf_we", next.vrf, v[VRF_WE], next, agreed);
        else if (next.vrf && v[VRF_WADDR] != next.vrfAddr) diverged = lockstepDivergence(cycle, pe, "vrf_waddr", next.vrfAddr, v[VRF_WADDR], next, agreed);
        else if (next.vrf && v[VRF_WDATA] != next.vrfData) diverged = lockstepDivergence(cycle, pe, "vrf_wdata", next.vrfData, v[VRF_WDATA], next, agreed);
        else if (v[MEM_WE] != (next.mem ? 1u : 0u)) diverged = lockstepDivergence(cycle, pe, "mem_we", next.mem, v[MEM_WE], next, agreed);
        else if (next.mem && v[MEM_WADDR] != next.memAddr) diverged = lockstepDivergence(cycle, pe, "mem_waddr", next.memAddr, v[MEM_WADDR], next, agreed);
        else if (next.mem && v[MEM_WLEN] != (next.memLen & 0xffffu)) diverged = lockstepDivergence(cycle, pe, "mem_wlen", next.memLen, v[MEM_WLEN], next, agreed);
        else if (next.mem && v[MEM_WDATA] != next.memData) diverged = lockstepDivergence(cycle, pe, "mem_wdata", next.memData, v[MEM_WDATA], next, agreed);
        if (diverged) break;
        agreed++;
        readExpected(lock, next);
      }
      if (!diverged && next.valid && next.cycle <= cycle) diverged = lockstepDivergence(next.cycle, next.pe, "issue", 1, 0, next, agreed);
      if (diverged) {
        if (windowPath && writeWindow(windowPath, P, ring, cycle)) std::printf("  trace-port window: %s\n", windowPath);
        break;
      }
    }
    bool allHalted = true, anyFault = false;
    for (int pe = 0; pe < P; pe++) {
      if (!((top->halted >> pe) & 1u)) allHalted = false;
      if ((top->faulted >> pe) & 1u) anyFault = true;
    }
    if (allHalted || anyFault) {
      if (++after == 3) {
        if (allHalted) std::printf("GP5RTL halted: cycles=%llu\n", static_cast<unsigned long long>(cycle - 1));
        else std::printf("GP5RTL fault at cycle %llu\n", static_cast<unsigned long long>(cycle - 2));
        break;
      }
    } else if (cycle + 1 >= maxCycles) {
      std::printf("GP5RTL cycle limit %llu reached\n", static_cast<unsigned long long>(maxCycles));
      break;
    }
  }
  if (vcd) {
    std::fprintf(vcd, "#%llu\n", static_cast<unsigned long long>(cycle + 1));
    std::fclose(vcd);
  }
  if (lock && !diverged) {
    if (next.valid) diverged = lockstepDivergence(next.cycle, next.pe, "issue", 1, 0, next, agreed);
    else std::printf("GP5RTL lockstep agree: %llu retirements\n", agreed);
  }
  if (lock) std::fclose(lock);
  top->final();
  delete top;
  return diverged;
}
