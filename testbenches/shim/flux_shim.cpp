// C ABI over a Verilated `flux_core_<preset>` (or any module with the same ports), loaded at run time
// by `testbenches/src/rtl.rs`. The port contract is `hdl/README.md`; the top is verilated with
// `--prefix Vtop`, so this file never names a preset.
//
// One FFI call covers a whole timestep (`flux_rtl_step`): the per-cycle loop stays in C++.
//
// Clocking: one `eval` per clock half (the rising edge, then the falling edge), no more. Outputs are
// sampled after the rising edge's eval, with the inputs of that edge. The inputs of the next edge
// are set before the falling edge's eval, so that eval also settles combinational outputs such as
// `aer_in_ready` for them: the falling eval of the previous cycle does the work a separate "settle"
// eval before each rising edge would do. Each eval runs the model's input-combinational logic
// whether or not an input changed (Verilator 5), so an extra eval costs as much as a clock half.
//
// Invariant: every entry point returns with the model evaluated for its current inputs and `clock`
// low, so the next one can read outputs without an eval of its own.

#include <cstdint>
#include <cstdio>
#include <memory>

#include "Vtop.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_vcd_c.h"
#endif

#define FLUX_EXPORT extern "C" __attribute__((visibility("default")))

// Bumped whenever a signature or struct below changes; checked by the Rust loader.
static const uint32_t ABI_VERSION = 4;

// Result codes of `flux_rtl_step` (mirrored by `StepFault` in Rust).
enum : int32_t {
    FLUX_OK = 0,
    FLUX_BUSY_AT_START = 1,    // `busy` was high before the events were pushed
    FLUX_PUSH_TIMEOUT = 2,     // `aer_in_ready` stayed low for `max_cycles` edges
    FLUX_STEP_TIMEOUT = 3,     // `busy` stayed high for `max_cycles` edges
    FLUX_SPIKE_OVERFLOW = 4,   // more `aer_out` events than the caller's buffer holds
};

struct FluxEvent {
    uint32_t inj;    // 1: current injection, 0: channel spike
    uint32_t addr;   // neuron or channel
    int32_t value;   // injection value (i16)
};

struct FluxSpike {
    uint32_t addr;   // `aer_out_addr`
    uint32_t t;      // `aer_out_t`
    uint32_t count;  // `aer_out_count`: spikes fired (a Xylo neuron fires up to 31)
};

struct FluxStepStats {
    uint64_t cycles;       // the timestep's cycle count as `hdl/README.md` defines it
    uint64_t push_cycles;  // edges spent offering the external events
    uint64_t n_spikes;     // `aer_out` events seen (may exceed the buffer on overflow)
    uint32_t t_after;      // the `t` output once `busy` is low
    uint32_t _pad;
};

struct FluxRtl {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vtop> top;
#if VM_TRACE
    std::unique_ptr<VerilatedVcdC> vcd;
#endif
    uint64_t edges = 0;  // rising edges since creation (all of them, including cfg and dbg traffic)
    bool dumping = true; // whether VCD samples are written (a window can be picked with `flux_rtl_set_dump`)

    void dump() {
#if VM_TRACE
        if (vcd && dumping) vcd->dump(ctx->time());
#endif
    }

    // Settles combinational logic for inputs changed while the clock is low, where no falling edge
    // follows the change to do it (before reading a combinational output).
    void settle() {
        top->eval();
    }

    // The rising edge. Outputs are sampled here, before `fall` and before inputs change.
    void rise() {
        top->clock = 1;
        ctx->timeInc(1);
        top->eval();
        dump();
    }

    // The falling edge, which also settles the inputs set since `rise` (those of the next edge).
    void fall() {
        top->clock = 0;
        ctx->timeInc(1);
        top->eval();
        dump();
        ++edges;
    }

    // One full clock cycle with unchanged inputs.
    void cycle() {
        rise();
        fall();
    }
};

static void set_wide128(VlWide<4>& w, uint64_t lo, uint64_t hi) {
    w[0] = static_cast<uint32_t>(lo);
    w[1] = static_cast<uint32_t>(lo >> 32);
    w[2] = static_cast<uint32_t>(hi);
    w[3] = static_cast<uint32_t>(hi >> 32);
}

