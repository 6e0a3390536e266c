// C ABI over a Verilated board top `flux_board_<preset>` (or any module with the pins `clock`, `reset`,
// `rx`, `tx`), loaded at run time by `testbenches/src/board_rtl.rs`. The protocol on the line is
// `docs/host_link.md`; this file knows nothing of it: it only drives `rx` and samples `tx`, one clock
// at a time, so the host's serialiser runs unchanged against the simulation and a real board.
//
// One FFI call covers many clocks (`flux_board_run_bits`): the per-cycle loop stays in C++.
//
// Clocking: `rx` is set while `clock` is low, then one rising edge and the falling edge follow; `tx`
// is sampled after them (it is a registered output), i.e. once per clock cycle.

#include <cstdint>
#include <cstdio>
#include <memory>

#include "Vtop.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_vcd_c.h"
#endif

#define FLUX_EXPORT extern "C" __attribute__((visibility("default")))

// Bumped whenever a signature below changes; checked by the Rust loader.
static const uint32_t BOARD_ABI_VERSION = 2;

struct FluxBoard {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vtop> top;
#if VM_TRACE
    std::unique_ptr<VerilatedVcdC> vcd;
#endif
    uint64_t edges = 0;   // rising edges since creation
    bool dumping = true;  // whether VCD samples are written

    void dump() {
#if VM_TRACE
        if (vcd && dumping) vcd->dump(ctx->time());
#endif
    }

    // One full clock cycle with `rx` at `level`: rising edge, then falling edge.
    uint8_t cycle(uint8_t level) {
        top->rx = level ? 1 : 0;
        top->clock = 1;
        ctx->timeInc(1);
        top->eval();
        dump();
        top->clock = 0;
        ctx->timeInc(1);
        top->eval();
        dump();
        ++edges;
        return top->tx ? 1 : 0;
    }
};

FLUX_EXPORT uint32_t flux_board_abi_version() { return BOARD_ABI_VERSION; }

// Whether this library was built with `--trace` (a VCD can be written).
FLUX_EXPORT uint32_t flux_board_has_trace() { return VM_TRACE ? 1 : 0; }

// A fresh board after power-up: `rx` idle (high), registers at their initial values (X resolved to 0).
// `vcd_path` may be null; it is ignored by a library built without `--trace`.
FLUX_EXPORT FluxBoard* flux_board_new(const char* vcd_path) {
    auto* b = new FluxBoard;
    b->ctx = std::make_unique<VerilatedContext>();
    b->ctx->randReset(0);
    b->ctx->fatalOnError(false);
#if VM_TRACE
    if (vcd_path) b->ctx->traceEverOn(true);
#endif
    b->top = std::make_unique<Vtop>(b->ctx.get(), "board");
#if VM_TRACE
    if (vcd_path) {
        b->vcd = std::make_unique<VerilatedVcdC>();
        b->top->trace(b->vcd.get(), 99);
        b->vcd->open(vcd_path);
    }
#else
    (void)vcd_path;
#endif
    b->top->clock = 0;
    b->top->reset = 0;
    b->top->rx = 1;
    b->top->eval();
    b->dump();
    return b;
}

FLUX_EXPORT void flux_board_free(FluxBoard* b) {
    if (!b) return;
#if VM_TRACE
    if (b->vcd) b->vcd->close();
#endif
    b->top->final();
    delete b;
}

// `n` clocks: before clock `i` `rx` is set to `rx[i]` (0 low, anything else high); after it `tx[i]`
// receives the `tx` level (0 or 1). `rx` keeps its last level after the call.
FLUX_EXPORT void flux_board_run_bits(FluxBoard* b, const uint8_t* rx, uint8_t* tx, uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) tx[i] = b->cycle(rx[i]);
}

// `n` clocks with `rx` high (idle); `tx[i]` as in `flux_board_run_bits`.
FLUX_EXPORT void flux_board_run_idle(FluxBoard* b, uint8_t* tx, uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) tx[i] = b->cycle(1);
}

// Sets the `reset` pin (0 low, anything else high) for the clocks that follow.
FLUX_EXPORT void flux_board_set_reset(FluxBoard* b, uint32_t level) { b->top->reset = level ? 1 : 0; }

// The `tx` level now.
FLUX_EXPORT uint32_t flux_board_tx(FluxBoard* b) { return b->top->tx ? 1 : 0; }

// Rising edges clocked since creation.
FLUX_EXPORT uint64_t flux_board_edges(FluxBoard* b) { return b->edges; }

// Starts (1) or pauses (0) writing VCD samples.
FLUX_EXPORT void flux_board_set_dump(FluxBoard* b, uint32_t on) { b->dumping = on != 0; }

// Flushes the VCD file (if any).
FLUX_EXPORT void flux_board_flush(FluxBoard* b) {
#if VM_TRACE
    if (b->vcd) b->vcd->flush();
#else
    (void)b;
#endif
}
