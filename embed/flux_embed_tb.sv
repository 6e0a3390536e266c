// flux_embed_tb: runs flux_embed_top on an image written by `flux image` and compares every spike
// of the core with the spikes the model computed (expected.hex, docs/model.md §8).
//
// Plusargs: +image=DIR (DIR/writes.hex, DIR/events.hex, DIR/expected.hex), or each file alone with
// +writes=FILE, +events=FILE, +expected=FILE. The commands for Icarus Verilog and for Verilator
// are in embed/README.md.
// On success it prints one line `PASS: T timesteps, S spikes match FILE` and finishes; on the
// first difference one line `MISMATCH: timestep T: expected ..., got ...` and $fatal (exit code
// nonzero). Spikes are compared in the order the core emits them (ascending neuron within a
// timestep, as the model lists them) and each one's aer_out_t with the timestep.

`timescale 1ns / 1ps

module flux_embed_tb #(
    parameter EXPECTED_FILE = "expected.hex",
    // Lines expected.hex holds at most, end line included.
    parameter integer EXPECTED_DEPTH = 65536,
    // Clocks without progress (the load done, a timestep done) before the run is declared hung:
    // more than the longest load (large: about 300,000 words) and the longest timestep.
    parameter integer WATCHDOG = 2000000,
    // Passed to flux_embed_top: the table depths.
    parameter integer WRITES_DEPTH = 65536,
    parameter integer EVENTS_DEPTH = 65536
);
    reg clock = 1'b0;
    always #5 clock = ~clock;

    wire loaded, aer_out_valid, step_done, done;
    wire [15:0] aer_out_addr;
    wire [31:0] aer_out_t, steps_run;

    flux_embed_top #(
        .WRITES_DEPTH(WRITES_DEPTH),
        .EVENTS_DEPTH(EVENTS_DEPTH)
    ) top (
        .clock(clock),
        .loaded(loaded),
        .aer_out_valid(aer_out_valid),
        .aer_out_addr(aer_out_addr),
        .aer_out_t(aer_out_t),
        .step_done(step_done),
        .steps_run(steps_run),
        .done(done)
    );

    // expected.hex: timestep (32), neuron (16); the end line has the number of timesteps in the
    // timestep field and 16'hffff (no core has 65,536 neurons) as its neuron.
    reg [47:0] expected[0:EXPECTED_DEPTH-1];
    string expected_file;
    integer next = 0;  // the next expected spike
    integer spikes = 0;  // spikes matched
    integer quiet = 0;  // clocks since the last progress
    reg was_loaded = 1'b0;
    reg [31:0] want_steps;

    function automatic is_end(input [47:0] line);
        is_end = line[15:0] == 16'hffff;
    endfunction

    initial begin
        string dir;
        integer i, fd;
        expected_file = EXPECTED_FILE;
        if ($value$plusargs("image=%s", dir)) expected_file = {dir, "/expected.hex"};
        if ($value$plusargs("expected=%s", expected_file)) begin
        end
        fd = $fopen(expected_file, "r");
        if (fd == 0)
            $fatal(1, "%s: cannot open it (give +image=DIR, the output of flux image)",
                   expected_file);
        $fclose(fd);
        $readmemh(expected_file, expected);
        for (i = 0; i < EXPECTED_DEPTH && expected[i][15:0] !== 16'hffff; i = i + 1) begin
        end
        if (i == EXPECTED_DEPTH)
            $fatal(1, "%s: no end line in the first %0d lines: raise EXPECTED_DEPTH",
                   expected_file, EXPECTED_DEPTH);
        want_steps = expected[i][47:16];
    end

    // Every check samples the values before the edge, as the core's own registers do.
    always @(posedge clock) begin
        quiet <= quiet + 1;
        if (loaded && !was_loaded) begin
            was_loaded <= 1'b1;
            quiet <= 0;
        end
        if (aer_out_valid) begin
            // The timestep running is the one after those completed.
            if (aer_out_t != steps_run)
                $fatal(1, "MISMATCH: timestep %0d: neuron %0d stamped aer_out_t = %0d", steps_run,
                       aer_out_addr, aer_out_t);
            if (is_end(expected[next]) || expected[next][47:16] != steps_run)
                $fatal(1, "MISMATCH: timestep %0d: expected no more spikes, got neuron %0d",
                       steps_run, aer_out_addr);
            if (expected[next][15:0] != aer_out_addr)
                $fatal(1, "MISMATCH: timestep %0d: expected neuron %0d, got neuron %0d", steps_run,
                       expected[next][15:0], aer_out_addr);
            next <= next + 1;
            spikes <= spikes + 1;
        end
        if (step_done) begin
            quiet <= 0;
            if (!is_end(expected[next]) && expected[next][47:16] == steps_run - 1)
                $fatal(1, "MISMATCH: timestep %0d: expected neuron %0d, got no more spikes",
                       steps_run - 1, expected[next][15:0]);
        end
        if (done) begin
            if (steps_run != want_steps)
                $fatal(1, "MISMATCH: ran %0d timesteps (events file), %s has %0d", steps_run,
                       expected_file, want_steps);
            if (!is_end(expected[next]))
                $fatal(1, "MISMATCH: timestep %0d: expected neuron %0d, the run has ended",
                       expected[next][47:16], expected[next][15:0]);
            $display("PASS: %0d timesteps, %0d spikes match %s", steps_run, spikes, expected_file);
            $finish;
        end
        if (quiet > WATCHDOG)
            $fatal(1, "HUNG: no progress for %0d clocks (loaded %0d, %0d timesteps run)", WATCHDOG,
                   loaded, steps_run);
    end
endmodule