static void get_wide128(const VlWide<4>& w, uint64_t* lo, uint64_t* hi) {
    *lo = static_cast<uint64_t>(w[0]) | (static_cast<uint64_t>(w[1]) << 32);
    *hi = static_cast<uint64_t>(w[2]) | (static_cast<uint64_t>(w[3]) << 32);
}

FLUX_EXPORT uint32_t flux_rtl_abi_version() { return ABI_VERSION; }

// A design made by `flux mutate` has an extra input `mutsel` (yosys `mutate -ctrl`): mutant k is
// active while `mutsel == k`, none at 0. Whether the top has the port is decided at compile time (the
// first overload exists only if `top->mutsel` does), so one shim serves both kinds of design.
template <typename T>
static auto set_mutsel(T* top, uint32_t k, int) -> decltype(top->mutsel = k, uint32_t()) {
    top->mutsel = k;
    return 1;
}
template <typename T>
static uint32_t set_mutsel(T*, uint32_t, long) {
    return 0;
}

// Whether this library was built with `--trace` (a VCD can be written).
FLUX_EXPORT uint32_t flux_rtl_has_trace() { return VM_TRACE ? 1 : 0; }

// A fresh model after power-up: all inputs low, registers at their initial values (X resolved to 0).
// `vcd_path` may be null; it is ignored by a library built without `--trace`.
FLUX_EXPORT FluxRtl* flux_rtl_new(const char* vcd_path) {
    auto* r = new FluxRtl;
    r->ctx = std::make_unique<VerilatedContext>();
    r->ctx->randReset(0);
    r->ctx->fatalOnError(false);
#if VM_TRACE
    if (vcd_path) r->ctx->traceEverOn(true);
#endif
    r->top = std::make_unique<Vtop>(r->ctx.get(), "flux");
#if VM_TRACE
    if (vcd_path) {
        r->vcd = std::make_unique<VerilatedVcdC>();
        r->top->trace(r->vcd.get(), 99);
        r->vcd->open(vcd_path);
    }
#else
    (void)vcd_path;
#endif
    Vtop* top = r->top.get();
    top->clock = 0;
    top->reset = 0;
    top->cfg_we = 0;
    top->cfg_mem = 0;
    top->cfg_addr = 0;
    set_wide128(top->cfg_data, 0, 0);
    top->aer_in_valid = 0;
    top->aer_in_inj = 0;
    top->aer_in_addr = 0;
    top->aer_in_value = 0;
    top->tick = 0;
    top->dbg_mem = 0;
    top->dbg_addr = 0;
    top->eval();
    r->dump();
    return r;
}

// Selects mutant `k` (0: none) and settles the model; returns 0 when the design has no `mutsel`.
FLUX_EXPORT uint32_t flux_rtl_set_mutsel(FluxRtl* r, uint32_t k) {
    uint32_t has = set_mutsel(r->top.get(), k, 0);
    r->top->eval();
    return has;
}

FLUX_EXPORT void flux_rtl_free(FluxRtl* r) {
    if (!r) return;
#if VM_TRACE
    if (r->vcd) r->vcd->close();
#endif
    r->top->final();
    delete r;
}

// Writes `n` words (two u64 each, low half first) to memory `mem` at `addr .. addr + n`, one per edge.
FLUX_EXPORT void flux_rtl_cfg_write(FluxRtl* r, uint32_t mem, uint32_t addr, const uint64_t* words, uint64_t n) {
    Vtop* top = r->top.get();
    if (n == 0) return;
    top->cfg_mem = mem;
    top->cfg_we = 1;
    top->cfg_addr = addr;
    set_wide128(top->cfg_data, words[0], words[1]);
    for (uint64_t i = 0; i < n; ++i) {
        r->rise();
        if (i + 1 < n) {
            top->cfg_addr = addr + static_cast<uint32_t>(i + 1);
            set_wide128(top->cfg_data, words[2 * (i + 1)], words[2 * (i + 1) + 1]);
        } else {
            top->cfg_we = 0;
            set_wide128(top->cfg_data, 0, 0);
        }
        r->fall();
    }
}

