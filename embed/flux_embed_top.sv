// flux_embed_top: an example of a design that embeds a Flux core (docs/core_interface.md).
//
// It instantiates the core that `flux emit` writes (`flux_core_<preset>`, chosen with the macro
// FLUX_CORE, default flux_core_small) and drives its host interface from two tables that
// `flux image NET --preset P --steps N --out DIR` writes (formats: docs/model.md §8):
//   - writes.hex, the load sequence: replayed through the configuration port (cfg_we, cfg_mem,
//     cfg_addr, cfg_data), one word per clock, while the core is idle. On `up5k` this is also how
//     the synapse memory gets its contents: it is the single-port RAM that yosys maps to the
//     UP5K's SB_SPRAM256KA, which a bitstream cannot initialise.
//   - events.hex, the external events of every timestep: offered on aer_in_* (each held until
//     aer_in_ready is high at an edge), then `tick` for one clock, then wait until `busy` is low.
// Before the load it pulses the core's `reset` for one clock and waits until `busy` is low: the
// reset clears the dendritic ring (docs/core_interface.md, Reset), which the core relies on being
// zero. FPGA block RAM is zero at power-up, but a simulator's memories are not (X in iverilog,
// random with +verilator+rand+reset+2); it is also what reloading a core that has run needs.
//
// The core's spikes leave on aer_out_* unchanged. Every register here has an initial value, as in
// the core. The tables are behavioural ROMs ($readmemh): fine for simulation and
// for an FPGA whose block RAM holds them; on the UP5K the up5k write list (about 33,000 words of
// 164 bits) does not fit in block RAM, so a real design streams it from its flash or its host.
//
// In simulation the file names come from plusargs: +image=DIR (DIR/writes.hex, DIR/events.hex),
// or +writes=FILE and +events=FILE; else from the parameters.

