// harness.cpp — C++ main of the Verilator build of the array (rtl/verilator.ts builds it): loads
// the images (gp5_vtop's $readmemh), clocks TICKS periods per machine cycle and writes a VCD of
// the trace port only, one scope per PE (tb.array.pe[I].u), stamped in machine cycles (compare
// map clock: period 1, offset 0). Stops two cycles after every PE halted, on a fault, or at
// +maxcycles. Plusargs: +prefix=PATH +vcd=FILE [+maxcycles=N].
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

static std::string vcdId(int k) {
  std::string s;
  do { s += static_cast<char>('!' + k % 94); k /= 94; } while (k > 0);
  return s;
}

int main(int argc, char** argv) {
  Verilated::commandArgs(argc, argv);
  const char* vcdPath = plusarg(argc, argv, "vcd");
  const char* maxArg = plusarg(argc, argv, "maxcycles");
  const uint64_t maxCycles = maxArg ? std::strtoull(maxArg, nullptr, 10) : 1000000;
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
  if (vcd) {
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
  std::vector<uint32_t> last(static_cast<std::size_t>(P * NSIG), 0);
  std::vector<uint32_t> now(static_cast<std::size_t>(P * NSIG), 0);
  char bits[40];
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
    if (vcd) {
      bool stamped = false;
      for (int k = 0; k < P * NSIG; k++) {
        if (cycle > 0 && now[k] == last[k]) continue;
        if (!stamped) { std::fprintf(vcd, "#%llu\n", static_cast<unsigned long long>(cycle)); stamped = true; }
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
  top->final();
  delete top;
  return 0;
}