// Reads `n` words of memory `mem` from `addr` into `out` (two u64 each). `dbg_data` is valid two
// edges after the address was set and the read path is a pipeline, so a new address goes in on every
// edge and the block takes `n + 1` edges: the word of the address set before edge k is sampled after
// edge k + 1.
FLUX_EXPORT void flux_rtl_dbg_read(FluxRtl* r, uint32_t mem, uint32_t addr, uint64_t* out, uint64_t n) {
    Vtop* top = r->top.get();
    top->dbg_mem = mem;
    if (n > 0) top->dbg_addr = addr;
    for (uint64_t k = 0; k < n + 1; ++k) {
        r->rise();
        if (k >= 1) get_wide128(top->dbg_data, &out[2 * (k - 1)], &out[2 * (k - 1) + 1]);
        if (k + 1 < n) top->dbg_addr = addr + static_cast<uint32_t>(k + 1);
        r->fall();
    }
}

// Reads `n` words one at a time, holding each address for two edges (no pipelining assumed).
FLUX_EXPORT void flux_rtl_dbg_read_slow(FluxRtl* r, uint32_t mem, uint32_t addr, uint64_t* out, uint64_t n) {
    Vtop* top = r->top.get();
    top->dbg_mem = mem;
    for (uint64_t i = 0; i < n; ++i) {
        top->dbg_addr = addr + static_cast<uint32_t>(i);
        r->settle();
        r->cycle();
        r->rise();
        get_wide128(top->dbg_data, &out[2 * i], &out[2 * i + 1]);
        r->fall();
    }
}

// Offers `n_events` events, each held until `aer_in_ready` is high at an edge, counting the edges in
// `*push_cycles`. Each event is offered from the falling edge after the previous one was taken. When
// `tick` is set, the edge that takes the last one (or, without events, the next edge) is followed by
// the AER inputs cleared and `tick` high; otherwise by the AER inputs cleared and the model settled.
static int32_t push_events(FluxRtl* r, const FluxEvent* events, uint64_t n_events, uint64_t max_cycles,
                           bool tick, uint64_t* push_cycles) {
    Vtop* top = r->top.get();
    auto offer = [&](uint64_t i) {
        top->aer_in_valid = 1;
        top->aer_in_inj = events[i].inj ? 1 : 0;
        top->aer_in_addr = events[i].addr;
        top->aer_in_value = static_cast<uint16_t>(static_cast<int16_t>(events[i].value));
    };
    auto offer_none = [&]() {
        top->aer_in_valid = 0;
        top->aer_in_inj = 0;
        top->aer_in_addr = 0;
        top->aer_in_value = 0;
        top->tick = tick ? 1 : 0;
    };
    if (n_events > 0) {
        offer(0);
        r->settle();
    }
    for (uint64_t i = 0; i < n_events; ++i) {
        uint64_t waited = 0;
        for (;;) {
            bool accepted = top->aer_in_ready;
            r->rise();
            ++*push_cycles;
            if (accepted) {
                if (i + 1 < n_events) {
                    offer(i + 1);
                } else {
                    offer_none();
                }
                r->fall();
                break;
            }
            r->fall();
            if (++waited >= max_cycles) {
                top->aer_in_valid = 0;
                r->settle();
                return FLUX_PUSH_TIMEOUT;
            }
        }
    }
    if (n_events == 0) offer_none();
    if (!tick) r->settle();
    return FLUX_OK;
}