`ifndef FLUX_CORE
`define FLUX_CORE flux_core_small
`endif

module flux_embed_top #(
    parameter WRITES_FILE = "writes.hex",
    parameter EVENTS_FILE = "events.hex",
    // Lines the tables hold, end line included: at least the lines of the files.
    parameter integer WRITES_DEPTH = 65536,
    parameter integer EVENTS_DEPTH = 65536
) (
    input wire clock,
    // The image is loaded; timesteps run from the next clock.
    output reg loaded = 1'b0,
    // The core's spike output, unchanged (valid while the core is busy, one spike per clock).
    output wire aer_out_valid,
    output wire [15:0] aer_out_addr,
    output wire [31:0] aer_out_t,
    // One clock after `busy` was seen low after a tick: timestep steps_run - 1 is complete.
    output reg step_done = 1'b0,
    // Timesteps completed.
    output reg [31:0] steps_run = 32'd0,
    // Every timestep of events.hex has run (its end line gives the count).
    output reg done = 1'b0
);
    // writes.hex: memory (4 bits; 4'hf ends the list), address (32), data (128).
    reg [163:0] writes[0:WRITES_DEPTH-1];
    // events.hex: timestep (32), kind (4: 0 channel spike, 1 injection, 4'hf ends the list, whose
    // timestep field is then the number of timesteps), channel or neuron (16), value (16).
    reg [67:0] events[0:EVENTS_DEPTH-1];

    // The core's host interface, driven from registers; `reset` is high in the first clock.
    reg reset = 1'b1;
    reg cfg_we = 1'b0;
    reg [2:0] cfg_mem = 3'd0;
    reg [31:0] cfg_addr = 32'd0;
    reg [127:0] cfg_data = 128'd0;
    reg aer_in_valid = 1'b0;
    reg aer_in_inj = 1'b0;
    reg [15:0] aer_in_addr = 16'd0;
    reg [15:0] aer_in_value = 16'd0;
    reg tick = 1'b0;
    wire aer_in_ready;
    wire busy;
    wire [31:0] t;
    wire [127:0] dbg_data;

    `FLUX_CORE core (
        .clock(clock),
        .reset(reset),
        .cfg_we(cfg_we),
        .cfg_mem(cfg_mem),
        .cfg_addr(cfg_addr),
        .cfg_data(cfg_data),
        .aer_in_valid(aer_in_valid),
        .aer_in_ready(aer_in_ready),
        .aer_in_inj(aer_in_inj),
        .aer_in_addr(aer_in_addr),
        .aer_in_value(aer_in_value),
        .tick(tick),
        .busy(busy),
        .aer_out_valid(aer_out_valid),
        .aer_out_addr(aer_out_addr),
        .aer_out_t(aer_out_t),
        .t(t),
        .dbg_mem(3'd0),
        .dbg_addr(32'd0),
        .dbg_data(dbg_data)
    );

`ifndef SYNTHESIS
    // A missing file is an error ($readmemh only warns, and leaves the table as it was).
    task automatic must_open(input string file);
        integer fd;
        fd = $fopen(file, "r");
        if (fd == 0) $fatal(1, "%s: cannot open it (give +image=DIR, the output of flux image)", file);
        $fclose(fd);
    endtask
`endif

    initial begin
`ifdef SYNTHESIS
        $readmemh(WRITES_FILE, writes);
        $readmemh(EVENTS_FILE, events);
`else
        string dir, writes_file, events_file;
        integer i;
        writes_file = WRITES_FILE;
        events_file = EVENTS_FILE;
        if ($value$plusargs("image=%s", dir)) begin
            writes_file = {dir, "/writes.hex"};
            events_file = {dir, "/events.hex"};
        end
        if ($value$plusargs("writes=%s", writes_file)) begin
        end
        if ($value$plusargs("events=%s", events_file)) begin
        end
        must_open(writes_file);
        must_open(events_file);
        $readmemh(writes_file, writes);
        $readmemh(events_file, events);
        // A table without its end line within its depth would be run past its end.
        for (i = 0; i < WRITES_DEPTH && writes[i][163:160] !== 4'hf; i = i + 1) begin
        end
        if (i == WRITES_DEPTH)
            $fatal(1, "%s: no end line in the first %0d lines: raise WRITES_DEPTH", writes_file,
                   WRITES_DEPTH);
        for (i = 0; i < EVENTS_DEPTH && events[i][35:32] !== 4'hf; i = i + 1) begin
        end
        if (i == EVENTS_DEPTH)
            $fatal(1, "%s: no end line in the first %0d lines: raise EVENTS_DEPTH", events_file,
                   EVENTS_DEPTH);
`endif
    end

    localparam [2:0] CLEAR = 3'd0,  // `reset` sampled; the core clears its ring while `busy`
    LOAD = 3'd1,  // the write list, one word per clock
    PUSH = 3'd2,  // this timestep's events on aer_in_*
    TICK = 3'd3,  // `tick` is high: the core samples it at this edge
    WAIT = 3'd4,  // until `busy` is low
    DONE = 3'd5;
    reg [2:0] phase = CLEAR;
    reg [31:0] index = 32'd0;  // line of writes.hex (LOAD)
    reg [31:0] next_event = 32'd0;  // line of events.hex offered or next to offer

    wire [163:0] write = writes[index];
    // The event offered was taken at this edge (both sides see the values before the edge).
    wire taken = aer_in_valid && aer_in_ready;
    wire [31:0] candidate = taken ? next_event + 32'd1 : next_event;
    wire [67:0] event_word = events[candidate];
    wire is_end = event_word[35:32] == 4'hf;

    always @(posedge clock) begin
        step_done <= 1'b0;
        case (phase)
            CLEAR: begin
                // The first edge samples `reset`; `busy` is high from it until the ring is clear
                // (1 + D x N clocks), and configuration writes wait for that.
                reset <= 1'b0;
                if (!reset && !busy) phase <= LOAD;
            end
            LOAD: begin
                if (write[163:160] == 4'hf) begin
                    cfg_we <= 1'b0;
                    loaded <= 1'b1;
                    phase  <= PUSH;
                end else begin
                    cfg_we <= 1'b1;
                    cfg_mem <= write[162:160];
                    cfg_addr <= write[159:128];
                    cfg_data <= write[127:0];
                    index <= index + 32'd1;
                end
            end
            PUSH: begin
                // Offer the next event of this timestep, or hold the one not yet taken.
                if (!aer_in_valid || taken) begin
                    next_event <= candidate;
                    if (!is_end && event_word[67:36] == steps_run) begin
                        aer_in_valid <= 1'b1;
                        aer_in_inj <= event_word[32];
                        aer_in_addr <= event_word[31:16];
                        aer_in_value <= event_word[15:0];
                    end else begin
                        aer_in_valid <= 1'b0;
                        if (is_end && event_word[67:36] == steps_run) begin
                            done  <= 1'b1;
                            phase <= DONE;
                        end else begin
                            // An event is offered with `tick` low only: the core does not take
                            // one in the tick cycle (aer_in_ready is low then).
                            tick  <= 1'b1;
                            phase <= TICK;
                        end
                    end
                end
            end
            TICK: begin
                // `busy` rises after this edge.
                tick  <= 1'b0;
                phase <= WAIT;
            end
            WAIT: begin
                if (!busy) begin
                    step_done <= 1'b1;
                    steps_run <= steps_run + 32'd1;
                    phase <= PUSH;
                end
            end
            default: ;
        endcase
    end
endmodule