// One whole timestep: offer `n_events` events (each held until `aer_in_ready` is high at an edge),
// pulse `tick` for one edge, then clock until `busy` is observed low, collecting `aer_out` events.
// Cycle count (`hdl/README.md`): the tick edge counts as 1, then every edge until `busy` is low
// after it. No more than `max_cycles` edges are spent waiting for `aer_in_ready` per event or for
// `busy` to fall.
FLUX_EXPORT int32_t flux_rtl_step(FluxRtl* r, const FluxEvent* events, uint64_t n_events, FluxSpike* spikes,
                                  uint64_t spike_cap, uint64_t max_cycles, FluxStepStats* stats) {
    Vtop* top = r->top.get();
    *stats = FluxStepStats{};
    if (top->busy) return FLUX_BUSY_AT_START;

    int32_t pushed = push_events(r, events, n_events, max_cycles, true, &stats->push_cycles);
    if (pushed != FLUX_OK) return pushed;

    int32_t rc = FLUX_OK;
    auto collect = [&]() {
        if (top->aer_out_valid) {
            if (stats->n_spikes < spike_cap) {
                spikes[stats->n_spikes] = FluxSpike{top->aer_out_addr, top->aer_out_t, top->aer_out_count};
            } else {
                rc = FLUX_SPIKE_OVERFLOW;
            }
            ++stats->n_spikes;
        }
    };

    r->rise();
    top->tick = 0;
    r->fall();
    stats->cycles = 1;
    collect();
    while (top->busy) {
        if (stats->cycles >= max_cycles) {
            stats->t_after = top->t;
            return FLUX_STEP_TIMEOUT;
        }
        r->cycle();
        ++stats->cycles;
        collect();
    }
    stats->t_after = top->t;
    return rc;
}

// Offers `n_events` events to the input FIFO without starting a timestep (they wait for the next
// `tick`, or are dropped by a reset).
FLUX_EXPORT int32_t flux_rtl_push(FluxRtl* r, const FluxEvent* events, uint64_t n_events, uint64_t max_cycles) {
    uint64_t push_cycles = 0;
    return push_events(r, events, n_events, max_cycles, false, &push_cycles);
}

// Starts a timestep with the queued events (`tick` high for one edge) and clocks `edges` edges in all,
// the tick edge included, without waiting for `busy` to fall: a reset can then land mid-timestep.
// Returns `busy` after the last edge.
FLUX_EXPORT uint32_t flux_rtl_start(FluxRtl* r, uint64_t edges) {
    Vtop* top = r->top.get();
    top->tick = 1;
    for (uint64_t k = 0; k < edges; ++k) {
        r->rise();
        top->tick = 0;
        r->fall();
    }
    top->tick = 0;
    r->settle();
    return top->busy;
}

// Holds `reset` high for `hold` edges (at least one), then clocks until `busy` is low. `*cycles` gets
// the reset's cycle count (`flux_sim::timing::reset_cycles`): the last edge that samples `reset` high
// counts as 1, then every edge until `busy` is observed low after it. `*spikes` gets the `aer_out`
// events seen after the first reset edge (a reset drops the neurons in flight: there must be none).
// Returns FLUX_STEP_TIMEOUT when `busy` is still high after `max_cycles` edges.
FLUX_EXPORT int32_t flux_rtl_reset(FluxRtl* r, uint64_t hold, uint64_t max_cycles, uint64_t* cycles,
                                   uint64_t* spikes) {
    Vtop* top = r->top.get();
    if (hold == 0) hold = 1;
    *spikes = 0;
    top->reset = 1;
    r->settle();
    for (uint64_t k = 0; k < hold; ++k) {
        r->rise();
        *spikes += top->aer_out_valid;
        if (k + 1 == hold) top->reset = 0;
        r->fall();
    }
    *cycles = 1;
    while (top->busy) {
        if (*cycles >= max_cycles) return FLUX_STEP_TIMEOUT;
        r->rise();
        *spikes += top->aer_out_valid;
        r->fall();
        ++*cycles;
    }
    return FLUX_OK;
}

// The `t` output (timesteps completed since reset).
FLUX_EXPORT uint32_t flux_rtl_t(FluxRtl* r) {
    return r->top->t;
}

// Rising edges clocked since creation, all traffic included.
FLUX_EXPORT uint64_t flux_rtl_edges(FluxRtl* r) { return r->edges; }

// Starts (1) or pauses (0) writing VCD samples; time keeps running, so a window of a long run can be
// recorded without the cost of the rest.
FLUX_EXPORT void flux_rtl_set_dump(FluxRtl* r, uint32_t on) { r->dumping = on != 0; }

// Flushes the VCD file (if any).
FLUX_EXPORT void flux_rtl_flush(FluxRtl* r) {
#if VM_TRACE
    if (r->vcd) r->vcd->flush();
#else
    (void)r;
#endif
}
