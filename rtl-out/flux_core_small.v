// flux_core_small: the Flux core, preset `small`, emitted by `flux emit` (flux-hdl). Do not edit.
// Host interface: hdl/README.md. Behaviour: docs/model.md.


module flux_core_small(clock,reset,cfg_we,cfg_mem,cfg_addr,cfg_data,aer_in_valid,aer_in_ready,aer_in_inj,aer_in_addr,aer_in_value,tick,busy,aer_out_valid,aer_out_addr,aer_out_t,aer_out_count,t,dbg_mem,dbg_addr,dbg_data);
    
    // Module arguments
    input wire  clock;
    input wire  reset;
    input wire  cfg_we;
    input wire  [2:0] cfg_mem;
    input wire  [31:0] cfg_addr;
    input wire  [127:0] cfg_data;
    input wire  aer_in_valid;
    output reg  aer_in_ready;
    input wire  aer_in_inj;
    input wire  [15:0] aer_in_addr;
    input wire  [15:0] aer_in_value;
    input wire  tick;
    output reg  busy;
    output reg  aer_out_valid;
    output reg  [15:0] aer_out_addr;
    output reg  [31:0] aer_out_t;
    output reg  [4:0] aer_out_count;
    output reg  [31:0] t;
    input wire  [2:0] dbg_mem;
    input wire  [31:0] dbg_addr;
    output reg  [127:0] dbg_data;
    
    // Constant declarations
    localparam  has_learning = 1'b1;
    localparam  has_net = 1'b1;
    localparam  n_sources = 16'h140;
    localparam  push_count_lsb = 8'h10;
    localparam  state_kept = 100'hfffffffffffffffffffffffff;
    localparam  kind_lsb = 8'h0;
    localparam  profile_lsb = 8'h61;
    localparam  neuron_bits = 8'h8;
    localparam  one_db = 3'b1;
    localparam  carry_thr_off_lsb = 8'h31;
    localparam  carry_mod_level_lsb = 8'h41;
    localparam  carry_thr_off_msb = 8'h40;
    localparam  carry_m_lsb = 8'h18;
    localparam  carry_a_ext = 41'hff0000;
    localparam  fifo_full_bit = 8'h8;
    localparam  fifo_value_lsb = 8'h0;
    localparam  fifo_addr_lsb = 8'h10;
    localparam  fifo_inj_lsb = 8'h20;
    localparam  mem_profiles = 3'b0;
    localparam  mem_state = 3'b1;
    localparam  mem_fanout = 3'b10;
    localparam  mem_synapses = 3'b11;
    localparam  mem_registers = 3'b100;
    localparam  mem_ring = 3'b101;
    localparam  mem_learn_rules = 3'b110;
    localparam  mem_learn_table = 3'b111;
    localparam  reg_n_neurons = 32'h0;
    localparam  reg_learn_en = 32'h1;
    localparam  reg_sweep_len = 32'h2;
    localparam  reg_sweep_step = 32'h3;
    localparam  reg_t = 32'h4;
    localparam  reg_noise = 32'h5;
    localparam  reg_noise_bits = 32'h6;
    localparam  reg_spike_push = 32'h7;
    localparam  reg_extern_spikes = 32'h8;
    
    // Stub signals
    reg  controller$clock;
    reg  controller$reset;
    reg  controller$tick;
    reg  controller$events_done;
    reg  [8:0] controller$n_neurons;
    reg  controller$learn_en;
    reg  controller$learn_done;
    reg  controller$t_load;
    reg  [31:0] controller$t_load_value;
    wire  controller$learn_run;
    wire  controller$tick_taken;
    wire  controller$busy;
    wire  controller$route_run;
    wire  controller$update_read;
    wire  [8:0] controller$update_neuron;
    wire  controller$route_end;
    wire  [31:0] controller$t;
    wire  [2:0] controller$t_slot;
    wire  controller$clear_run;
    wire  [10:0] controller$clear_addr;
    reg  router$clock;
    reg  router$run;
    reg  [2:0] router$t_slot;
    reg  [8:0] router$fifo_count;
    reg  [8:0] router$spike_count;
    wire  [7:0] router$fifo_rd_addr;
    reg  [32:0] router$fifo_rd_data;
    wire  [7:0] router$spike_rd_addr;
    reg  [8:0] router$spike_rd_data;
    reg  [4:0] router$spike_rd_count;
    wire  [8:0] router$fanout_rd_addr;
    reg  [24:0] router$fanout_rd_data;
    wire  [11:0] router$syn_rd_addr;
    reg  [30:0] router$syn_rd_data;
    wire  [10:0] router$ring_rd_addr;
    reg  [40:0] router$ring_rd_data;
    wire  [10:0] router$ring_wr_addr;
    wire  [40:0] router$ring_wr_data;
    wire  router$ring_we;
    wire  router$events_done;
    wire  router$push_valid;
    wire  [8:0] router$push_src;
    reg  neuron_core$clock;
    reg  neuron_core$reset;
    reg  neuron_core$in_valid;
    reg  [15:0] neuron_core$in_tag;
    reg  [126:0] neuron_core$in_profile;
    reg  [99:0] neuron_core$in_state;
    reg  [40:0] neuron_core$in_slot;
    reg  [15:0] neuron_core$in_noise;
    wire  neuron_core$out_valid;
    wire  [15:0] neuron_core$out_tag;
    wire  [99:0] neuron_core$out_state;
    wire  neuron_core$out_spike;
    wire  [4:0] neuron_core$out_count;
    wire  neuron_core$out_xylo;
    reg  profile_table$clock;
    reg  [2:0] profile_table$read_address;
    wire  [126:0] profile_table$read_data;
    reg  [2:0] profile_table$write_address;
    reg  [126:0] profile_table$write_data;
    reg  profile_table$write_enable;
    reg  state_ram$clock;
    reg  [7:0] state_ram$read_address;
    wire  [99:0] state_ram$read_data;
    reg  [7:0] state_ram$write_address;
    reg  [99:0] state_ram$write_data;
    reg  state_ram$write_enable;
    reg  fanout_ram$clock;
    reg  [8:0] fanout_ram$read_address;
    wire  [24:0] fanout_ram$read_data;
    reg  [8:0] fanout_ram$write_address;
    reg  [24:0] fanout_ram$write_data;
    reg  fanout_ram$write_enable;
    reg  synapse_ram$clock;
    reg  [11:0] synapse_ram$read_address;
    wire  [30:0] synapse_ram$read_data;
    reg  [11:0] synapse_ram$write_address;
    reg  [30:0] synapse_ram$write_data;
    reg  synapse_ram$write_enable;
    reg  ring_ram$clock;
    reg  [10:0] ring_ram$read_address;
    wire  [40:0] ring_ram$read_data;
    reg  [10:0] ring_ram$write_address;
    reg  [40:0] ring_ram$write_data;
    reg  ring_ram$write_enable;
    reg  spike_ram$clock;
    reg  [7:0] spike_ram$read_address;
    wire  [8:0] spike_ram$read_data;
    reg  [7:0] spike_ram$write_address;
    reg  [8:0] spike_ram$write_data;
    reg  spike_ram$write_enable;
    reg  spike_cnt_ram$clock;
    reg  [7:0] spike_cnt_ram$read_address;
    wire  [4:0] spike_cnt_ram$read_data;
    reg  [7:0] spike_cnt_ram$write_address;
    reg  [4:0] spike_cnt_ram$write_data;
    reg  spike_cnt_ram$write_enable;
    reg  fifo_ram$clock;
    reg  [7:0] fifo_ram$read_address;
    wire  [32:0] fifo_ram$read_data;
    reg  [7:0] fifo_ram$write_address;
    reg  [32:0] fifo_ram$write_data;
    reg  fifo_ram$write_enable;
    reg  stdp$clock;
    reg  stdp$clear;
    reg  stdp$age_step;
    reg  stdp$push;
    reg  [8:0] stdp$push_src;
    reg  stdp$run;
    wire  stdp$done;
    reg  [31:0] stdp$t;
    reg  stdp$spiked;
    reg  [12:0] stdp$sweep_len;
    reg  [7:0] stdp$sweep_step;
    wire  [8:0] stdp$fanout_rd_addr;
    reg  [24:0] stdp$fanout_rd_data;
    wire  [11:0] stdp$syn_rd_addr;
    reg  [30:0] stdp$syn_rd_data;
    wire  [11:0] stdp$syn_wr_addr;
    wire  [30:0] stdp$syn_wr_data;
    wire  stdp$syn_we;
    wire  [7:0] stdp$state_rd_addr;
    reg  [99:0] stdp$state_rd_data;
    wire  [7:0] stdp$last_rd_addr;
    reg  [31:0] stdp$last_rd_data;
    wire  [2:0] stdp$rule_addr;
    reg  [59:0] stdp$rule_data;
    wire  [6:0] stdp$table_rd_addr;
    reg  [15:0] stdp$table_rd_data;
    reg  learn_rules$clock;
    reg  [2:0] learn_rules$read_address;
    wire  [59:0] learn_rules$read_data;
    reg  [2:0] learn_rules$write_address;
    reg  [59:0] learn_rules$write_data;
    reg  learn_rules$write_enable;
    reg  learn_table$clock;
    reg  [6:0] learn_table$read_address;
    wire  [15:0] learn_table$read_data;
    reg  [6:0] learn_table$write_address;
    reg  [15:0] learn_table$write_data;
    reg  learn_table$write_enable;
    reg  last_ram$clock;
    reg  [7:0] last_ram$read_address;
    wire  [31:0] last_ram$read_data;
    reg  [7:0] last_ram$write_address;
    reg  [31:0] last_ram$write_data;
    reg  last_ram$write_enable;
    reg  learn_en$d;
    wire  learn_en$q;
    reg  learn_en$clock;
    reg  extern_spikes$d;
    wire  extern_spikes$q;
    reg  extern_spikes$clock;
    reg  [12:0] sweep_len$d;
    wire  [12:0] sweep_len$q;
    reg  sweep_len$clock;
    reg  [7:0] sweep_step$d;
    wire  [7:0] sweep_step$q;
    reg  sweep_step$clock;
    reg  noise$clock;
    reg  noise$reset;
    reg  noise$cfg_we_state;
    reg  noise$cfg_we_bits;
    reg  [31:0] noise$cfg_value;
    reg  noise$in_valid;
    reg  [2:0] noise$in_profile;
    reg  [1:0] noise$in_kind;
    wire  [15:0] noise$eta;
    wire  [31:0] noise$state;
    reg  [59:0] dbg_rule_r$d;
    wire  [59:0] dbg_rule_r$q;
    reg  dbg_rule_r$clock;
    reg  [8:0] n_neurons$d;
    wire  [8:0] n_neurons$q;
    reg  n_neurons$clock;
    reg  [8:0] fifo_count$d;
    wire  [8:0] fifo_count$q;
    reg  fifo_count$clock;
    reg  [8:0] spike_count$d;
    wire  [8:0] spike_count$q;
    reg  spike_count$clock;
    reg  rd_valid$d;
    wire  rd_valid$q;
    reg  rd_valid$clock;
    reg  [7:0] rd_neuron$d;
    wire  [7:0] rd_neuron$q;
    reg  rd_neuron$clock;
    reg  out_valid_r$d;
    wire  out_valid_r$q;
    reg  out_valid_r$clock;
    reg  [15:0] out_addr_r$d;
    wire  [15:0] out_addr_r$q;
    reg  out_addr_r$clock;
    reg  [31:0] out_t_r$d;
    wire  [31:0] out_t_r$q;
    reg  out_t_r$clock;
    reg  [4:0] out_count_r$d;
    wire  [4:0] out_count_r$q;
    reg  out_count_r$clock;
    reg  [2:0] dbg_mem_r$d;
    wire  [2:0] dbg_mem_r$q;
    reg  dbg_mem_r$clock;
    reg  [31:0] dbg_addr_r$d;
    wire  [31:0] dbg_addr_r$q;
    reg  dbg_addr_r$clock;
    reg  [2:0] dbg_mem_rr$d;
    wire  [2:0] dbg_mem_rr$q;
    reg  dbg_mem_rr$clock;
    reg  [126:0] dbg_profile_r$d;
    wire  [126:0] dbg_profile_r$q;
    reg  dbg_profile_r$clock;
    
    // Local signals
    reg  host_write;
    reg  ready;
    reg  push_we;
    reg  own_we;
    reg  [99:0] state_rd;
    reg  [99:0] state_wr;
    reg  [99:0] state_wr_kept;
    reg  [40:0] carry;
    
    // Sub module instances
    flux_core_small_controller controller(
        .clock(controller$clock),
        .reset(controller$reset),
        .tick(controller$tick),
        .events_done(controller$events_done),
        .n_neurons(controller$n_neurons),
        .learn_en(controller$learn_en),
        .learn_done(controller$learn_done),
        .t_load(controller$t_load),
        .t_load_value(controller$t_load_value),
        .learn_run(controller$learn_run),
        .tick_taken(controller$tick_taken),
        .busy(controller$busy),
        .route_run(controller$route_run),
        .update_read(controller$update_read),
        .update_neuron(controller$update_neuron),
        .route_end(controller$route_end),
        .t(controller$t),
        .t_slot(controller$t_slot),
        .clear_run(controller$clear_run),
        .clear_addr(controller$clear_addr)
    );
    flux_core_small_router router(
        .clock(router$clock),
        .run(router$run),
        .t_slot(router$t_slot),
        .fifo_count(router$fifo_count),
        .spike_count(router$spike_count),
        .fifo_rd_addr(router$fifo_rd_addr),
        .fifo_rd_data(router$fifo_rd_data),
        .spike_rd_addr(router$spike_rd_addr),
        .spike_rd_data(router$spike_rd_data),
        .spike_rd_count(router$spike_rd_count),
        .fanout_rd_addr(router$fanout_rd_addr),
        .fanout_rd_data(router$fanout_rd_data),
        .syn_rd_addr(router$syn_rd_addr),
        .syn_rd_data(router$syn_rd_data),
        .ring_rd_addr(router$ring_rd_addr),
        .ring_rd_data(router$ring_rd_data),
        .ring_wr_addr(router$ring_wr_addr),
        .ring_wr_data(router$ring_wr_data),
        .ring_we(router$ring_we),
        .events_done(router$events_done),
        .push_valid(router$push_valid),
        .push_src(router$push_src)
    );
    flux_core_small_neuron_core neuron_core(
        .clock(neuron_core$clock),
        .reset(neuron_core$reset),
        .in_valid(neuron_core$in_valid),
        .in_tag(neuron_core$in_tag),
        .in_profile(neuron_core$in_profile),
        .in_state(neuron_core$in_state),
        .in_slot(neuron_core$in_slot),
        .in_noise(neuron_core$in_noise),
        .out_valid(neuron_core$out_valid),
        .out_tag(neuron_core$out_tag),
        .out_state(neuron_core$out_state),
        .out_spike(neuron_core$out_spike),
        .out_count(neuron_core$out_count),
        .out_xylo(neuron_core$out_xylo)
    );
    flux_core_small_profile_table profile_table(
        .clock(profile_table$clock),
        .read_address(profile_table$read_address),
        .read_data(profile_table$read_data),
        .write_address(profile_table$write_address),
        .write_data(profile_table$write_data),
        .write_enable(profile_table$write_enable)
    );
    flux_core_small_state_ram state_ram(
        .clock(state_ram$clock),
        .read_address(state_ram$read_address),
        .read_data(state_ram$read_data),
        .write_address(state_ram$write_address),
        .write_data(state_ram$write_data),
        .write_enable(state_ram$write_enable)
    );
    flux_core_small_fanout_ram fanout_ram(
        .clock(fanout_ram$clock),
        .read_address(fanout_ram$read_address),
        .read_data(fanout_ram$read_data),
        .write_address(fanout_ram$write_address),
        .write_data(fanout_ram$write_data),
        .write_enable(fanout_ram$write_enable)
    );
    flux_core_small_synapse_ram synapse_ram(
        .clock(synapse_ram$clock),
        .read_address(synapse_ram$read_address),
        .read_data(synapse_ram$read_data),
        .write_address(synapse_ram$write_address),
        .write_data(synapse_ram$write_data),
        .write_enable(synapse_ram$write_enable)
    );
    flux_core_small_ring_ram ring_ram(
        .clock(ring_ram$clock),
        .read_address(ring_ram$read_address),
        .read_data(ring_ram$read_data),
        .write_address(ring_ram$write_address),
        .write_data(ring_ram$write_data),
        .write_enable(ring_ram$write_enable)
    );
    flux_core_small_spike_ram spike_ram(
        .clock(spike_ram$clock),
        .read_address(spike_ram$read_address),
        .read_data(spike_ram$read_data),
        .write_address(spike_ram$write_address),
        .write_data(spike_ram$write_data),
        .write_enable(spike_ram$write_enable)
    );
    flux_core_small_spike_cnt_ram spike_cnt_ram(
        .clock(spike_cnt_ram$clock),
        .read_address(spike_cnt_ram$read_address),
        .read_data(spike_cnt_ram$read_data),
        .write_address(spike_cnt_ram$write_address),
        .write_data(spike_cnt_ram$write_data),
        .write_enable(spike_cnt_ram$write_enable)
    );
    flux_core_small_fifo_ram fifo_ram(
        .clock(fifo_ram$clock),
        .read_address(fifo_ram$read_address),
        .read_data(fifo_ram$read_data),
        .write_address(fifo_ram$write_address),
        .write_data(fifo_ram$write_data),
        .write_enable(fifo_ram$write_enable)
    );
    flux_core_small_stdp stdp(
        .clock(stdp$clock),
        .clear(stdp$clear),
        .age_step(stdp$age_step),
        .push(stdp$push),
        .push_src(stdp$push_src),
        .run(stdp$run),
        .done(stdp$done),
        .t(stdp$t),
        .spiked(stdp$spiked),
        .sweep_len(stdp$sweep_len),
        .sweep_step(stdp$sweep_step),
        .fanout_rd_addr(stdp$fanout_rd_addr),
        .fanout_rd_data(stdp$fanout_rd_data),
        .syn_rd_addr(stdp$syn_rd_addr),
        .syn_rd_data(stdp$syn_rd_data),
        .syn_wr_addr(stdp$syn_wr_addr),
        .syn_wr_data(stdp$syn_wr_data),
        .syn_we(stdp$syn_we),
        .state_rd_addr(stdp$state_rd_addr),
        .state_rd_data(stdp$state_rd_data),
        .last_rd_addr(stdp$last_rd_addr),
        .last_rd_data(stdp$last_rd_data),
        .rule_addr(stdp$rule_addr),
        .rule_data(stdp$rule_data),
        .table_rd_addr(stdp$table_rd_addr),
        .table_rd_data(stdp$table_rd_data)
    );
    flux_core_small_learn_rules learn_rules(
        .clock(learn_rules$clock),
        .read_address(learn_rules$read_address),
        .read_data(learn_rules$read_data),
        .write_address(learn_rules$write_address),
        .write_data(learn_rules$write_data),
        .write_enable(learn_rules$write_enable)
    );
    flux_core_small_learn_table learn_table(
        .clock(learn_table$clock),
        .read_address(learn_table$read_address),
        .read_data(learn_table$read_data),
        .write_address(learn_table$write_address),
        .write_data(learn_table$write_data),
        .write_enable(learn_table$write_enable)
    );
    flux_core_small_last_ram last_ram(
        .clock(last_ram$clock),
        .read_address(last_ram$read_address),
        .read_data(last_ram$read_data),
        .write_address(last_ram$write_address),
        .write_data(last_ram$write_data),
        .write_enable(last_ram$write_enable)
    );
    flux_core_small_learn_en learn_en(
        .d(learn_en$d),
        .q(learn_en$q),
        .clock(learn_en$clock)
    );
    flux_core_small_extern_spikes extern_spikes(
        .d(extern_spikes$d),
        .q(extern_spikes$q),
        .clock(extern_spikes$clock)
    );
    flux_core_small_sweep_len sweep_len(
        .d(sweep_len$d),
        .q(sweep_len$q),
        .clock(sweep_len$clock)
    );
    flux_core_small_sweep_step sweep_step(
        .d(sweep_step$d),
        .q(sweep_step$q),
        .clock(sweep_step$clock)
    );
    flux_core_small_noise noise(
        .clock(noise$clock),
        .reset(noise$reset),
        .cfg_we_state(noise$cfg_we_state),
        .cfg_we_bits(noise$cfg_we_bits),
        .cfg_value(noise$cfg_value),
        .in_valid(noise$in_valid),
        .in_profile(noise$in_profile),
        .in_kind(noise$in_kind),
        .eta(noise$eta),
        .state(noise$state)
    );
    flux_core_small_dbg_rule_r dbg_rule_r(
        .d(dbg_rule_r$d),
        .q(dbg_rule_r$q),
        .clock(dbg_rule_r$clock)
    );
    flux_core_small_n_neurons n_neurons(
        .d(n_neurons$d),
        .q(n_neurons$q),
        .clock(n_neurons$clock)
    );
    flux_core_small_fifo_count fifo_count(
        .d(fifo_count$d),
        .q(fifo_count$q),
        .clock(fifo_count$clock)
    );
    flux_core_small_spike_count spike_count(
        .d(spike_count$d),
        .q(spike_count$q),
        .clock(spike_count$clock)
    );
    flux_core_small_rd_valid rd_valid(
        .d(rd_valid$d),
        .q(rd_valid$q),
        .clock(rd_valid$clock)
    );
    flux_core_small_rd_neuron rd_neuron(
        .d(rd_neuron$d),
        .q(rd_neuron$q),
        .clock(rd_neuron$clock)
    );
    flux_core_small_out_valid_r out_valid_r(
        .d(out_valid_r$d),
        .q(out_valid_r$q),
        .clock(out_valid_r$clock)
    );
    flux_core_small_out_addr_r out_addr_r(
        .d(out_addr_r$d),
        .q(out_addr_r$q),
        .clock(out_addr_r$clock)
    );
    flux_core_small_out_t_r out_t_r(
        .d(out_t_r$d),
        .q(out_t_r$q),
        .clock(out_t_r$clock)
    );
    flux_core_small_out_count_r out_count_r(
        .d(out_count_r$d),
        .q(out_count_r$q),
        .clock(out_count_r$clock)
    );
    flux_core_small_dbg_mem_r dbg_mem_r(
        .d(dbg_mem_r$d),
        .q(dbg_mem_r$q),
        .clock(dbg_mem_r$clock)
    );
    flux_core_small_dbg_addr_r dbg_addr_r(
        .d(dbg_addr_r$d),
        .q(dbg_addr_r$q),
        .clock(dbg_addr_r$clock)
    );
    flux_core_small_dbg_mem_rr dbg_mem_rr(
        .d(dbg_mem_rr$d),
        .q(dbg_mem_rr$q),
        .clock(dbg_mem_rr$clock)
    );
    flux_core_small_dbg_profile_r dbg_profile_r(
        .d(dbg_profile_r$d),
        .q(dbg_profile_r$q),
        .clock(dbg_profile_r$clock)
    );
    
    // Update code
    always @(*) begin
        fifo_count$clock = clock;
        spike_count$clock = clock;
        rd_valid$clock = clock;
        rd_neuron$clock = clock;
        out_valid_r$clock = clock;
        out_addr_r$clock = clock;
        out_t_r$clock = clock;
        out_count_r$clock = clock;
        dbg_mem_r$clock = clock;
        dbg_addr_r$clock = clock;
        dbg_mem_rr$clock = clock;
        dbg_profile_r$clock = clock;
        dbg_rule_r$clock = clock;
        fifo_count$d = fifo_count$q;
        spike_count$d = spike_count$q;
        rd_valid$d = rd_valid$q;
        rd_neuron$d = rd_neuron$q;
        out_valid_r$d = out_valid_r$q;
        out_addr_r$d = out_addr_r$q;
        out_t_r$d = out_t_r$q;
        out_count_r$d = out_count_r$q;
        dbg_mem_r$d = dbg_mem_r$q;
        dbg_addr_r$d = dbg_addr_r$q;
        dbg_mem_rr$d = dbg_mem_rr$q;
        dbg_profile_r$d = dbg_profile_r$q;
        dbg_rule_r$d = dbg_rule_r$q;
        state_rd = (((state_ram$read_data[(32'h0)+:(24)]) & 100'hfffffffffffffffffffffffff) | (((state_ram$read_data[(32'h4b)+:(25)]) & 100'hfffffffffffffffffffffffff) << 32'h18) | (((state_ram$read_data[(32'h18)+:(51)]) & 100'hfffffffffffffffffffffffff) << 32'h31)) & state_kept;
        n_neurons$clock = clock;
        n_neurons$d = n_neurons$q;
        controller$clock = clock;
        router$clock = clock;
        neuron_core$clock = clock;
        profile_table$clock = clock;
        state_ram$clock = clock;
        fanout_ram$clock = clock;
        synapse_ram$clock = clock;
        ring_ram$clock = clock;
        spike_ram$clock = clock;
        spike_cnt_ram$clock = clock;
        fifo_ram$clock = clock;
        stdp$clock = clock;
        learn_rules$clock = clock;
        learn_table$clock = clock;
        last_ram$clock = clock;
        learn_en$clock = clock;
        learn_en$d = learn_en$q;
        extern_spikes$clock = clock;
        extern_spikes$d = extern_spikes$q;
        sweep_len$clock = clock;
        sweep_len$d = sweep_len$q;
        sweep_step$clock = clock;
        sweep_step$d = sweep_step$q;
        noise$clock = clock;
        noise$reset = reset;
        controller$reset = reset;
        neuron_core$reset = reset;
        controller$tick = tick;
        controller$events_done = router$events_done;
        controller$n_neurons = n_neurons$q;
        controller$learn_en = learn_en$q && has_learning;
        controller$learn_done = stdp$done && has_learning;
        controller$t_load = cfg_we && ~reset && ~controller$busy && (cfg_mem == mem_registers) && (cfg_addr == reg_t);
        controller$t_load_value = cfg_data[(32'h0)+:(32)];
        busy = controller$busy;
        t = controller$t;
        host_write = cfg_we && ~controller$busy && ~reset;
        if (host_write && (cfg_mem == mem_registers) && (cfg_addr == reg_n_neurons)) begin
            n_neurons$d = cfg_data[(32'h0)+:(9)];
        end
        if (host_write && (cfg_mem == mem_registers) && (cfg_addr == reg_learn_en)) begin
            learn_en$d = cfg_data[32'h0];
        end
        if (host_write && (cfg_mem == mem_registers) && (cfg_addr == reg_sweep_len)) begin
            sweep_len$d = cfg_data[(32'h0)+:(13)];
        end
        if (host_write && (cfg_mem == mem_registers) && (cfg_addr == reg_sweep_step)) begin
            sweep_step$d = cfg_data[(32'h0)+:(8)];
        end
        if (host_write && has_net && (cfg_mem == mem_registers) && (cfg_addr == reg_extern_spikes)) begin
            extern_spikes$d = cfg_data[32'h0];
        end
        push_we = host_write && has_net && (cfg_mem == mem_registers) && (cfg_addr == reg_spike_push) && (cfg_data[(32'h0)+:(16)] < n_sources) && (|cfg_data[(push_count_lsb)+:(5)]) && ~spike_count$q[neuron_bits];
        noise$cfg_we_state = host_write && (cfg_mem == mem_registers) && (cfg_addr == reg_noise);
        noise$cfg_we_bits = host_write && (cfg_mem == mem_registers) && (cfg_addr == reg_noise_bits);
        noise$cfg_value = cfg_data[(32'h0)+:(32)];
        stdp$clear = reset || (host_write && (cfg_mem == mem_registers) && (cfg_addr == reg_n_neurons));
        stdp$age_step = controller$tick_taken;
        stdp$push = router$push_valid;
        stdp$push_src = router$push_src;
        stdp$run = controller$learn_run && has_learning;
        stdp$t = controller$t;
        stdp$spiked = |spike_count$q;
        stdp$sweep_len = sweep_len$q;
        stdp$sweep_step = sweep_step$q;
        stdp$fanout_rd_data = fanout_ram$read_data;
        stdp$syn_rd_data = synapse_ram$read_data;
        stdp$state_rd_data = state_rd;
        stdp$last_rd_data = last_ram$read_data;
        stdp$rule_data = learn_rules$read_data;
        stdp$table_rd_data = learn_table$read_data;
        learn_rules$read_address = dbg_addr_r$q[(32'h0)+:(3)];
        learn_table$read_address = dbg_addr_r$q[(32'h0)+:(7)];
        if (controller$busy) begin
            learn_rules$read_address = stdp$rule_addr;
            learn_table$read_address = stdp$table_rd_addr;
        end
        learn_rules$write_address = cfg_addr[(32'h0)+:(3)];
        learn_rules$write_data = cfg_data[(32'h0)+:(60)];
        learn_rules$write_enable = host_write && (cfg_mem == mem_learn_rules);
        learn_table$write_address = cfg_addr[(32'h0)+:(7)];
        learn_table$write_data = cfg_data[(32'h0)+:(16)];
        learn_table$write_enable = host_write && (cfg_mem == mem_learn_table);
        dbg_rule_r$d = learn_rules$read_data;
        last_ram$read_address = stdp$last_rd_addr;
        last_ram$write_address = cfg_addr[(32'h0)+:(8)];
        last_ram$write_data = 32'h0;
        last_ram$write_enable = host_write && (cfg_mem == mem_state);
        if (neuron_core$out_valid && neuron_core$out_spike) begin
            last_ram$write_address = neuron_core$out_tag[(32'h0)+:(8)];
            last_ram$write_data = controller$t + 32'h1;
            last_ram$write_enable = 1'b1;
        end
        ready = ~controller$busy && ~tick && ~reset && ~fifo_count$q[fifo_full_bit];
        aer_in_ready = ready;
        fifo_ram$write_address = fifo_count$q[(32'h0)+:(8)];
        fifo_ram$write_data = (((aer_in_value) & 33'h1ffffffff) << fifo_value_lsb) | (((aer_in_addr) & 33'h1ffffffff) << fifo_addr_lsb) | (((aer_in_inj) & 33'h1ffffffff) << fifo_inj_lsb);
        fifo_ram$write_enable = aer_in_valid && ready;
        if (aer_in_valid && ready) begin
            fifo_count$d = fifo_count$q + 32'h1;
        end
        if (controller$route_end || reset) begin
            fifo_count$d = 32'h0;
        end
        fifo_ram$read_address = router$fifo_rd_addr;
        router$run = controller$route_run;
        router$t_slot = controller$t_slot;
        router$fifo_count = fifo_count$q;
        router$spike_count = spike_count$q;
        router$fifo_rd_data = fifo_ram$read_data;
        router$spike_rd_data = spike_ram$read_data;
        router$spike_rd_count = spike_cnt_ram$read_data;
        router$fanout_rd_data = fanout_ram$read_data;
        router$syn_rd_data = synapse_ram$read_data;
        router$ring_rd_data = ring_ram$read_data;
        spike_ram$read_address = router$spike_rd_addr;
        spike_cnt_ram$read_address = router$spike_rd_addr;
        dbg_mem_r$d = dbg_mem;
        dbg_addr_r$d = dbg_addr;
        dbg_mem_rr$d = dbg_mem_r$q;
        fanout_ram$read_address = dbg_addr_r$q[(32'h0)+:(9)];
        synapse_ram$read_address = dbg_addr_r$q[(32'h0)+:(12)];
        if (controller$busy) begin
            fanout_ram$read_address = router$fanout_rd_addr;
            synapse_ram$read_address = router$syn_rd_addr;
        end
        if (controller$learn_run && has_learning) begin
            fanout_ram$read_address = stdp$fanout_rd_addr;
            synapse_ram$read_address = stdp$syn_rd_addr;
        end
        fanout_ram$write_address = cfg_addr[(32'h0)+:(9)];
        fanout_ram$write_data = cfg_data[(32'h0)+:(25)];
        fanout_ram$write_enable = host_write && (cfg_mem == mem_fanout);
        synapse_ram$write_address = cfg_addr[(32'h0)+:(12)];
        synapse_ram$write_data = cfg_data[(32'h0)+:(31)];
        synapse_ram$write_enable = host_write && (cfg_mem == mem_synapses);
        if (controller$learn_run && has_learning) begin
            synapse_ram$write_address = stdp$syn_wr_addr;
            synapse_ram$write_data = stdp$syn_wr_data;
            synapse_ram$write_enable = stdp$syn_we;
        end
        rd_valid$d = controller$update_read && ~reset;
        rd_neuron$d = controller$update_neuron[(32'h0)+:(8)];
        state_ram$read_address = dbg_addr_r$q[(32'h0)+:(8)];
        ring_ram$read_address = dbg_addr_r$q[(32'h0)+:(11)];
        if (controller$busy) begin
            ring_ram$read_address = router$ring_rd_addr;
        end
        if (controller$learn_run && has_learning) begin
            state_ram$read_address = stdp$state_rd_addr;
        end
        if (controller$update_read) begin
            state_ram$read_address = controller$update_neuron[(32'h0)+:(8)];
            ring_ram$read_address = (((controller$t_slot) & 11'h7ff) << neuron_bits) | ((controller$update_neuron[(32'h0)+:(8)]) & 11'h7ff);
        end
        profile_table$read_address = dbg_addr_r$q[(32'h0)+:(3)];
        if (controller$busy) begin
            profile_table$read_address = state_rd[(profile_lsb)+:(3)];
        end
        dbg_profile_r$d = profile_table$read_data;
        neuron_core$in_valid = rd_valid$q;
        neuron_core$in_tag = ((rd_neuron$q) & 16'hffff);
        neuron_core$in_profile = profile_table$read_data;
        neuron_core$in_state = state_rd;
        neuron_core$in_slot = ring_ram$read_data;
        noise$in_valid = rd_valid$q;
        noise$in_profile = ((state_rd[(profile_lsb)+:(3)]) & 3'h7);
        noise$in_kind = profile_table$read_data[(kind_lsb)+:(2)];
        neuron_core$in_noise = noise$eta;
        ring_ram$write_address = cfg_addr[(32'h0)+:(11)];
        ring_ram$write_data = cfg_data[(32'h0)+:(41)];
        ring_ram$write_enable = host_write && (cfg_mem == mem_ring);
        if (router$ring_we) begin
            ring_ram$write_address = router$ring_wr_addr;
            ring_ram$write_data = router$ring_wr_data;
            ring_ram$write_enable = 1'b1;
        end
        carry = ((neuron_core$out_state[(carry_thr_off_lsb)+:(16)]) & 41'h1ffffffffff) | (((neuron_core$out_state[(carry_mod_level_lsb)+:(16)]) & 41'h1ffffffffff) << carry_m_lsb);
        if (neuron_core$out_state[carry_thr_off_msb]) begin
            carry = carry | carry_a_ext;
        end
        if (neuron_core$out_valid) begin
            ring_ram$write_address = (((controller$t_slot) & 11'h7ff) << neuron_bits) | ((neuron_core$out_tag[(32'h0)+:(8)]) & 11'h7ff);
            ring_ram$write_data = 32'h0;
            if (neuron_core$out_xylo) begin
                ring_ram$write_address = (((controller$t_slot + one_db) & 11'h7ff) << neuron_bits) | ((neuron_core$out_tag[(32'h0)+:(8)]) & 11'h7ff);
                ring_ram$write_data = carry;
            end
            ring_ram$write_enable = 1'b1;
        end
        if (controller$clear_run) begin
            ring_ram$write_address = controller$clear_addr;
            ring_ram$write_data = 32'h0;
            ring_ram$write_enable = 1'b1;
        end
        state_ram$write_address = cfg_addr[(32'h0)+:(8)];
        state_wr = cfg_data[(32'h0)+:(100)];
        state_ram$write_enable = host_write && (cfg_mem == mem_state);
        if (neuron_core$out_valid) begin
            state_ram$write_address = neuron_core$out_tag[(32'h0)+:(8)];
            state_wr = neuron_core$out_state;
            state_ram$write_enable = 1'b1;
        end
        state_wr_kept = state_wr & state_kept;
        state_ram$write_data = ((state_wr_kept[(32'h0)+:(24)]) & 100'hfffffffffffffffffffffffff) | (((state_wr_kept[(32'h31)+:(51)]) & 100'hfffffffffffffffffffffffff) << 32'h18) | (((state_wr_kept[(32'h18)+:(25)]) & 100'hfffffffffffffffffffffffff) << 32'h4b);
        profile_table$write_address = cfg_addr[(32'h0)+:(3)];
        profile_table$write_data = cfg_data[(32'h0)+:(127)];
        profile_table$write_enable = host_write && (cfg_mem == mem_profiles);
        own_we = neuron_core$out_valid && neuron_core$out_spike && ~extern_spikes$q;
        spike_ram$write_address = spike_count$q[(32'h0)+:(8)];
        spike_ram$write_data = ((neuron_core$out_tag[(32'h0)+:(8)]) & 9'h1ff);
        spike_cnt_ram$write_address = spike_count$q[(32'h0)+:(8)];
        spike_cnt_ram$write_data = neuron_core$out_count;
        if (push_we) begin
            spike_ram$write_data = cfg_data[(32'h0)+:(9)];
            spike_cnt_ram$write_data = cfg_data[(push_count_lsb)+:(5)];
        end
        spike_ram$write_enable = own_we || push_we;
        spike_cnt_ram$write_enable = own_we || push_we;
        if (own_we || push_we) begin
            spike_count$d = spike_count$q + 32'h1;
        end
        if (controller$route_end || reset) begin
            spike_count$d = 32'h0;
        end
        out_valid_r$d = neuron_core$out_valid && neuron_core$out_spike && ~reset;
        out_addr_r$d = neuron_core$out_tag;
        out_t_r$d = controller$t;
        out_count_r$d = neuron_core$out_count;
        aer_out_count = out_count_r$q;
        aer_out_valid = out_valid_r$q;
        aer_out_addr = out_addr_r$q;
        aer_out_t = out_t_r$q;
        dbg_data = 32'h0;
        if (dbg_mem_rr$q == mem_profiles) begin
            dbg_data = ((dbg_profile_r$q) & 128'hffffffffffffffffffffffffffffffff);
        end
        if (dbg_mem_rr$q == mem_state) begin
            dbg_data = ((state_rd) & 128'hffffffffffffffffffffffffffffffff);
        end
        if (dbg_mem_rr$q == mem_fanout) begin
            dbg_data = ((fanout_ram$read_data) & 128'hffffffffffffffffffffffffffffffff);
        end
        if (dbg_mem_rr$q == mem_synapses) begin
            dbg_data = ((synapse_ram$read_data) & 128'hffffffffffffffffffffffffffffffff);
        end
        if (dbg_mem_rr$q == mem_ring) begin
            dbg_data = ((ring_ram$read_data) & 128'hffffffffffffffffffffffffffffffff);
        end
        if ((dbg_mem_rr$q == mem_learn_rules) && has_learning) begin
            dbg_data = ((dbg_rule_r$q) & 128'hffffffffffffffffffffffffffffffff);
        end
        if ((dbg_mem_rr$q == mem_learn_table) && has_learning) begin
            dbg_data = ((learn_table$read_data) & 128'hffffffffffffffffffffffffffffffff);
        end
    end
    
endmodule // flux_core_small


module flux_core_small_controller(clock,reset,tick,events_done,n_neurons,learn_en,learn_done,t_load,t_load_value,learn_run,tick_taken,busy,route_run,update_read,update_neuron,route_end,t,t_slot,clear_run,clear_addr);
    
    // Module arguments
    input wire  clock;
    input wire  reset;
    input wire  tick;
    input wire  events_done;
    input wire  [8:0] n_neurons;
    input wire  learn_en;
    input wire  learn_done;
    input wire  t_load;
    input wire  [31:0] t_load_value;
    output reg  learn_run;
    output reg  tick_taken;
    output reg  busy;
    output reg  route_run;
    output reg  update_read;
    output reg  [8:0] update_neuron;
    output reg  route_end;
    output reg  [31:0] t;
    output reg  [2:0] t_slot;
    output reg  clear_run;
    output reg  [10:0] clear_addr;
    
    // Constant declarations
    localparam  drain_wait = 8'h1;
    localparam  flush_wait = 8'h6;
    
    // Enums
    localparam Phase$Idle = 0;
    localparam Phase$Route = 1;
    localparam Phase$Drain = 2;
    localparam Phase$Update = 3;
    localparam Phase$Flush = 4;
    localparam Phase$Learn = 5;
    localparam Phase$Clear = 6;
    
    // Stub signals
    reg  [2:0] phase$d;
    wire  [2:0] phase$q;
    reg  phase$clock;
    reg  [7:0] countdown$d;
    wire  [7:0] countdown$q;
    reg  countdown$clock;
    reg  [8:0] neuron$d;
    wire  [8:0] neuron$q;
    reg  neuron$clock;
    reg  [31:0] t_count$d;
    wire  [31:0] t_count$q;
    reg  t_count$clock;
    reg  [10:0] clear_ptr$d;
    wire  [10:0] clear_ptr$q;
    reg  clear_ptr$clock;
    
    // Sub module instances
    flux_core_small_controller_phase phase(
        .d(phase$d),
        .q(phase$q),
        .clock(phase$clock)
    );
    flux_core_small_controller_countdown countdown(
        .d(countdown$d),
        .q(countdown$q),
        .clock(countdown$clock)
    );
    flux_core_small_controller_neuron neuron(
        .d(neuron$d),
        .q(neuron$q),
        .clock(neuron$clock)
    );
    flux_core_small_controller_t_count t_count(
        .d(t_count$d),
        .q(t_count$q),
        .clock(t_count$clock)
    );
    flux_core_small_controller_clear_ptr clear_ptr(
        .d(clear_ptr$d),
        .q(clear_ptr$q),
        .clock(clear_ptr$clock)
    );
    
    // Update code
    always @(*) begin
        phase$clock = clock;
        countdown$clock = clock;
        neuron$clock = clock;
        t_count$clock = clock;
        clear_ptr$clock = clock;
        phase$d = phase$q;
        countdown$d = countdown$q;
        neuron$d = neuron$q;
        t_count$d = t_count$q;
        clear_ptr$d = clear_ptr$q;
        busy = phase$q != Phase$Idle;
        route_run = phase$q == Phase$Route;
        update_read = phase$q == Phase$Update;
        update_neuron = neuron$q;
        route_end = 1'b0;
        learn_run = phase$q == Phase$Learn;
        tick_taken = (phase$q == Phase$Idle) && tick && ~reset;
        clear_run = phase$q == Phase$Clear;
        clear_addr = clear_ptr$q;
        t = t_count$q;
        t_slot = t_count$q[(32'h0)+:(3)];
        case (phase$q)
            Phase$Idle:
                begin
                    if (t_load) begin
                        t_count$d = t_load_value;
                    end
                    if (tick) begin
                        phase$d = Phase$Route;
                    end
                end
            Phase$Route:
                begin
                    if (events_done) begin
                        phase$d = Phase$Drain;
                        countdown$d = drain_wait;
                    end
                end
            Phase$Drain:
                begin
                    countdown$d = countdown$q - 32'h1;
                    if (~|countdown$q) begin
                        route_end = 1'b1;
                        neuron$d = 32'h0;
                        if (|n_neurons) begin
                            phase$d = Phase$Update;
                        end
                        else begin
                            phase$d = Phase$Flush;
                            countdown$d = flush_wait;
                        end
                    end
                end
            Phase$Update:
                begin
                    neuron$d = neuron$q + 32'h1;
                    if ((neuron$q + 32'h1) == n_neurons) begin
                        phase$d = Phase$Flush;
                        countdown$d = flush_wait;
                    end
                end
            Phase$Flush:
                begin
                    countdown$d = countdown$q - 32'h1;
                    if (~|countdown$q) begin
                        if (learn_en) begin
                            phase$d = Phase$Learn;
                        end
                        else begin
                            phase$d = Phase$Idle;
                            t_count$d = t_count$q + 32'h1;
                        end
                    end
                end
            Phase$Learn:
                begin
                    if (learn_done) begin
                        phase$d = Phase$Idle;
                        t_count$d = t_count$q + 32'h1;
                    end
                end
            Phase$Clear:
                begin
                    clear_ptr$d = clear_ptr$q + 32'h1;
                    if (~|(~clear_ptr$q)) begin
                        phase$d = Phase$Idle;
                    end
                end
        endcase
        if (reset) begin
            phase$d = Phase$Clear;
            clear_ptr$d = 32'h0;
            t_count$d = 32'h0;
            countdown$d = 32'h0;
            neuron$d = 32'h0;
        end
    end
    
endmodule // flux_core_small_controller


module flux_core_small_controller_clear_ptr(d,q,clock);
    
    // Module arguments
    input wire  [10:0] d;
    output reg  [10:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 11'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_controller_clear_ptr


module flux_core_small_controller_countdown(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_controller_countdown


module flux_core_small_controller_neuron(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_controller_neuron


module flux_core_small_controller_phase(d,q,clock);
    
    // Module arguments
    input wire  [2:0] d;
    output reg  [2:0] q;
    input wire  clock;
    
    // Enums
    localparam Phase$Idle = 0;
    localparam Phase$Route = 1;
    localparam Phase$Drain = 2;
    localparam Phase$Update = 3;
    localparam Phase$Flush = 4;
    localparam Phase$Learn = 5;
    localparam Phase$Clear = 6;
    
    // Update code (custom)
    initial begin
       q = 64'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_controller_phase


module flux_core_small_controller_t_count(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_controller_t_count


module flux_core_small_dbg_addr_r(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_dbg_addr_r


module flux_core_small_dbg_mem_r(d,q,clock);
    
    // Module arguments
    input wire  [2:0] d;
    output reg  [2:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 3'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_dbg_mem_r


module flux_core_small_dbg_mem_rr(d,q,clock);
    
    // Module arguments
    input wire  [2:0] d;
    output reg  [2:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 3'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_dbg_mem_rr


module flux_core_small_dbg_profile_r(d,q,clock);
    
    // Module arguments
    input wire  [126:0] d;
    output reg  [126:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 127'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_dbg_profile_r


module flux_core_small_dbg_rule_r(d,q,clock);
    
    // Module arguments
    input wire  [59:0] d;
    output reg  [59:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 60'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_dbg_rule_r


module flux_core_small_extern_spikes(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Constant declarations
    localparam  init = 1'b0;
    
    // Stub signals
    reg  dff$d;
    wire  dff$q;
    reg  dff$clock;
    
    // Sub module instances
    flux_core_small_extern_spikes_dff dff(
        .d(dff$d),
        .q(dff$q),
        .clock(dff$clock)
    );
    
    // Update code
    always @(*) begin
        dff$clock = clock;
        q = dff$q ^ init;
        dff$d = d ^ init;
    end
    
endmodule // flux_core_small_extern_spikes


module flux_core_small_extern_spikes_dff(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_extern_spikes_dff


module flux_core_small_fanout_ram(clock,read_address,read_data,write_address,write_data,write_enable);
    
    // Module arguments
    input wire  clock;
    input wire  [8:0] read_address;
    output reg  [24:0] read_data;
    input wire  [8:0] write_address;
    input wire  [24:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg [24:0] mem [0:511];
    
    always @(posedge clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
endmodule // flux_core_small_fanout_ram


module flux_core_small_fifo_count(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_fifo_count


module flux_core_small_fifo_ram(clock,read_address,read_data,write_address,write_data,write_enable);
    
    // Module arguments
    input wire  clock;
    input wire  [7:0] read_address;
    output reg  [32:0] read_data;
    input wire  [7:0] write_address;
    input wire  [32:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg [32:0] mem [0:255];
    
    always @(posedge clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
endmodule // flux_core_small_fifo_ram


module flux_core_small_last_ram(clock,read_address,read_data,write_address,write_data,write_enable);
    
    // Module arguments
    input wire  clock;
    input wire  [7:0] read_address;
    output reg  [31:0] read_data;
    input wire  [7:0] write_address;
    input wire  [31:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg [31:0] mem [0:255];
    
    always @(posedge clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
endmodule // flux_core_small_last_ram


module flux_core_small_learn_en(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Constant declarations
    localparam  init = 1'b0;
    
    // Stub signals
    reg  dff$d;
    wire  dff$q;
    reg  dff$clock;
    
    // Sub module instances
    flux_core_small_learn_en_dff dff(
        .d(dff$d),
        .q(dff$q),
        .clock(dff$clock)
    );
    
    // Update code
    always @(*) begin
        dff$clock = clock;
        q = dff$q ^ init;
        dff$d = d ^ init;
    end
    
endmodule // flux_core_small_learn_en


module flux_core_small_learn_en_dff(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_learn_en_dff


module flux_core_small_learn_rules(clock,read_address,read_data,write_address,write_data,write_enable);
    
    // Module arguments
    input wire  clock;
    input wire  [2:0] read_address;
    output reg  [59:0] read_data;
    input wire  [2:0] write_address;
    input wire  [59:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg [59:0] mem [0:7];
    
    always @(*) begin
       read_data = mem[read_address];
    end
    
    always @(posedge clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
endmodule // flux_core_small_learn_rules


module flux_core_small_learn_table(clock,read_address,read_data,write_address,write_data,write_enable);
    
    // Module arguments
    input wire  clock;
    input wire  [6:0] read_address;
    output reg  [15:0] read_data;
    input wire  [6:0] write_address;
    input wire  [15:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg [15:0] mem [0:127];
    
    always @(posedge clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
endmodule // flux_core_small_learn_table


module flux_core_small_n_neurons(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Constant declarations
    localparam  init = 9'b0;
    
    // Stub signals
    reg  [8:0] dff$d;
    wire  [8:0] dff$q;
    reg  dff$clock;
    
    // Sub module instances
    flux_core_small_n_neurons_dff dff(
        .d(dff$d),
        .q(dff$q),
        .clock(dff$clock)
    );
    
    // Update code
    always @(*) begin
        dff$clock = clock;
        q = dff$q ^ init;
        dff$d = d ^ init;
    end
    
endmodule // flux_core_small_n_neurons


module flux_core_small_n_neurons_dff(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_n_neurons_dff


module flux_core_small_neuron_core(clock,reset,in_valid,in_tag,in_profile,in_state,in_slot,in_noise,out_valid,out_tag,out_state,out_spike,out_count,out_xylo);
    
    // Module arguments
    input wire  clock;
    input wire  reset;
    input wire  in_valid;
    input wire  [15:0] in_tag;
    input wire  [126:0] in_profile;
    input wire  [99:0] in_state;
    input wire  [40:0] in_slot;
    input wire  [15:0] in_noise;
    output reg  out_valid;
    output reg  [15:0] out_tag;
    output reg  [99:0] out_state;
    output reg  out_spike;
    output reg  [4:0] out_count;
    output reg  out_xylo;
    
    // Constant declarations
    localparam  lsb_v = 7'b0;
    localparam  lsb_u = 7'b11000;
    localparam  lsb_thr_off = 7'b110001;
    localparam  lsb_mod_level = 7'b1000001;
    localparam  lsb_ref_cnt = 7'b1010001;
    localparam  lsb_quiet_cnt = 7'b1011001;
    localparam  lsb_profile = 7'b1100001;
    localparam  lsb_kind = 7'b0;
    localparam  has_cuba = 1'b1;
    localparam  has_izh = 1'b1;
    localparam  has_xylo = 1'b1;
    localparam  kind_cuba = 2'b1;
    localparam  kind_izh = 2'b10;
    localparam  kind_xylo = 2'b11;
    localparam  lsb_dash_mem = 7'b10;
    localparam  lsb_dash_syn1 = 7'b110;
    localparam  lsb_dash_syn2 = 7'b1010;
    localparam  lsb_xylo_v_th = 7'b1110;
    localparam  lsb_xylo_bias = 7'b11101;
    localparam  lsb_cap = 7'b101101;
    localparam  lsb_k2 = 7'b10;
    localparam  lsb_k1 = 7'b10010;
    localparam  lsb_k0 = 7'b100010;
    localparam  lsb_a = 7'b110010;
    localparam  lsb_ab = 7'b1000001;
    localparam  lsb_ub = 7'b1010001;
    localparam  lsb_c = 7'b1100001;
    localparam  lsb_d = 7'b1101011;
    localparam  lsb_in_shift = 7'b1111011;
    localparam  lsb_ref_period = 7'b10;
    localparam  lsb_reset_mode = 7'b1010;
    localparam  lsb_leak_mode = 7'b1011;
    localparam  lsb_v_rest = 7'b1100;
    localparam  lsb_v_reset = 7'b11100;
    localparam  lsb_thr = 7'b101100;
    localparam  lsb_leak = 7'b111100;
    localparam  lsb_hab_rate = 7'b1001000;
    localparam  lsb_pot_rate = 7'b1010000;
    localparam  lsb_quiet_steps = 7'b1011000;
    localparam  lsb_thr_off_max = 7'b1100000;
    localparam  lsb_mod_relax = 7'b1101111;
    localparam  lsb_mod_gain = 7'b1110111;
    localparam  lsb_du = 7'b1010;
    localparam  lsb_dv = 7'b10110;
    localparam  lsb_vth = 7'b100010;
    localparam  lsb_bias_mant = 7'b110011;
    localparam  lsb_bias_exp = 7'b1000000;
    localparam  lsb_a_in = 7'b0;
    localparam  lsb_m_in = 7'b11000;
    localparam  lsb_e = 7'b101000;
    localparam  one_8 = 8'h1;
    
    // Stub signals
    reg  valid_pipe$0$d;
    wire  valid_pipe$0$q;
    reg  valid_pipe$0$clock;
    reg  valid_pipe$1$d;
    wire  valid_pipe$1$q;
    reg  valid_pipe$1$clock;
    reg  valid_pipe$2$d;
    wire  valid_pipe$2$q;
    reg  valid_pipe$2$clock;
    reg  valid_pipe$3$d;
    wire  valid_pipe$3$q;
    reg  valid_pipe$3$clock;
    reg  valid_pipe$4$d;
    wire  valid_pipe$4$q;
    reg  valid_pipe$4$clock;
    reg  [15:0] tag_pipe$0$d;
    wire  [15:0] tag_pipe$0$q;
    reg  tag_pipe$0$clock;
    reg  [15:0] tag_pipe$1$d;
    wire  [15:0] tag_pipe$1$q;
    reg  tag_pipe$1$clock;
    reg  [15:0] tag_pipe$2$d;
    wire  [15:0] tag_pipe$2$q;
    reg  tag_pipe$2$clock;
    reg  [15:0] tag_pipe$3$d;
    wire  [15:0] tag_pipe$3$q;
    reg  tag_pipe$3$clock;
    reg  [15:0] tag_pipe$4$d;
    wire  [15:0] tag_pipe$4$q;
    reg  tag_pipe$4$clock;
    reg  [1:0] s1_kind$d;
    wire  [1:0] s1_kind$q;
    reg  s1_kind$clock;
    reg  s1_refr$d;
    wire  s1_refr$q;
    reg  s1_refr$clock;
    reg  [7:0] s1_ref_held$d;
    wire  [7:0] s1_ref_held$q;
    reg  s1_ref_held$clock;
    reg  [7:0] s1_ref_period$d;
    wire  [7:0] s1_ref_period$q;
    reg  s1_ref_period$clock;
    reg  s1_e$d;
    wire  s1_e$q;
    reg  s1_e$clock;
    reg  [23:0] s1_v$d;
    wire  [23:0] s1_v$q;
    reg  s1_v$clock;
    reg  [24:0] s1_u$d;
    wire  [24:0] s1_u$q;
    reg  s1_u$clock;
    reg  [2:0] s1_profile$d;
    wire  [2:0] s1_profile$q;
    reg  s1_profile$clock;
    reg  [1:0] s2_kind$d;
    wire  [1:0] s2_kind$q;
    reg  s2_kind$clock;
    reg  s2_refr$d;
    wire  s2_refr$q;
    reg  s2_refr$clock;
    reg  [7:0] s2_ref_held$d;
    wire  [7:0] s2_ref_held$q;
    reg  s2_ref_held$clock;
    reg  [7:0] s2_ref_period$d;
    wire  [7:0] s2_ref_period$q;
    reg  s2_ref_period$clock;
    reg  s2_e$d;
    wire  s2_e$q;
    reg  s2_e$clock;
    reg  [23:0] s2_v$d;
    wire  [23:0] s2_v$q;
    reg  s2_v$clock;
    reg  [24:0] s2_u$d;
    wire  [24:0] s2_u$q;
    reg  s2_u$clock;
    reg  [2:0] s2_profile$d;
    wire  [2:0] s2_profile$q;
    reg  s2_profile$clock;
    reg  [15:0] s2_thr_off$d;
    wire  [15:0] s2_thr_off$q;
    reg  s2_thr_off$clock;
    reg  [15:0] s2_mod_level$d;
    wire  [15:0] s2_mod_level$q;
    reg  s2_mod_level$clock;
    reg  [7:0] s2_quiet_cnt$d;
    wire  [7:0] s2_quiet_cnt$q;
    reg  s2_quiet_cnt$clock;
    reg  [1:0] s3_kind$d;
    wire  [1:0] s3_kind$q;
    reg  s3_kind$clock;
    reg  s3_refr$d;
    wire  s3_refr$q;
    reg  s3_refr$clock;
    reg  [7:0] s3_ref_held$d;
    wire  [7:0] s3_ref_held$q;
    reg  s3_ref_held$clock;
    reg  [7:0] s3_ref_period$d;
    wire  [7:0] s3_ref_period$q;
    reg  s3_ref_period$clock;
    reg  s3_e$d;
    wire  s3_e$q;
    reg  s3_e$clock;
    reg  [23:0] s3_v$d;
    wire  [23:0] s3_v$q;
    reg  s3_v$clock;
    reg  [24:0] s3_u$d;
    wire  [24:0] s3_u$q;
    reg  s3_u$clock;
    reg  [2:0] s3_profile$d;
    wire  [2:0] s3_profile$q;
    reg  s3_profile$clock;
    reg  [15:0] s3_thr_off$d;
    wire  [15:0] s3_thr_off$q;
    reg  s3_thr_off$clock;
    reg  [15:0] s3_mod_level$d;
    wire  [15:0] s3_mod_level$q;
    reg  s3_mod_level$clock;
    reg  [7:0] s3_quiet_cnt$d;
    wire  [7:0] s3_quiet_cnt$q;
    reg  s3_quiet_cnt$clock;
    reg  [1:0] s4_kind$d;
    wire  [1:0] s4_kind$q;
    reg  s4_kind$clock;
    reg  s4_refr$d;
    wire  s4_refr$q;
    reg  s4_refr$clock;
    reg  [7:0] s4_ref_held$d;
    wire  [7:0] s4_ref_held$q;
    reg  s4_ref_held$clock;
    reg  [7:0] s4_ref_period$d;
    wire  [7:0] s4_ref_period$q;
    reg  s4_ref_period$clock;
    reg  s4_e$d;
    wire  s4_e$q;
    reg  s4_e$clock;
    reg  [23:0] s4_v$d;
    wire  [23:0] s4_v$q;
    reg  s4_v$clock;
    reg  [2:0] s4_profile$d;
    wire  [2:0] s4_profile$q;
    reg  s4_profile$clock;
    reg  [15:0] s4_thr_off$d;
    wire  [15:0] s4_thr_off$q;
    reg  s4_thr_off$clock;
    reg  [15:0] s4_mod_level$d;
    wire  [15:0] s4_mod_level$q;
    reg  s4_mod_level$clock;
    reg  [7:0] s4_quiet_cnt$d;
    wire  [7:0] s4_quiet_cnt$q;
    reg  s4_quiet_cnt$clock;
    reg  s5_spike$d;
    wire  s5_spike$q;
    reg  s5_spike$clock;
    reg  [4:0] s5_count$d;
    wire  [4:0] s5_count$q;
    reg  s5_count$clock;
    reg  s5_xylo$d;
    wire  s5_xylo$q;
    reg  s5_xylo$clock;
    reg  [23:0] s5_v$d;
    wire  [23:0] s5_v$q;
    reg  s5_v$clock;
    reg  [24:0] s5_u$d;
    wire  [24:0] s5_u$q;
    reg  s5_u$clock;
    reg  [15:0] s5_thr_off$d;
    wire  [15:0] s5_thr_off$q;
    reg  s5_thr_off$clock;
    reg  [15:0] s5_mod_level$d;
    wire  [15:0] s5_mod_level$q;
    reg  s5_mod_level$clock;
    reg  [7:0] s5_ref_cnt$d;
    wire  [7:0] s5_ref_cnt$q;
    reg  s5_ref_cnt$clock;
    reg  [7:0] s5_quiet_cnt$d;
    wire  [7:0] s5_quiet_cnt$q;
    reg  s5_quiet_cnt$clock;
    reg  [2:0] s5_profile$d;
    wire  [2:0] s5_profile$q;
    reg  s5_profile$clock;
    reg  flux$clock;
    reg  flux$pf_kind;
    reg  [7:0] flux$pf_hab_rate;
    reg  [11:0] flux$pf_leak;
    reg  flux$pf_leak_mode;
    reg  [7:0] flux$pf_mod_gain;
    reg  [7:0] flux$pf_mod_relax;
    reg  [7:0] flux$pf_pot_rate;
    reg  [7:0] flux$pf_quiet_steps;
    reg  flux$pf_reset_mode;
    reg  [15:0] flux$pf_thr;
    reg  [14:0] flux$pf_thr_off_max;
    reg  [15:0] flux$pf_v_reset;
    reg  [15:0] flux$pf_v_rest;
    reg  flux$refr;
    reg  [23:0] flux$sl_a_in;
    reg  [15:0] flux$sl_m_in;
    reg  [15:0] flux$st_mod_level;
    reg  [7:0] flux$st_quiet_cnt;
    reg  [15:0] flux$st_thr_off;
    reg  [23:0] flux$st_v;
    reg  [15:0] flux$noise;
    reg  flux$refr2;
    reg  [23:0] flux$v2;
    reg  flux$e3;
    reg  flux$refr3;
    wire  [15:0] flux$thr_off_1;
    wire  [15:0] flux$mod_level_1;
    wire  [7:0] flux$quiet_cnt_1;
    wire  flux$spike;
    wire  [23:0] flux$v_next;
    wire  flux$ref_clear;
    wire  flux$ref_load;
    reg  cuba$clock;
    reg  [2:0] cuba$pf_bias_exp;
    reg  [12:0] cuba$pf_bias_mant;
    reg  [11:0] cuba$pf_du;
    reg  [11:0] cuba$pf_dv;
    reg  [16:0] cuba$pf_vth;
    reg  [23:0] cuba$sl_a_in;
    reg  [24:0] cuba$st_u;
    reg  [23:0] cuba$st_v;
    reg  [24:0] cuba$u3;
    reg  cuba$kind3;
    wire  [24:0] cuba$u_4;
    wire  [23:0] cuba$v_clamped;
    wire  cuba$over;
    reg  izh$clock;
    reg  [15:0] izh$pf_k2;
    reg  [15:0] izh$pf_k1;
    reg  [15:0] izh$pf_k0;
    reg  [14:0] izh$pf_a;
    reg  [15:0] izh$pf_ab;
    reg  [15:0] izh$pf_ub;
    reg  [9:0] izh$pf_c;
    reg  [15:0] izh$pf_d;
    reg  [2:0] izh$pf_in_shift;
    reg  [23:0] izh$sl_a_in;
    reg  [24:0] izh$st_u;
    reg  [23:0] izh$st_v;
    wire  izh$over;
    wire  [23:0] izh$v_keep;
    wire  [23:0] izh$v_spiked;
    wire  [24:0] izh$u_keep;
    wire  [24:0] izh$u_spiked;
    reg  xylo$clock;
    reg  [3:0] xylo$pf_dash_mem;
    reg  [3:0] xylo$pf_dash_syn1;
    reg  [3:0] xylo$pf_dash_syn2;
    reg  [14:0] xylo$pf_v_th;
    reg  [15:0] xylo$pf_bias;
    reg  [4:0] xylo$pf_cap;
    reg  [23:0] xylo$sl_a_in;
    reg  [15:0] xylo$sl_m_in;
    reg  [23:0] xylo$st_v;
    wire  [15:0] xylo$cur1;
    wire  [15:0] xylo$cur2;
    wire  [4:0] xylo$count;
    wire  [23:0] xylo$v_next;
    
    // Local signals
    reg  [23:0] st_v;
    reg  [24:0] st_u;
    reg  [15:0] st_thr_off;
    reg  [15:0] st_mod_level;
    reg  [7:0] st_ref_cnt;
    reg  [7:0] st_quiet_cnt;
    reg  [2:0] st_profile;
    reg  [1:0] pf_kind;
    reg  [1:0] pf_kind_raw;
    reg  [15:0] pf_k2;
    reg  [15:0] pf_k1;
    reg  [15:0] pf_k0;
    reg  [14:0] pf_a;
    reg  [15:0] pf_ab;
    reg  [15:0] pf_ub;
    reg  [9:0] pf_c;
    reg  [15:0] pf_d;
    reg  [2:0] pf_in_shift;
    reg  [7:0] pf_ref_period;
    reg  pf_reset_mode;
    reg  pf_leak_mode;
    reg  [15:0] pf_v_rest;
    reg  [15:0] pf_v_reset;
    reg  [15:0] pf_thr;
    reg  [11:0] pf_leak;
    reg  [7:0] pf_hab_rate;
    reg  [7:0] pf_pot_rate;
    reg  [7:0] pf_quiet_steps;
    reg  [14:0] pf_thr_off_max;
    reg  [7:0] pf_mod_relax;
    reg  [7:0] pf_mod_gain;
    reg  [11:0] pf_du;
    reg  [11:0] pf_dv;
    reg  [16:0] pf_vth;
    reg  [12:0] pf_bias_mant;
    reg  [2:0] pf_bias_exp;
    reg  [23:0] sl_a_in;
    reg  [15:0] sl_m_in;
    reg  sl_e;
    reg  refr;
    reg  cuba_spike;
    reg  spike5;
    
    // Sub module instances
    flux_core_small_neuron_core_valid_pipe_0 valid_pipe$0(
        .d(valid_pipe$0$d),
        .q(valid_pipe$0$q),
        .clock(valid_pipe$0$clock)
    );
    flux_core_small_neuron_core_valid_pipe_1 valid_pipe$1(
        .d(valid_pipe$1$d),
        .q(valid_pipe$1$q),
        .clock(valid_pipe$1$clock)
    );
    flux_core_small_neuron_core_valid_pipe_2 valid_pipe$2(
        .d(valid_pipe$2$d),
        .q(valid_pipe$2$q),
        .clock(valid_pipe$2$clock)
    );
    flux_core_small_neuron_core_valid_pipe_3 valid_pipe$3(
        .d(valid_pipe$3$d),
        .q(valid_pipe$3$q),
        .clock(valid_pipe$3$clock)
    );
    flux_core_small_neuron_core_valid_pipe_4 valid_pipe$4(
        .d(valid_pipe$4$d),
        .q(valid_pipe$4$q),
        .clock(valid_pipe$4$clock)
    );
    flux_core_small_neuron_core_tag_pipe_0 tag_pipe$0(
        .d(tag_pipe$0$d),
        .q(tag_pipe$0$q),
        .clock(tag_pipe$0$clock)
    );
    flux_core_small_neuron_core_tag_pipe_1 tag_pipe$1(
        .d(tag_pipe$1$d),
        .q(tag_pipe$1$q),
        .clock(tag_pipe$1$clock)
    );
    flux_core_small_neuron_core_tag_pipe_2 tag_pipe$2(
        .d(tag_pipe$2$d),
        .q(tag_pipe$2$q),
        .clock(tag_pipe$2$clock)
    );
    flux_core_small_neuron_core_tag_pipe_3 tag_pipe$3(
        .d(tag_pipe$3$d),
        .q(tag_pipe$3$q),
        .clock(tag_pipe$3$clock)
    );
    flux_core_small_neuron_core_tag_pipe_4 tag_pipe$4(
        .d(tag_pipe$4$d),
        .q(tag_pipe$4$q),
        .clock(tag_pipe$4$clock)
    );
    flux_core_small_neuron_core_s1_kind s1_kind(
        .d(s1_kind$d),
        .q(s1_kind$q),
        .clock(s1_kind$clock)
    );
    flux_core_small_neuron_core_s1_refr s1_refr(
        .d(s1_refr$d),
        .q(s1_refr$q),
        .clock(s1_refr$clock)
    );
    flux_core_small_neuron_core_s1_ref_held s1_ref_held(
        .d(s1_ref_held$d),
        .q(s1_ref_held$q),
        .clock(s1_ref_held$clock)
    );
    flux_core_small_neuron_core_s1_ref_period s1_ref_period(
        .d(s1_ref_period$d),
        .q(s1_ref_period$q),
        .clock(s1_ref_period$clock)
    );
    flux_core_small_neuron_core_s1_e s1_e(
        .d(s1_e$d),
        .q(s1_e$q),
        .clock(s1_e$clock)
    );
    flux_core_small_neuron_core_s1_v s1_v(
        .d(s1_v$d),
        .q(s1_v$q),
        .clock(s1_v$clock)
    );
    flux_core_small_neuron_core_s1_u s1_u(
        .d(s1_u$d),
        .q(s1_u$q),
        .clock(s1_u$clock)
    );
    flux_core_small_neuron_core_s1_profile s1_profile(
        .d(s1_profile$d),
        .q(s1_profile$q),
        .clock(s1_profile$clock)
    );
    flux_core_small_neuron_core_s2_kind s2_kind(
        .d(s2_kind$d),
        .q(s2_kind$q),
        .clock(s2_kind$clock)
    );
    flux_core_small_neuron_core_s2_refr s2_refr(
        .d(s2_refr$d),
        .q(s2_refr$q),
        .clock(s2_refr$clock)
    );
    flux_core_small_neuron_core_s2_ref_held s2_ref_held(
        .d(s2_ref_held$d),
        .q(s2_ref_held$q),
        .clock(s2_ref_held$clock)
    );
    flux_core_small_neuron_core_s2_ref_period s2_ref_period(
        .d(s2_ref_period$d),
        .q(s2_ref_period$q),
        .clock(s2_ref_period$clock)
    );
    flux_core_small_neuron_core_s2_e s2_e(
        .d(s2_e$d),
        .q(s2_e$q),
        .clock(s2_e$clock)
    );
    flux_core_small_neuron_core_s2_v s2_v(
        .d(s2_v$d),
        .q(s2_v$q),
        .clock(s2_v$clock)
    );
    flux_core_small_neuron_core_s2_u s2_u(
        .d(s2_u$d),
        .q(s2_u$q),
        .clock(s2_u$clock)
    );
    flux_core_small_neuron_core_s2_profile s2_profile(
        .d(s2_profile$d),
        .q(s2_profile$q),
        .clock(s2_profile$clock)
    );
    flux_core_small_neuron_core_s2_thr_off s2_thr_off(
        .d(s2_thr_off$d),
        .q(s2_thr_off$q),
        .clock(s2_thr_off$clock)
    );
    flux_core_small_neuron_core_s2_mod_level s2_mod_level(
        .d(s2_mod_level$d),
        .q(s2_mod_level$q),
        .clock(s2_mod_level$clock)
    );
    flux_core_small_neuron_core_s2_quiet_cnt s2_quiet_cnt(
        .d(s2_quiet_cnt$d),
        .q(s2_quiet_cnt$q),
        .clock(s2_quiet_cnt$clock)
    );
    flux_core_small_neuron_core_s3_kind s3_kind(
        .d(s3_kind$d),
        .q(s3_kind$q),
        .clock(s3_kind$clock)
    );
    flux_core_small_neuron_core_s3_refr s3_refr(
        .d(s3_refr$d),
        .q(s3_refr$q),
        .clock(s3_refr$clock)
    );
    flux_core_small_neuron_core_s3_ref_held s3_ref_held(
        .d(s3_ref_held$d),
        .q(s3_ref_held$q),
        .clock(s3_ref_held$clock)
    );
    flux_core_small_neuron_core_s3_ref_period s3_ref_period(
        .d(s3_ref_period$d),
        .q(s3_ref_period$q),
        .clock(s3_ref_period$clock)
    );
    flux_core_small_neuron_core_s3_e s3_e(
        .d(s3_e$d),
        .q(s3_e$q),
        .clock(s3_e$clock)
    );
    flux_core_small_neuron_core_s3_v s3_v(
        .d(s3_v$d),
        .q(s3_v$q),
        .clock(s3_v$clock)
    );
    flux_core_small_neuron_core_s3_u s3_u(
        .d(s3_u$d),
        .q(s3_u$q),
        .clock(s3_u$clock)
    );
    flux_core_small_neuron_core_s3_profile s3_profile(
        .d(s3_profile$d),
        .q(s3_profile$q),
        .clock(s3_profile$clock)
    );
    flux_core_small_neuron_core_s3_thr_off s3_thr_off(
        .d(s3_thr_off$d),
        .q(s3_thr_off$q),
        .clock(s3_thr_off$clock)
    );
    flux_core_small_neuron_core_s3_mod_level s3_mod_level(
        .d(s3_mod_level$d),
        .q(s3_mod_level$q),
        .clock(s3_mod_level$clock)
    );
    flux_core_small_neuron_core_s3_quiet_cnt s3_quiet_cnt(
        .d(s3_quiet_cnt$d),
        .q(s3_quiet_cnt$q),
        .clock(s3_quiet_cnt$clock)
    );
    flux_core_small_neuron_core_s4_kind s4_kind(
        .d(s4_kind$d),
        .q(s4_kind$q),
        .clock(s4_kind$clock)
    );
    flux_core_small_neuron_core_s4_refr s4_refr(
        .d(s4_refr$d),
        .q(s4_refr$q),
        .clock(s4_refr$clock)
    );
    flux_core_small_neuron_core_s4_ref_held s4_ref_held(
        .d(s4_ref_held$d),
        .q(s4_ref_held$q),
        .clock(s4_ref_held$clock)
    );
    flux_core_small_neuron_core_s4_ref_period s4_ref_period(
        .d(s4_ref_period$d),
        .q(s4_ref_period$q),
        .clock(s4_ref_period$clock)
    );
    flux_core_small_neuron_core_s4_e s4_e(
        .d(s4_e$d),
        .q(s4_e$q),
        .clock(s4_e$clock)
    );
    flux_core_small_neuron_core_s4_v s4_v(
        .d(s4_v$d),
        .q(s4_v$q),
        .clock(s4_v$clock)
    );
    flux_core_small_neuron_core_s4_profile s4_profile(
        .d(s4_profile$d),
        .q(s4_profile$q),
        .clock(s4_profile$clock)
    );
    flux_core_small_neuron_core_s4_thr_off s4_thr_off(
        .d(s4_thr_off$d),
        .q(s4_thr_off$q),
        .clock(s4_thr_off$clock)
    );
    flux_core_small_neuron_core_s4_mod_level s4_mod_level(
        .d(s4_mod_level$d),
        .q(s4_mod_level$q),
        .clock(s4_mod_level$clock)
    );
    flux_core_small_neuron_core_s4_quiet_cnt s4_quiet_cnt(
        .d(s4_quiet_cnt$d),
        .q(s4_quiet_cnt$q),
        .clock(s4_quiet_cnt$clock)
    );
    flux_core_small_neuron_core_s5_spike s5_spike(
        .d(s5_spike$d),
        .q(s5_spike$q),
        .clock(s5_spike$clock)
    );
    flux_core_small_neuron_core_s5_count s5_count(
        .d(s5_count$d),
        .q(s5_count$q),
        .clock(s5_count$clock)
    );
    flux_core_small_neuron_core_s5_xylo s5_xylo(
        .d(s5_xylo$d),
        .q(s5_xylo$q),
        .clock(s5_xylo$clock)
    );
    flux_core_small_neuron_core_s5_v s5_v(
        .d(s5_v$d),
        .q(s5_v$q),
        .clock(s5_v$clock)
    );
    flux_core_small_neuron_core_s5_u s5_u(
        .d(s5_u$d),
        .q(s5_u$q),
        .clock(s5_u$clock)
    );
    flux_core_small_neuron_core_s5_thr_off s5_thr_off(
        .d(s5_thr_off$d),
        .q(s5_thr_off$q),
        .clock(s5_thr_off$clock)
    );
    flux_core_small_neuron_core_s5_mod_level s5_mod_level(
        .d(s5_mod_level$d),
        .q(s5_mod_level$q),
        .clock(s5_mod_level$clock)
    );
    flux_core_small_neuron_core_s5_ref_cnt s5_ref_cnt(
        .d(s5_ref_cnt$d),
        .q(s5_ref_cnt$q),
        .clock(s5_ref_cnt$clock)
    );
    flux_core_small_neuron_core_s5_quiet_cnt s5_quiet_cnt(
        .d(s5_quiet_cnt$d),
        .q(s5_quiet_cnt$q),
        .clock(s5_quiet_cnt$clock)
    );
    flux_core_small_neuron_core_s5_profile s5_profile(
        .d(s5_profile$d),
        .q(s5_profile$q),
        .clock(s5_profile$clock)
    );
    flux_core_small_neuron_core_flux flux(
        .clock(flux$clock),
        .pf_kind(flux$pf_kind),
        .pf_hab_rate(flux$pf_hab_rate),
        .pf_leak(flux$pf_leak),
        .pf_leak_mode(flux$pf_leak_mode),
        .pf_mod_gain(flux$pf_mod_gain),
        .pf_mod_relax(flux$pf_mod_relax),
        .pf_pot_rate(flux$pf_pot_rate),
        .pf_quiet_steps(flux$pf_quiet_steps),
        .pf_reset_mode(flux$pf_reset_mode),
        .pf_thr(flux$pf_thr),
        .pf_thr_off_max(flux$pf_thr_off_max),
        .pf_v_reset(flux$pf_v_reset),
        .pf_v_rest(flux$pf_v_rest),
        .refr(flux$refr),
        .sl_a_in(flux$sl_a_in),
        .sl_m_in(flux$sl_m_in),
        .st_mod_level(flux$st_mod_level),
        .st_quiet_cnt(flux$st_quiet_cnt),
        .st_thr_off(flux$st_thr_off),
        .st_v(flux$st_v),
        .noise(flux$noise),
        .refr2(flux$refr2),
        .v2(flux$v2),
        .e3(flux$e3),
        .refr3(flux$refr3),
        .thr_off_1(flux$thr_off_1),
        .mod_level_1(flux$mod_level_1),
        .quiet_cnt_1(flux$quiet_cnt_1),
        .spike(flux$spike),
        .v_next(flux$v_next),
        .ref_clear(flux$ref_clear),
        .ref_load(flux$ref_load)
    );
    flux_core_small_neuron_core_cuba cuba(
        .clock(cuba$clock),
        .pf_bias_exp(cuba$pf_bias_exp),
        .pf_bias_mant(cuba$pf_bias_mant),
        .pf_du(cuba$pf_du),
        .pf_dv(cuba$pf_dv),
        .pf_vth(cuba$pf_vth),
        .sl_a_in(cuba$sl_a_in),
        .st_u(cuba$st_u),
        .st_v(cuba$st_v),
        .u3(cuba$u3),
        .kind3(cuba$kind3),
        .u_4(cuba$u_4),
        .v_clamped(cuba$v_clamped),
        .over(cuba$over)
    );
    flux_core_small_neuron_core_izh izh(
        .clock(izh$clock),
        .pf_k2(izh$pf_k2),
        .pf_k1(izh$pf_k1),
        .pf_k0(izh$pf_k0),
        .pf_a(izh$pf_a),
        .pf_ab(izh$pf_ab),
        .pf_ub(izh$pf_ub),
        .pf_c(izh$pf_c),
        .pf_d(izh$pf_d),
        .pf_in_shift(izh$pf_in_shift),
        .sl_a_in(izh$sl_a_in),
        .st_u(izh$st_u),
        .st_v(izh$st_v),
        .over(izh$over),
        .v_keep(izh$v_keep),
        .v_spiked(izh$v_spiked),
        .u_keep(izh$u_keep),
        .u_spiked(izh$u_spiked)
    );
    flux_core_small_neuron_core_xylo xylo(
        .clock(xylo$clock),
        .pf_dash_mem(xylo$pf_dash_mem),
        .pf_dash_syn1(xylo$pf_dash_syn1),
        .pf_dash_syn2(xylo$pf_dash_syn2),
        .pf_v_th(xylo$pf_v_th),
        .pf_bias(xylo$pf_bias),
        .pf_cap(xylo$pf_cap),
        .sl_a_in(xylo$sl_a_in),
        .sl_m_in(xylo$sl_m_in),
        .st_v(xylo$st_v),
        .cur1(xylo$cur1),
        .cur2(xylo$cur2),
        .count(xylo$count),
        .v_next(xylo$v_next)
    );
    
    // Update code
    always @(*) begin
        valid_pipe$0$clock = clock;
        tag_pipe$0$clock = clock;
        valid_pipe$1$clock = clock;
        tag_pipe$1$clock = clock;
        valid_pipe$2$clock = clock;
        tag_pipe$2$clock = clock;
        valid_pipe$3$clock = clock;
        tag_pipe$3$clock = clock;
        valid_pipe$4$clock = clock;
        tag_pipe$4$clock = clock;
        s1_kind$clock = clock;
        s1_refr$clock = clock;
        s1_ref_held$clock = clock;
        s1_ref_period$clock = clock;
        s1_e$clock = clock;
        s1_v$clock = clock;
        s1_u$clock = clock;
        s1_profile$clock = clock;
        s2_kind$clock = clock;
        s2_refr$clock = clock;
        s2_ref_held$clock = clock;
        s2_ref_period$clock = clock;
        s2_e$clock = clock;
        s2_v$clock = clock;
        s2_u$clock = clock;
        s2_profile$clock = clock;
        s2_thr_off$clock = clock;
        s2_mod_level$clock = clock;
        s2_quiet_cnt$clock = clock;
        s3_kind$clock = clock;
        s3_refr$clock = clock;
        s3_ref_held$clock = clock;
        s3_ref_period$clock = clock;
        s3_e$clock = clock;
        s3_v$clock = clock;
        s3_u$clock = clock;
        s3_profile$clock = clock;
        s3_thr_off$clock = clock;
        s3_mod_level$clock = clock;
        s3_quiet_cnt$clock = clock;
        s4_kind$clock = clock;
        s4_refr$clock = clock;
        s4_ref_held$clock = clock;
        s4_ref_period$clock = clock;
        s4_e$clock = clock;
        s4_v$clock = clock;
        s4_profile$clock = clock;
        s4_thr_off$clock = clock;
        s4_mod_level$clock = clock;
        s4_quiet_cnt$clock = clock;
        s5_spike$clock = clock;
        s5_count$clock = clock;
        s5_xylo$clock = clock;
        s5_v$clock = clock;
        s5_u$clock = clock;
        s5_thr_off$clock = clock;
        s5_mod_level$clock = clock;
        s5_ref_cnt$clock = clock;
        s5_quiet_cnt$clock = clock;
        s5_profile$clock = clock;
        valid_pipe$0$d = in_valid;
        tag_pipe$0$d = in_tag;
        valid_pipe$1$d = valid_pipe$0$q;
        tag_pipe$1$d = tag_pipe$0$q;
        valid_pipe$2$d = valid_pipe$1$q;
        tag_pipe$2$d = tag_pipe$1$q;
        valid_pipe$3$d = valid_pipe$2$q;
        tag_pipe$3$d = tag_pipe$2$q;
        valid_pipe$4$d = valid_pipe$3$q;
        tag_pipe$4$d = tag_pipe$3$q;
        if (reset) begin
            valid_pipe$0$d = 1'b0;
            valid_pipe$1$d = 1'b0;
            valid_pipe$2$d = 1'b0;
            valid_pipe$3$d = 1'b0;
            valid_pipe$4$d = 1'b0;
        end
        st_v = in_state[(lsb_v)+:(24)];
        st_u = in_state[(lsb_u)+:(25)];
        st_thr_off = in_state[(lsb_thr_off)+:(16)];
        st_mod_level = in_state[(lsb_mod_level)+:(16)];
        st_ref_cnt = in_state[(lsb_ref_cnt)+:(8)];
        st_quiet_cnt = in_state[(lsb_quiet_cnt)+:(8)];
        st_profile = in_state[(lsb_profile)+:(3)];
        pf_kind_raw = in_profile[(lsb_kind)+:(2)];
        pf_kind = ((32'h0) & 2'h3);
        if ((pf_kind_raw == kind_cuba) && has_cuba) begin
            pf_kind = kind_cuba;
        end
        if ((pf_kind_raw == kind_izh) && has_izh) begin
            pf_kind = kind_izh;
        end
        if ((pf_kind_raw == kind_xylo) && has_xylo) begin
            pf_kind = kind_xylo;
        end
        pf_k2 = in_profile[(lsb_k2)+:(16)];
        pf_k1 = in_profile[(lsb_k1)+:(16)];
        pf_k0 = in_profile[(lsb_k0)+:(16)];
        pf_a = in_profile[(lsb_a)+:(15)];
        pf_ab = in_profile[(lsb_ab)+:(16)];
        pf_ub = in_profile[(lsb_ub)+:(16)];
        pf_c = in_profile[(lsb_c)+:(10)];
        pf_d = in_profile[(lsb_d)+:(16)];
        pf_in_shift = in_profile[(lsb_in_shift)+:(3)];
        pf_ref_period = in_profile[(lsb_ref_period)+:(8)];
        pf_reset_mode = in_profile[lsb_reset_mode];
        pf_leak_mode = in_profile[lsb_leak_mode];
        pf_v_rest = in_profile[(lsb_v_rest)+:(16)];
        pf_v_reset = in_profile[(lsb_v_reset)+:(16)];
        pf_thr = in_profile[(lsb_thr)+:(16)];
        pf_leak = in_profile[(lsb_leak)+:(12)];
        pf_hab_rate = in_profile[(lsb_hab_rate)+:(8)];
        pf_pot_rate = in_profile[(lsb_pot_rate)+:(8)];
        pf_quiet_steps = in_profile[(lsb_quiet_steps)+:(8)];
        pf_thr_off_max = in_profile[(lsb_thr_off_max)+:(15)];
        pf_mod_relax = in_profile[(lsb_mod_relax)+:(8)];
        pf_mod_gain = in_profile[(lsb_mod_gain)+:(8)];
        pf_du = in_profile[(lsb_du)+:(12)];
        pf_dv = in_profile[(lsb_dv)+:(12)];
        pf_vth = in_profile[(lsb_vth)+:(17)];
        pf_bias_mant = in_profile[(lsb_bias_mant)+:(13)];
        pf_bias_exp = in_profile[(lsb_bias_exp)+:(3)];
        sl_a_in = in_slot[(lsb_a_in)+:(24)];
        sl_m_in = in_slot[(lsb_m_in)+:(16)];
        sl_e = in_slot[lsb_e];
        refr = |st_ref_cnt;
        s1_refr$d = refr;
        s1_ref_held$d = st_ref_cnt;
        if (refr && (pf_kind != kind_izh) && (pf_kind != kind_xylo)) begin
            s1_ref_held$d = st_ref_cnt - one_8;
        end
        s1_kind$d = pf_kind;
        s1_ref_period$d = pf_ref_period;
        s1_e$d = sl_e;
        s1_v$d = st_v;
        s1_u$d = st_u;
        s1_profile$d = st_profile;
        flux$clock = clock;
        flux$pf_kind = |pf_kind;
        flux$pf_hab_rate = pf_hab_rate;
        flux$pf_leak = pf_leak;
        flux$pf_leak_mode = pf_leak_mode;
        flux$pf_mod_gain = pf_mod_gain;
        flux$pf_mod_relax = pf_mod_relax;
        flux$pf_pot_rate = pf_pot_rate;
        flux$pf_quiet_steps = pf_quiet_steps;
        flux$pf_reset_mode = pf_reset_mode;
        flux$pf_thr = pf_thr;
        flux$pf_thr_off_max = pf_thr_off_max;
        flux$pf_v_reset = pf_v_reset;
        flux$pf_v_rest = pf_v_rest;
        flux$refr = refr;
        flux$sl_a_in = sl_a_in;
        flux$noise = in_noise;
        flux$sl_m_in = sl_m_in;
        flux$st_mod_level = st_mod_level;
        flux$st_quiet_cnt = st_quiet_cnt;
        flux$st_thr_off = st_thr_off;
        flux$st_v = st_v;
        flux$refr2 = s2_refr$q;
        flux$v2 = s2_v$q;
        flux$e3 = s3_e$q;
        flux$refr3 = s3_refr$q;
        cuba$clock = clock;
        cuba$pf_bias_exp = pf_bias_exp;
        cuba$pf_bias_mant = pf_bias_mant;
        cuba$pf_du = pf_du;
        cuba$pf_dv = pf_dv;
        cuba$pf_vth = pf_vth;
        cuba$sl_a_in = sl_a_in;
        cuba$st_u = st_u;
        cuba$st_v = st_v;
        cuba$u3 = s3_u$q;
        cuba$kind3 = s3_kind$q == kind_cuba;
        izh$clock = clock;
        izh$pf_k2 = pf_k2;
        izh$pf_k1 = pf_k1;
        izh$pf_k0 = pf_k0;
        izh$pf_a = pf_a;
        izh$pf_ab = pf_ab;
        izh$pf_ub = pf_ub;
        izh$pf_c = pf_c;
        izh$pf_d = pf_d;
        izh$pf_in_shift = pf_in_shift;
        izh$sl_a_in = sl_a_in;
        izh$st_u = st_u;
        izh$st_v = st_v;
        xylo$clock = clock;
        xylo$pf_dash_mem = in_profile[(lsb_dash_mem)+:(4)];
        xylo$pf_dash_syn1 = in_profile[(lsb_dash_syn1)+:(4)];
        xylo$pf_dash_syn2 = in_profile[(lsb_dash_syn2)+:(4)];
        xylo$pf_v_th = in_profile[(lsb_xylo_v_th)+:(15)];
        xylo$pf_bias = in_profile[(lsb_xylo_bias)+:(16)];
        xylo$pf_cap = in_profile[(lsb_cap)+:(5)];
        xylo$sl_a_in = sl_a_in;
        xylo$sl_m_in = sl_m_in;
        xylo$st_v = st_v;
        s2_kind$d = s1_kind$q;
        s2_refr$d = s1_refr$q;
        s2_ref_held$d = s1_ref_held$q;
        s2_ref_period$d = s1_ref_period$q;
        s2_e$d = s1_e$q;
        s2_v$d = s1_v$q;
        s2_u$d = s1_u$q;
        s2_profile$d = s1_profile$q;
        s2_thr_off$d = flux$thr_off_1;
        s2_mod_level$d = flux$mod_level_1;
        s2_quiet_cnt$d = flux$quiet_cnt_1;
        s3_kind$d = s2_kind$q;
        s3_refr$d = s2_refr$q;
        s3_ref_held$d = s2_ref_held$q;
        s3_ref_period$d = s2_ref_period$q;
        s3_e$d = s2_e$q;
        s3_v$d = s2_v$q;
        s3_u$d = s2_u$q;
        s3_profile$d = s2_profile$q;
        s3_thr_off$d = s2_thr_off$q;
        s3_mod_level$d = s2_mod_level$q;
        s3_quiet_cnt$d = s2_quiet_cnt$q;
        s4_kind$d = s3_kind$q;
        s4_refr$d = s3_refr$q;
        s4_ref_held$d = s3_ref_held$q;
        s4_ref_period$d = s3_ref_period$q;
        s4_e$d = s3_e$q;
        s4_v$d = s3_v$q;
        s4_profile$d = s3_profile$q;
        s4_thr_off$d = s3_thr_off$q;
        s4_mod_level$d = s3_mod_level$q;
        s4_quiet_cnt$d = s3_quiet_cnt$q;
        s5_u$d = cuba$u_4;
        s5_profile$d = s4_profile$q;
        s5_thr_off$d = s4_thr_off$q;
        s5_mod_level$d = s4_mod_level$q;
        s5_quiet_cnt$d = s4_quiet_cnt$q;
        cuba_spike = s4_e$q | (~s4_refr$q & cuba$over);
        s5_ref_cnt$d = s4_ref_held$q;
        s5_xylo$d = 1'b0;
        if (s4_kind$q == kind_xylo) begin
            spike5 = |xylo$count;
            s5_v$d = xylo$v_next;
            s5_thr_off$d = xylo$cur1;
            s5_mod_level$d = xylo$cur2;
            s5_xylo$d = 1'b1;
        end
        else if (s4_kind$q == kind_cuba) begin
            spike5 = cuba_spike;
            s5_v$d = cuba$v_clamped;
            if (s4_refr$q) begin
                s5_v$d = s4_v$q;
            end
            if (cuba_spike) begin
                s5_v$d = ((32'h0) & 24'hffffff);
                s5_ref_cnt$d = s4_ref_period$q;
            end
        end
        else if (s4_kind$q == kind_izh) begin
            spike5 = s4_e$q | izh$over;
            s5_v$d = izh$v_keep;
            s5_u$d = izh$u_keep;
            if (s4_e$q | izh$over) begin
                s5_v$d = izh$v_spiked;
                s5_u$d = izh$u_spiked;
            end
        end
        else begin
            spike5 = flux$spike;
            s5_v$d = flux$v_next;
            if (flux$ref_clear) begin
                s5_ref_cnt$d = ((32'h0) & 8'hff);
            end
            else if (flux$ref_load) begin
                s5_ref_cnt$d = s4_ref_period$q;
            end
        end
        s5_spike$d = spike5;
        s5_count$d = ((32'h0) & 5'h1f);
        if (spike5) begin
            s5_count$d = ((32'h1) & 5'h1f);
        end
        if (s4_kind$q == kind_xylo) begin
            s5_count$d = xylo$count;
        end
        out_valid = valid_pipe$4$q;
        out_tag = tag_pipe$4$q;
        out_spike = s5_spike$q;
        out_count = s5_count$q;
        out_xylo = s5_xylo$q;
        out_state = (((s5_v$q) & 100'hfffffffffffffffffffffffff) << lsb_v) | (((s5_u$q) & 100'hfffffffffffffffffffffffff) << lsb_u) | (((s5_thr_off$q) & 100'hfffffffffffffffffffffffff) << lsb_thr_off) | (((s5_mod_level$q) & 100'hfffffffffffffffffffffffff) << lsb_mod_level) | (((s5_ref_cnt$q) & 100'hfffffffffffffffffffffffff) << lsb_ref_cnt) | (((s5_quiet_cnt$q) & 100'hfffffffffffffffffffffffff) << lsb_quiet_cnt) | (((s5_profile$q) & 100'hfffffffffffffffffffffffff) << lsb_profile);
    end
    
endmodule // flux_core_small_neuron_core


module flux_core_small_neuron_core_cuba(clock,pf_bias_exp,pf_bias_mant,pf_du,pf_dv,pf_vth,sl_a_in,st_u,st_v,u3,kind3,u_4,v_clamped,over);
    
    // Module arguments
    input wire  clock;
    input wire  [2:0] pf_bias_exp;
    input wire  [12:0] pf_bias_mant;
    input wire  [11:0] pf_du;
    input wire  [11:0] pf_dv;
    input wire  [16:0] pf_vth;
    input wire  [23:0] sl_a_in;
    input wire  [24:0] st_u;
    input wire  [23:0] st_v;
    input wire  [24:0] u3;
    input wire  kind3;
    output reg  [24:0] u_4;
    output reg  [23:0] v_clamped;
    output reg  over;
    
    // Constant declarations
    localparam  a_max = 18'b11111111111111111;
    localparam  a_min = 18'b100000000000000000;
    localparam  act_shift = 7'b110;
    localparam  dec_shift = 7'b1100;
    localparam  decay_base = 13'b1000000000000;
    localparam  ext_24_a = 24'hfc0000;
    localparam  ext_25_24 = 25'h1000000;
    localparam  ext_bias_13 = 20'hfe000;
    localparam  ext_v_24 = 27'h7000000;
    localparam  ext_v_25 = 27'h6000000;
    localparam  ext_v_bias = 27'h7f00000;
    localparam  msb_a = 7'b10001;
    localparam  msb_a_in = 7'b10111;
    localparam  msb_bias = 7'b10011;
    localparam  msb_bias_mant = 7'b1100;
    localparam  msb_st_u = 7'b11000;
    localparam  msb_st_v = 7'b10111;
    localparam  msb_v = 7'b11010;
    localparam  v_edge = 24'h800000;
    localparam  v_max = 24'h7fffff;
    localparam  v_min = 24'h800001;
    
    // Stub signals
    reg  [23:0] s1_a64$d;
    wire  [23:0] s1_a64$q;
    reg  s1_a64$clock;
    reg  [19:0] s1_bias$d;
    wire  [19:0] s1_bias$q;
    reg  s1_bias$clock;
    reg  [11:0] s1_factor_u$d;
    wire  [11:0] s1_factor_u$q;
    reg  s1_factor_u$clock;
    reg  [12:0] s1_factor_v$d;
    wire  [12:0] s1_factor_v$q;
    reg  s1_factor_v$clock;
    reg  [24:0] s1_mag_u$d;
    wire  [24:0] s1_mag_u$q;
    reg  s1_mag_u$clock;
    reg  [23:0] s1_mag_v$d;
    wire  [23:0] s1_mag_v$q;
    reg  s1_mag_v$clock;
    reg  s1_u_is_neg$d;
    wire  s1_u_is_neg$q;
    reg  s1_u_is_neg$clock;
    reg  s1_v_is_neg$d;
    wire  s1_v_is_neg$q;
    reg  s1_v_is_neg$clock;
    reg  [16:0] s1_vth$d;
    wire  [16:0] s1_vth$q;
    reg  s1_vth$clock;
    reg  [23:0] s2_a64$d;
    wire  [23:0] s2_a64$q;
    reg  s2_a64$clock;
    reg  [19:0] s2_bias$d;
    wire  [19:0] s2_bias$q;
    reg  s2_bias$clock;
    reg  [26:0] s2_bias_floor$d;
    wire  [26:0] s2_bias_floor$q;
    reg  s2_bias_floor$clock;
    reg  [26:0] s2_bias_gap$d;
    wire  [26:0] s2_bias_gap$q;
    reg  s2_bias_gap$clock;
    reg  [31:0] s2_pu_hi$d;
    wire  [31:0] s2_pu_hi$q;
    reg  s2_pu_hi$clock;
    reg  [31:0] s2_pu_lo$d;
    wire  [31:0] s2_pu_lo$q;
    reg  s2_pu_lo$clock;
    reg  [31:0] s2_pv_hi$d;
    wire  [31:0] s2_pv_hi$q;
    reg  s2_pv_hi$clock;
    reg  [31:0] s2_pv_lo$d;
    wire  [31:0] s2_pv_lo$q;
    reg  s2_pv_lo$clock;
    reg  s2_u_is_neg$d;
    wire  s2_u_is_neg$q;
    reg  s2_u_is_neg$clock;
    reg  s2_v_is_neg$d;
    wire  s2_v_is_neg$q;
    reg  s2_v_is_neg$clock;
    reg  [23:0] s3_a64$d;
    wire  [23:0] s3_a64$q;
    reg  s3_a64$clock;
    reg  [19:0] s3_bias$d;
    wire  [19:0] s3_bias$q;
    reg  s3_bias$clock;
    reg  [26:0] s3_bias_floor$d;
    wire  [26:0] s3_bias_floor$q;
    reg  s3_bias_floor$clock;
    reg  [26:0] s3_bias_gap$d;
    wire  [26:0] s3_bias_gap$q;
    reg  s3_bias_gap$clock;
    reg  [24:0] s3_dec_u$d;
    wire  [24:0] s3_dec_u$q;
    reg  s3_dec_u$clock;
    reg  [24:0] s3_dec_v$d;
    wire  [24:0] s3_dec_v$q;
    reg  s3_dec_v$clock;
    reg  s3_u_is_neg$d;
    wire  s3_u_is_neg$q;
    reg  s3_u_is_neg$clock;
    reg  s3_v_is_neg$d;
    wire  s3_v_is_neg$q;
    reg  s3_v_is_neg$clock;
    reg  [26:0] s4_v_base$d;
    wire  [26:0] s4_v_base$q;
    reg  s4_v_base$clock;
    reg  [26:0] s4_v_floor$d;
    wire  [26:0] s4_v_floor$q;
    reg  s4_v_floor$clock;
    reg  [24:0] s4_u$d;
    wire  [24:0] s4_u$q;
    reg  s4_u$clock;
    reg  [26:0] s4_v_gap$d;
    wire  [26:0] s4_v_gap$q;
    reg  s4_v_gap$clock;
    
    // Local signals
    reg  [26:0] a64_v;
    reg  [17:0] a_clamped;
    reg  [23:0] a_ext;
    reg  [19:0] bias_mant_ext;
    reg  [26:0] bias_v;
    reg  [26:0] bias_v2;
    reg  [26:0] u1;
    reg  [24:0] u_neg;
    reg  [26:0] u_v;
    reg  [24:0] u_wrapped;
    reg  [23:0] v_neg;
    reg  [26:0] v_over;
    reg  [26:0] v_sum;
    reg  [26:0] v_under;
    
    // Sub module instances
    flux_core_small_neuron_core_cuba_s1_a64 s1_a64(
        .d(s1_a64$d),
        .q(s1_a64$q),
        .clock(s1_a64$clock)
    );
    flux_core_small_neuron_core_cuba_s1_bias s1_bias(
        .d(s1_bias$d),
        .q(s1_bias$q),
        .clock(s1_bias$clock)
    );
    flux_core_small_neuron_core_cuba_s1_factor_u s1_factor_u(
        .d(s1_factor_u$d),
        .q(s1_factor_u$q),
        .clock(s1_factor_u$clock)
    );
    flux_core_small_neuron_core_cuba_s1_factor_v s1_factor_v(
        .d(s1_factor_v$d),
        .q(s1_factor_v$q),
        .clock(s1_factor_v$clock)
    );
    flux_core_small_neuron_core_cuba_s1_mag_u s1_mag_u(
        .d(s1_mag_u$d),
        .q(s1_mag_u$q),
        .clock(s1_mag_u$clock)
    );
    flux_core_small_neuron_core_cuba_s1_mag_v s1_mag_v(
        .d(s1_mag_v$d),
        .q(s1_mag_v$q),
        .clock(s1_mag_v$clock)
    );
    flux_core_small_neuron_core_cuba_s1_u_is_neg s1_u_is_neg(
        .d(s1_u_is_neg$d),
        .q(s1_u_is_neg$q),
        .clock(s1_u_is_neg$clock)
    );
    flux_core_small_neuron_core_cuba_s1_v_is_neg s1_v_is_neg(
        .d(s1_v_is_neg$d),
        .q(s1_v_is_neg$q),
        .clock(s1_v_is_neg$clock)
    );
    flux_core_small_neuron_core_cuba_s1_vth s1_vth(
        .d(s1_vth$d),
        .q(s1_vth$q),
        .clock(s1_vth$clock)
    );
    flux_core_small_neuron_core_cuba_s2_a64 s2_a64(
        .d(s2_a64$d),
        .q(s2_a64$q),
        .clock(s2_a64$clock)
    );
    flux_core_small_neuron_core_cuba_s2_bias s2_bias(
        .d(s2_bias$d),
        .q(s2_bias$q),
        .clock(s2_bias$clock)
    );
    flux_core_small_neuron_core_cuba_s2_bias_floor s2_bias_floor(
        .d(s2_bias_floor$d),
        .q(s2_bias_floor$q),
        .clock(s2_bias_floor$clock)
    );
    flux_core_small_neuron_core_cuba_s2_bias_gap s2_bias_gap(
        .d(s2_bias_gap$d),
        .q(s2_bias_gap$q),
        .clock(s2_bias_gap$clock)
    );
    flux_core_small_neuron_core_cuba_s2_pu_hi s2_pu_hi(
        .d(s2_pu_hi$d),
        .q(s2_pu_hi$q),
        .clock(s2_pu_hi$clock)
    );
    flux_core_small_neuron_core_cuba_s2_pu_lo s2_pu_lo(
        .d(s2_pu_lo$d),
        .q(s2_pu_lo$q),
        .clock(s2_pu_lo$clock)
    );
    flux_core_small_neuron_core_cuba_s2_pv_hi s2_pv_hi(
        .d(s2_pv_hi$d),
        .q(s2_pv_hi$q),
        .clock(s2_pv_hi$clock)
    );
    flux_core_small_neuron_core_cuba_s2_pv_lo s2_pv_lo(
        .d(s2_pv_lo$d),
        .q(s2_pv_lo$q),
        .clock(s2_pv_lo$clock)
    );
    flux_core_small_neuron_core_cuba_s2_u_is_neg s2_u_is_neg(
        .d(s2_u_is_neg$d),
        .q(s2_u_is_neg$q),
        .clock(s2_u_is_neg$clock)
    );
    flux_core_small_neuron_core_cuba_s2_v_is_neg s2_v_is_neg(
        .d(s2_v_is_neg$d),
        .q(s2_v_is_neg$q),
        .clock(s2_v_is_neg$clock)
    );
    flux_core_small_neuron_core_cuba_s3_a64 s3_a64(
        .d(s3_a64$d),
        .q(s3_a64$q),
        .clock(s3_a64$clock)
    );
    flux_core_small_neuron_core_cuba_s3_bias s3_bias(
        .d(s3_bias$d),
        .q(s3_bias$q),
        .clock(s3_bias$clock)
    );
    flux_core_small_neuron_core_cuba_s3_bias_floor s3_bias_floor(
        .d(s3_bias_floor$d),
        .q(s3_bias_floor$q),
        .clock(s3_bias_floor$clock)
    );
    flux_core_small_neuron_core_cuba_s3_bias_gap s3_bias_gap(
        .d(s3_bias_gap$d),
        .q(s3_bias_gap$q),
        .clock(s3_bias_gap$clock)
    );
    flux_core_small_neuron_core_cuba_s3_dec_u s3_dec_u(
        .d(s3_dec_u$d),
        .q(s3_dec_u$q),
        .clock(s3_dec_u$clock)
    );
    flux_core_small_neuron_core_cuba_s3_dec_v s3_dec_v(
        .d(s3_dec_v$d),
        .q(s3_dec_v$q),
        .clock(s3_dec_v$clock)
    );
    flux_core_small_neuron_core_cuba_s3_u_is_neg s3_u_is_neg(
        .d(s3_u_is_neg$d),
        .q(s3_u_is_neg$q),
        .clock(s3_u_is_neg$clock)
    );
    flux_core_small_neuron_core_cuba_s3_v_is_neg s3_v_is_neg(
        .d(s3_v_is_neg$d),
        .q(s3_v_is_neg$q),
        .clock(s3_v_is_neg$clock)
    );
    flux_core_small_neuron_core_cuba_s4_v_base s4_v_base(
        .d(s4_v_base$d),
        .q(s4_v_base$q),
        .clock(s4_v_base$clock)
    );
    flux_core_small_neuron_core_cuba_s4_v_floor s4_v_floor(
        .d(s4_v_floor$d),
        .q(s4_v_floor$q),
        .clock(s4_v_floor$clock)
    );
    flux_core_small_neuron_core_cuba_s4_u s4_u(
        .d(s4_u$d),
        .q(s4_u$q),
        .clock(s4_u$clock)
    );
    flux_core_small_neuron_core_cuba_s4_v_gap s4_v_gap(
        .d(s4_v_gap$d),
        .q(s4_v_gap$q),
        .clock(s4_v_gap$clock)
    );
    
    // Update code
    always @(*) begin
        s4_u$clock = clock;
        s1_a64$clock = clock;
        s1_bias$clock = clock;
        s1_factor_u$clock = clock;
        s1_factor_v$clock = clock;
        s1_mag_u$clock = clock;
        s1_mag_v$clock = clock;
        s1_u_is_neg$clock = clock;
        s1_v_is_neg$clock = clock;
        s1_vth$clock = clock;
        s2_a64$clock = clock;
        s2_bias$clock = clock;
        s2_bias_floor$clock = clock;
        s2_bias_gap$clock = clock;
        s2_pu_hi$clock = clock;
        s2_pu_lo$clock = clock;
        s2_pv_hi$clock = clock;
        s2_pv_lo$clock = clock;
        s2_u_is_neg$clock = clock;
        s2_v_is_neg$clock = clock;
        s3_a64$clock = clock;
        s3_bias$clock = clock;
        s3_bias_floor$clock = clock;
        s3_bias_gap$clock = clock;
        s3_dec_u$clock = clock;
        s3_dec_v$clock = clock;
        s3_u_is_neg$clock = clock;
        s3_v_is_neg$clock = clock;
        s4_v_base$clock = clock;
        s4_v_floor$clock = clock;
        s4_v_gap$clock = clock;
        u_neg = ((32'h0) & 25'h1ffffff) - st_u;
        v_neg = ((32'h0) & 24'hffffff) - st_v;
        s1_u_is_neg$d = st_u[msb_st_u];
        s1_mag_u$d = st_u;
        if (st_u[msb_st_u]) begin
            s1_mag_u$d = u_neg;
        end
        s1_v_is_neg$d = st_v[msb_st_v];
        s1_mag_v$d = st_v;
        if (st_v[msb_st_v]) begin
            s1_mag_v$d = v_neg;
        end
        s1_factor_u$d = ~pf_du;
        s1_factor_v$d = decay_base - ((pf_dv) & 13'h1fff);
        a_clamped = sl_a_in[(32'h0)+:(18)];
        if (|sl_a_in[(msb_a)+:(7)] & ~&sl_a_in[(msb_a)+:(7)]) begin
            if (sl_a_in[msb_a_in]) begin
                a_clamped = a_min;
            end
            else begin
                a_clamped = a_max;
            end
        end
        a_ext = ((a_clamped) & 24'hffffff);
        if (a_clamped[msb_a]) begin
            a_ext = ((a_clamped) & 24'hffffff) | ext_24_a;
        end
        s1_a64$d = a_ext << act_shift;
        bias_mant_ext = ((pf_bias_mant) & 20'hfffff);
        if (pf_bias_mant[msb_bias_mant]) begin
            bias_mant_ext = ((pf_bias_mant) & 20'hfffff) | ext_bias_13;
        end
        s1_bias$d = bias_mant_ext << pf_bias_exp;
        s1_vth$d = pf_vth;
        s2_pu_hi$d = ((s1_mag_u$q[(dec_shift)+:(13)]) & 16'hffff) * ((s1_factor_u$q) & 16'hffff);
        s2_pu_lo$d = ((s1_mag_u$q[(32'h0)+:(12)]) & 16'hffff) * ((s1_factor_u$q) & 16'hffff);
        s2_pv_hi$d = ((s1_mag_v$q[(dec_shift)+:(12)]) & 16'hffff) * ((s1_factor_v$q) & 16'hffff);
        s2_pv_lo$d = ((s1_mag_v$q[(32'h0)+:(12)]) & 16'hffff) * ((s1_factor_v$q) & 16'hffff);
        s2_u_is_neg$d = s1_u_is_neg$q;
        s2_v_is_neg$d = s1_v_is_neg$q;
        s2_a64$d = s1_a64$q;
        s2_bias$d = s1_bias$q;
        bias_v2 = ((s1_bias$q) & 27'h7ffffff);
        if (s1_bias$q[msb_bias]) begin
            bias_v2 = ((s1_bias$q) & 27'h7ffffff) | ext_v_bias;
        end
        s2_bias_gap$d = bias_v2 + ~(((s1_vth$q) & 27'h7ffffff) << act_shift);
        s2_bias_floor$d = bias_v2 + ((v_max) & 27'h7ffffff);
        s3_dec_u$d = ((s2_pu_hi$q) & 25'h1ffffff) + ((s2_pu_lo$q >> dec_shift) & 25'h1ffffff);
        s3_dec_v$d = ((s2_pv_hi$q) & 25'h1ffffff) + ((s2_pv_lo$q >> dec_shift) & 25'h1ffffff);
        s3_u_is_neg$d = s2_u_is_neg$q;
        s3_v_is_neg$d = s2_v_is_neg$q;
        s3_a64$d = s2_a64$q;
        s3_bias$d = s2_bias$q;
        s3_bias_gap$d = s2_bias_gap$q;
        s3_bias_floor$d = s2_bias_floor$q;
        a64_v = ((s3_a64$q) & 27'h7ffffff);
        if (s3_a64$q[msb_st_v]) begin
            a64_v = ((s3_a64$q) & 27'h7ffffff) | ext_v_24;
        end
        if (s3_u_is_neg$q) begin
            u1 = a64_v - ((s3_dec_u$q) & 27'h7ffffff);
        end
        else begin
            u1 = a64_v + ((s3_dec_u$q) & 27'h7ffffff);
        end
        u_wrapped = ((u1[(32'h0)+:(24)]) & 25'h1ffffff);
        if (u1[msb_st_v] & (u1[(32'h0)+:(24)] != v_edge)) begin
            u_wrapped = ((u1[(32'h0)+:(24)]) & 25'h1ffffff) | ext_25_24;
        end
        bias_v = ((s3_bias$q) & 27'h7ffffff);
        if (s3_bias$q[msb_bias]) begin
            bias_v = ((s3_bias$q) & 27'h7ffffff) | ext_v_bias;
        end
        if (s3_v_is_neg$q) begin
            s4_v_base$d = bias_v - ((s3_dec_v$q) & 27'h7ffffff);
        end
        else begin
            s4_v_base$d = bias_v + ((s3_dec_v$q) & 27'h7ffffff);
        end
        if (s3_v_is_neg$q) begin
            s4_v_gap$d = s3_bias_gap$q - ((s3_dec_v$q) & 27'h7ffffff);
        end
        else begin
            s4_v_gap$d = s3_bias_gap$q + ((s3_dec_v$q) & 27'h7ffffff);
        end
        if (s3_v_is_neg$q) begin
            s4_v_floor$d = s3_bias_floor$q - ((s3_dec_v$q) & 27'h7ffffff);
        end
        else begin
            s4_v_floor$d = s3_bias_floor$q + ((s3_dec_v$q) & 27'h7ffffff);
        end
        s4_u$d = u3;
        if (kind3) begin
            s4_u$d = u_wrapped;
        end
        u_4 = s4_u$q;
        u_v = ((s4_u$q) & 27'h7ffffff);
        if (s4_u$q[msb_st_u]) begin
            u_v = ((s4_u$q) & 27'h7ffffff) | ext_v_25;
        end
        v_sum = s4_v_base$q + u_v;
        v_under = s4_v_floor$q + u_v;
        v_clamped = v_sum[(32'h0)+:(24)];
        if (v_under[msb_v]) begin
            v_clamped = v_min;
        end
        else if (~v_sum[msb_v] & |v_sum[(msb_st_v)+:(3)]) begin
            v_clamped = v_max;
        end
        v_over = s4_v_gap$q + u_v;
        over = ~v_over[msb_v];
    end
    
endmodule // flux_core_small_neuron_core_cuba


module flux_core_small_neuron_core_cuba_s1_a64(d,q,clock);
    
    // Module arguments
    input wire  [23:0] d;
    output reg  [23:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 24'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s1_a64


module flux_core_small_neuron_core_cuba_s1_bias(d,q,clock);
    
    // Module arguments
    input wire  [19:0] d;
    output reg  [19:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 20'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s1_bias


module flux_core_small_neuron_core_cuba_s1_factor_u(d,q,clock);
    
    // Module arguments
    input wire  [11:0] d;
    output reg  [11:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 12'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s1_factor_u


module flux_core_small_neuron_core_cuba_s1_factor_v(d,q,clock);
    
    // Module arguments
    input wire  [12:0] d;
    output reg  [12:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 13'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s1_factor_v


module flux_core_small_neuron_core_cuba_s1_mag_u(d,q,clock);
    
    // Module arguments
    input wire  [24:0] d;
    output reg  [24:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 25'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s1_mag_u


module flux_core_small_neuron_core_cuba_s1_mag_v(d,q,clock);
    
    // Module arguments
    input wire  [23:0] d;
    output reg  [23:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 24'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s1_mag_v


module flux_core_small_neuron_core_cuba_s1_u_is_neg(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s1_u_is_neg


module flux_core_small_neuron_core_cuba_s1_v_is_neg(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s1_v_is_neg


module flux_core_small_neuron_core_cuba_s1_vth(d,q,clock);
    
    // Module arguments
    input wire  [16:0] d;
    output reg  [16:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 17'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s1_vth


module flux_core_small_neuron_core_cuba_s2_a64(d,q,clock);
    
    // Module arguments
    input wire  [23:0] d;
    output reg  [23:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 24'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s2_a64


module flux_core_small_neuron_core_cuba_s2_bias(d,q,clock);
    
    // Module arguments
    input wire  [19:0] d;
    output reg  [19:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 20'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s2_bias


module flux_core_small_neuron_core_cuba_s2_bias_floor(d,q,clock);
    
    // Module arguments
    input wire  [26:0] d;
    output reg  [26:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 27'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s2_bias_floor


module flux_core_small_neuron_core_cuba_s2_bias_gap(d,q,clock);
    
    // Module arguments
    input wire  [26:0] d;
    output reg  [26:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 27'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s2_bias_gap


module flux_core_small_neuron_core_cuba_s2_pu_hi(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s2_pu_hi


module flux_core_small_neuron_core_cuba_s2_pu_lo(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s2_pu_lo


module flux_core_small_neuron_core_cuba_s2_pv_hi(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s2_pv_hi


module flux_core_small_neuron_core_cuba_s2_pv_lo(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s2_pv_lo


module flux_core_small_neuron_core_cuba_s2_u_is_neg(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s2_u_is_neg


module flux_core_small_neuron_core_cuba_s2_v_is_neg(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s2_v_is_neg


module flux_core_small_neuron_core_cuba_s3_a64(d,q,clock);
    
    // Module arguments
    input wire  [23:0] d;
    output reg  [23:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 24'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s3_a64


module flux_core_small_neuron_core_cuba_s3_bias(d,q,clock);
    
    // Module arguments
    input wire  [19:0] d;
    output reg  [19:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 20'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s3_bias


module flux_core_small_neuron_core_cuba_s3_bias_floor(d,q,clock);
    
    // Module arguments
    input wire  [26:0] d;
    output reg  [26:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 27'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s3_bias_floor


module flux_core_small_neuron_core_cuba_s3_bias_gap(d,q,clock);
    
    // Module arguments
    input wire  [26:0] d;
    output reg  [26:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 27'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s3_bias_gap


module flux_core_small_neuron_core_cuba_s3_dec_u(d,q,clock);
    
    // Module arguments
    input wire  [24:0] d;
    output reg  [24:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 25'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s3_dec_u


module flux_core_small_neuron_core_cuba_s3_dec_v(d,q,clock);
    
    // Module arguments
    input wire  [24:0] d;
    output reg  [24:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 25'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s3_dec_v


module flux_core_small_neuron_core_cuba_s3_u_is_neg(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s3_u_is_neg


module flux_core_small_neuron_core_cuba_s3_v_is_neg(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s3_v_is_neg


module flux_core_small_neuron_core_cuba_s4_u(d,q,clock);
    
    // Module arguments
    input wire  [24:0] d;
    output reg  [24:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 25'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s4_u


module flux_core_small_neuron_core_cuba_s4_v_base(d,q,clock);
    
    // Module arguments
    input wire  [26:0] d;
    output reg  [26:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 27'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s4_v_base


module flux_core_small_neuron_core_cuba_s4_v_floor(d,q,clock);
    
    // Module arguments
    input wire  [26:0] d;
    output reg  [26:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 27'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s4_v_floor


module flux_core_small_neuron_core_cuba_s4_v_gap(d,q,clock);
    
    // Module arguments
    input wire  [26:0] d;
    output reg  [26:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 27'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_cuba_s4_v_gap


module flux_core_small_neuron_core_flux(clock,pf_kind,pf_hab_rate,pf_leak,pf_leak_mode,pf_mod_gain,pf_mod_relax,pf_pot_rate,pf_quiet_steps,pf_reset_mode,pf_thr,pf_thr_off_max,pf_v_reset,pf_v_rest,refr,sl_a_in,sl_m_in,st_mod_level,st_quiet_cnt,st_thr_off,st_v,noise,refr2,v2,e3,refr3,thr_off_1,mod_level_1,quiet_cnt_1,spike,v_next,ref_clear,ref_load);
    
    // Module arguments
    input wire  clock;
    input wire  pf_kind;
    input wire  [7:0] pf_hab_rate;
    input wire  [11:0] pf_leak;
    input wire  pf_leak_mode;
    input wire  [7:0] pf_mod_gain;
    input wire  [7:0] pf_mod_relax;
    input wire  [7:0] pf_pot_rate;
    input wire  [7:0] pf_quiet_steps;
    input wire  pf_reset_mode;
    input wire  [15:0] pf_thr;
    input wire  [14:0] pf_thr_off_max;
    input wire  [15:0] pf_v_reset;
    input wire  [15:0] pf_v_rest;
    input wire  refr;
    input wire  [23:0] sl_a_in;
    input wire  [15:0] sl_m_in;
    input wire  [15:0] st_mod_level;
    input wire  [7:0] st_quiet_cnt;
    input wire  [15:0] st_thr_off;
    input wire  [23:0] st_v;
    input wire  [15:0] noise;
    input wire  refr2;
    input wire  [23:0] v2;
    input wire  e3;
    input wire  refr3;
    output reg  [15:0] thr_off_1;
    output reg  [15:0] mod_level_1;
    output reg  [7:0] quiet_cnt_1;
    output reg  spike;
    output reg  [23:0] v_next;
    output reg  ref_clear;
    output reg  ref_load;
    
    // Constant declarations
    localparam  ext_24_16 = 24'hff0000;
    localparam  ext_m_16 = 18'b110000000000000000;
    localparam  ext_t_16 = 19'b1110000000000000000;
    localparam  ext_t_m = 19'b1000000000000000000;
    localparam  ext_v25_24 = 25'h1000000;
    localparam  ext_v_va = 27'h4000000;
    localparam  ext_va_16 = 26'h3ff0000;
    localparam  ext_va_24 = 26'h3000000;
    localparam  flip_m = 18'b100000000000000000;
    localparam  max_8 = 8'hff;
    localparam  mod_shift = 7'b1000;
    localparam  msb_16 = 7'b1111;
    localparam  msb_a_in = 7'b10111;
    localparam  msb_m = 7'b10001;
    localparam  msb_st_v = 7'b10111;
    localparam  msb_t = 7'b10010;
    localparam  msb_v = 7'b11010;
    localparam  msb_v25 = 7'b11000;
    localparam  msb_va = 7'b11001;
    localparam  one_8 = 8'h1;
    localparam  s16_max = 16'h7fff;
    localparam  s16_min = 16'h8000;
    localparam  thr_eff_min = 16'h1;
    
    // Stub signals
    reg  [15:0] s1_thr_off$d;
    wire  [15:0] s1_thr_off$q;
    reg  s1_thr_off$clock;
    reg  [15:0] s1_mod_level$d;
    wire  [15:0] s1_mod_level$q;
    reg  s1_mod_level$clock;
    reg  [7:0] s1_quiet_cnt$d;
    wire  [7:0] s1_quiet_cnt$q;
    reg  s1_quiet_cnt$clock;
    reg  s1_d_is_neg$d;
    wire  s1_d_is_neg$q;
    reg  s1_d_is_neg$clock;
    reg  [24:0] s1_d_mag$d;
    wire  [24:0] s1_d_mag$q;
    reg  s1_d_mag$clock;
    reg  [11:0] s1_leak$d;
    wire  [11:0] s1_leak$q;
    reg  s1_leak$clock;
    reg  s1_leak_mode$d;
    wire  s1_leak_mode$q;
    reg  s1_leak_mode$clock;
    reg  [7:0] s1_mod_gain$d;
    wire  [7:0] s1_mod_gain$q;
    reg  s1_mod_gain$clock;
    reg  s1_reset_mode$d;
    wire  s1_reset_mode$q;
    reg  s1_reset_mode$clock;
    reg  [15:0] s1_thr$d;
    wire  [15:0] s1_thr$q;
    reg  s1_thr$clock;
    reg  [15:0] s1_v_reset$d;
    wire  [15:0] s1_v_reset$q;
    reg  s1_v_reset$clock;
    reg  [25:0] s1_va$d;
    wire  [25:0] s1_va$q;
    reg  s1_va$clock;
    reg  [15:0] s1_noise$d;
    wire  [15:0] s1_noise$q;
    reg  s1_noise$clock;
    reg  [7:0] s2_mod_gain$d;
    wire  [7:0] s2_mod_gain$q;
    reg  s2_mod_gain$clock;
    reg  s2_mod_is_neg$d;
    wire  s2_mod_is_neg$q;
    reg  s2_mod_is_neg$clock;
    reg  [15:0] s2_mod_prod$d;
    wire  [15:0] s2_mod_prod$q;
    reg  s2_mod_prod$clock;
    reg  s2_reset_mode$d;
    wire  s2_reset_mode$q;
    reg  s2_reset_mode$clock;
    reg  [24:0] s2_step$d;
    wire  [24:0] s2_step$q;
    reg  s2_step$clock;
    reg  s2_step_sub$d;
    wire  s2_step_sub$q;
    reg  s2_step_sub$clock;
    reg  [17:0] s2_thr_base$d;
    wire  [17:0] s2_thr_base$q;
    reg  s2_thr_base$clock;
    reg  [15:0] s2_v_reset$d;
    wire  [15:0] s2_v_reset$q;
    reg  s2_v_reset$clock;
    reg  [25:0] s2_va$d;
    wire  [25:0] s2_va$q;
    reg  s2_va$clock;
    reg  s3_reset_mode$d;
    wire  s3_reset_mode$q;
    reg  s3_reset_mode$clock;
    reg  [15:0] s3_thr_eff$d;
    wire  [15:0] s3_thr_eff$q;
    reg  s3_thr_eff$clock;
    reg  [23:0] s3_v_int$d;
    wire  [23:0] s3_v_int$q;
    reg  s3_v_int$clock;
    reg  [15:0] s3_v_reset$d;
    wire  [15:0] s3_v_reset$q;
    reg  s3_v_reset$clock;
    reg  s4_burst_end$d;
    wire  s4_burst_end$q;
    reg  s4_burst_end$clock;
    reg  s4_flux_spike$d;
    wire  s4_flux_spike$q;
    reg  s4_flux_spike$clock;
    reg  s4_reset_mode$d;
    wire  s4_reset_mode$q;
    reg  s4_reset_mode$clock;
    reg  [23:0] s4_v_int$d;
    wire  [23:0] s4_v_int$q;
    reg  s4_v_int$clock;
    reg  [15:0] s4_v_reset$d;
    wire  [15:0] s4_v_reset$q;
    reg  s4_v_reset$clock;
    reg  [24:0] s4_v_sub$d;
    wire  [24:0] s4_v_sub$q;
    reg  s4_v_sub$clock;
    
    // Local signals
    reg  [15:0] thr_off_next;
    reg  [15:0] mod_next;
    reg  [25:0] a_in_va;
    reg  [25:0] noise_va;
    reg  active;
    reg  [25:0] d_neg;
    reg  [25:0] d_pos;
    reg  [24:0] exp_step;
    reg  [17:0] habituated;
    reg  [24:0] leak_d;
    reg  [17:0] m_in_m;
    reg  [17:0] mod_level_m;
    reg  [31:0] mod_prod;
    reg  [17:0] mod_relax_m;
    reg  [17:0] mod_relaxed;
    reg  [17:0] mod_sum;
    reg  [15:0] mod_term;
    reg  [18:0] mod_term_t;
    reg  [17:0] mod_toward;
    reg  [17:0] neg_thr_off_max_m;
    reg  potentiate;
    reg  [17:0] potentiated;
    reg  [7:0] quiet_q;
    reg  [18:0] thr_base_t;
    reg  [24:0] thr_eff_25;
    reg  [17:0] thr_off_m;
    reg  [17:0] thr_off_max_m;
    reg  [17:0] thr_off_t;
    reg  [18:0] thr_sum;
    reg  [24:0] v_burst_25;
    reg  [24:0] v_int_25;
    reg  [26:0] v_leaked;
    reg  [23:0] v_reset_24;
    reg  [25:0] v_rest_va;
    reg  [15:0] v_sat16;
    reg  [15:0] v_sub16;
    reg  [24:0] v_sub_25;
    reg  [25:0] v_va;
    reg  [26:0] va_v;
    
    // Sub module instances
    flux_core_small_neuron_core_flux_s1_thr_off s1_thr_off(
        .d(s1_thr_off$d),
        .q(s1_thr_off$q),
        .clock(s1_thr_off$clock)
    );
    flux_core_small_neuron_core_flux_s1_mod_level s1_mod_level(
        .d(s1_mod_level$d),
        .q(s1_mod_level$q),
        .clock(s1_mod_level$clock)
    );
    flux_core_small_neuron_core_flux_s1_quiet_cnt s1_quiet_cnt(
        .d(s1_quiet_cnt$d),
        .q(s1_quiet_cnt$q),
        .clock(s1_quiet_cnt$clock)
    );
    flux_core_small_neuron_core_flux_s1_d_is_neg s1_d_is_neg(
        .d(s1_d_is_neg$d),
        .q(s1_d_is_neg$q),
        .clock(s1_d_is_neg$clock)
    );
    flux_core_small_neuron_core_flux_s1_d_mag s1_d_mag(
        .d(s1_d_mag$d),
        .q(s1_d_mag$q),
        .clock(s1_d_mag$clock)
    );
    flux_core_small_neuron_core_flux_s1_leak s1_leak(
        .d(s1_leak$d),
        .q(s1_leak$q),
        .clock(s1_leak$clock)
    );
    flux_core_small_neuron_core_flux_s1_leak_mode s1_leak_mode(
        .d(s1_leak_mode$d),
        .q(s1_leak_mode$q),
        .clock(s1_leak_mode$clock)
    );
    flux_core_small_neuron_core_flux_s1_mod_gain s1_mod_gain(
        .d(s1_mod_gain$d),
        .q(s1_mod_gain$q),
        .clock(s1_mod_gain$clock)
    );
    flux_core_small_neuron_core_flux_s1_reset_mode s1_reset_mode(
        .d(s1_reset_mode$d),
        .q(s1_reset_mode$q),
        .clock(s1_reset_mode$clock)
    );
    flux_core_small_neuron_core_flux_s1_thr s1_thr(
        .d(s1_thr$d),
        .q(s1_thr$q),
        .clock(s1_thr$clock)
    );
    flux_core_small_neuron_core_flux_s1_v_reset s1_v_reset(
        .d(s1_v_reset$d),
        .q(s1_v_reset$q),
        .clock(s1_v_reset$clock)
    );
    flux_core_small_neuron_core_flux_s1_va s1_va(
        .d(s1_va$d),
        .q(s1_va$q),
        .clock(s1_va$clock)
    );
    flux_core_small_neuron_core_flux_s1_noise s1_noise(
        .d(s1_noise$d),
        .q(s1_noise$q),
        .clock(s1_noise$clock)
    );
    flux_core_small_neuron_core_flux_s2_mod_gain s2_mod_gain(
        .d(s2_mod_gain$d),
        .q(s2_mod_gain$q),
        .clock(s2_mod_gain$clock)
    );
    flux_core_small_neuron_core_flux_s2_mod_is_neg s2_mod_is_neg(
        .d(s2_mod_is_neg$d),
        .q(s2_mod_is_neg$q),
        .clock(s2_mod_is_neg$clock)
    );
    flux_core_small_neuron_core_flux_s2_mod_prod s2_mod_prod(
        .d(s2_mod_prod$d),
        .q(s2_mod_prod$q),
        .clock(s2_mod_prod$clock)
    );
    flux_core_small_neuron_core_flux_s2_reset_mode s2_reset_mode(
        .d(s2_reset_mode$d),
        .q(s2_reset_mode$q),
        .clock(s2_reset_mode$clock)
    );
    flux_core_small_neuron_core_flux_s2_step s2_step(
        .d(s2_step$d),
        .q(s2_step$q),
        .clock(s2_step$clock)
    );
    flux_core_small_neuron_core_flux_s2_step_sub s2_step_sub(
        .d(s2_step_sub$d),
        .q(s2_step_sub$q),
        .clock(s2_step_sub$clock)
    );
    flux_core_small_neuron_core_flux_s2_thr_base s2_thr_base(
        .d(s2_thr_base$d),
        .q(s2_thr_base$q),
        .clock(s2_thr_base$clock)
    );
    flux_core_small_neuron_core_flux_s2_v_reset s2_v_reset(
        .d(s2_v_reset$d),
        .q(s2_v_reset$q),
        .clock(s2_v_reset$clock)
    );
    flux_core_small_neuron_core_flux_s2_va s2_va(
        .d(s2_va$d),
        .q(s2_va$q),
        .clock(s2_va$clock)
    );
    flux_core_small_neuron_core_flux_s3_reset_mode s3_reset_mode(
        .d(s3_reset_mode$d),
        .q(s3_reset_mode$q),
        .clock(s3_reset_mode$clock)
    );
    flux_core_small_neuron_core_flux_s3_thr_eff s3_thr_eff(
        .d(s3_thr_eff$d),
        .q(s3_thr_eff$q),
        .clock(s3_thr_eff$clock)
    );
    flux_core_small_neuron_core_flux_s3_v_int s3_v_int(
        .d(s3_v_int$d),
        .q(s3_v_int$q),
        .clock(s3_v_int$clock)
    );
    flux_core_small_neuron_core_flux_s3_v_reset s3_v_reset(
        .d(s3_v_reset$d),
        .q(s3_v_reset$q),
        .clock(s3_v_reset$clock)
    );
    flux_core_small_neuron_core_flux_s4_burst_end s4_burst_end(
        .d(s4_burst_end$d),
        .q(s4_burst_end$q),
        .clock(s4_burst_end$clock)
    );
    flux_core_small_neuron_core_flux_s4_flux_spike s4_flux_spike(
        .d(s4_flux_spike$d),
        .q(s4_flux_spike$q),
        .clock(s4_flux_spike$clock)
    );
    flux_core_small_neuron_core_flux_s4_reset_mode s4_reset_mode(
        .d(s4_reset_mode$d),
        .q(s4_reset_mode$q),
        .clock(s4_reset_mode$clock)
    );
    flux_core_small_neuron_core_flux_s4_v_int s4_v_int(
        .d(s4_v_int$d),
        .q(s4_v_int$q),
        .clock(s4_v_int$clock)
    );
    flux_core_small_neuron_core_flux_s4_v_reset s4_v_reset(
        .d(s4_v_reset$d),
        .q(s4_v_reset$q),
        .clock(s4_v_reset$clock)
    );
    flux_core_small_neuron_core_flux_s4_v_sub s4_v_sub(
        .d(s4_v_sub$d),
        .q(s4_v_sub$q),
        .clock(s4_v_sub$clock)
    );
    
    // Update code
    always @(*) begin
        s1_thr_off$clock = clock;
        s1_mod_level$clock = clock;
        s1_quiet_cnt$clock = clock;
        s1_d_is_neg$clock = clock;
        s1_d_mag$clock = clock;
        s1_leak$clock = clock;
        s1_leak_mode$clock = clock;
        s1_mod_gain$clock = clock;
        s1_reset_mode$clock = clock;
        s1_thr$clock = clock;
        s1_v_reset$clock = clock;
        s1_va$clock = clock;
        s1_noise$clock = clock;
        s2_mod_gain$clock = clock;
        s2_mod_is_neg$clock = clock;
        s2_mod_prod$clock = clock;
        s2_reset_mode$clock = clock;
        s2_step$clock = clock;
        s2_step_sub$clock = clock;
        s2_thr_base$clock = clock;
        s2_v_reset$clock = clock;
        s2_va$clock = clock;
        s3_reset_mode$clock = clock;
        s3_thr_eff$clock = clock;
        s3_v_int$clock = clock;
        s3_v_reset$clock = clock;
        s4_burst_end$clock = clock;
        s4_flux_spike$clock = clock;
        s4_reset_mode$clock = clock;
        s4_v_int$clock = clock;
        s4_v_reset$clock = clock;
        s4_v_sub$clock = clock;
        mod_level_m = ((st_mod_level) & 18'h3ffff);
        if (st_mod_level[msb_16]) begin
            mod_level_m = ((st_mod_level) & 18'h3ffff) | ext_m_16;
        end
        mod_relax_m = ((pf_mod_relax) & 18'h3ffff);
        mod_relaxed = ((32'h0) & 18'h3ffff);
        if (st_mod_level[msb_16]) begin
            mod_toward = mod_level_m + mod_relax_m;
            if (mod_toward[msb_m]) begin
                mod_relaxed = mod_toward;
            end
        end
        else begin
            mod_toward = mod_level_m - mod_relax_m;
            if (~mod_toward[msb_m]) begin
                mod_relaxed = mod_toward;
            end
        end
        m_in_m = ((sl_m_in) & 18'h3ffff);
        if (sl_m_in[msb_16]) begin
            m_in_m = ((sl_m_in) & 18'h3ffff) | ext_m_16;
        end
        mod_sum = mod_relaxed + m_in_m;
        mod_next = mod_sum[(32'h0)+:(16)];
        if (|mod_sum[(msb_16)+:(3)] & ~&mod_sum[(msb_16)+:(3)]) begin
            if (mod_sum[msb_m]) begin
                mod_next = s16_min;
            end
            else begin
                mod_next = s16_max;
            end
        end
        active = |sl_a_in;
        quiet_q = st_quiet_cnt + one_8;
        if (&st_quiet_cnt) begin
            quiet_q = max_8;
        end
        potentiate = ~active & |pf_quiet_steps & (quiet_q >= pf_quiet_steps);
        thr_off_m = ((st_thr_off) & 18'h3ffff);
        if (st_thr_off[msb_16]) begin
            thr_off_m = ((st_thr_off) & 18'h3ffff) | ext_m_16;
        end
        thr_off_max_m = ((pf_thr_off_max) & 18'h3ffff);
        neg_thr_off_max_m = ((32'h0) & 18'h3ffff) - thr_off_max_m;
        habituated = thr_off_m + ((pf_hab_rate) & 18'h3ffff);
        if ((habituated ^ flip_m) > (thr_off_max_m ^ flip_m)) begin
            habituated = thr_off_max_m;
        end
        potentiated = thr_off_m - ((pf_pot_rate) & 18'h3ffff);
        if ((potentiated ^ flip_m) < (neg_thr_off_max_m ^ flip_m)) begin
            potentiated = neg_thr_off_max_m;
        end
        thr_off_next = st_thr_off;
        if (active & refr) begin
            thr_off_next = habituated[(32'h0)+:(16)];
        end
        else if (potentiate) begin
            thr_off_next = potentiated[(32'h0)+:(16)];
        end
        s1_thr_off$d = st_thr_off;
        s1_mod_level$d = st_mod_level;
        s1_quiet_cnt$d = st_quiet_cnt;
        if (~pf_kind) begin
            s1_thr_off$d = thr_off_next;
            s1_mod_level$d = mod_next;
            s1_quiet_cnt$d = quiet_q;
            if (active | potentiate) begin
                s1_quiet_cnt$d = ((32'h0) & 8'hff);
            end
        end
        thr_off_1 = s1_thr_off$q;
        mod_level_1 = s1_mod_level$q;
        quiet_cnt_1 = s1_quiet_cnt$q;
        v_va = ((st_v) & 26'h3ffffff);
        if (st_v[msb_st_v]) begin
            v_va = ((st_v) & 26'h3ffffff) | ext_va_24;
        end
        v_rest_va = ((pf_v_rest) & 26'h3ffffff);
        if (pf_v_rest[msb_16]) begin
            v_rest_va = ((pf_v_rest) & 26'h3ffffff) | ext_va_16;
        end
        a_in_va = ((sl_a_in) & 26'h3ffffff);
        if (sl_a_in[msb_a_in]) begin
            a_in_va = ((sl_a_in) & 26'h3ffffff) | ext_va_24;
        end
        d_pos = v_va - v_rest_va;
        d_neg = v_rest_va - v_va;
        s1_d_is_neg$d = d_pos[msb_va];
        s1_d_mag$d = ((d_pos) & 25'h1ffffff);
        if (d_pos[msb_va]) begin
            s1_d_mag$d = ((d_neg) & 25'h1ffffff);
        end
        s1_va$d = v_va + a_in_va;
        s1_noise$d = noise;
        s1_leak$d = pf_leak;
        s1_leak_mode$d = pf_leak_mode;
        s1_reset_mode$d = pf_reset_mode;
        s1_v_reset$d = pf_v_reset;
        s1_thr$d = pf_thr;
        s1_mod_gain$d = pf_mod_gain;
        s2_reset_mode$d = s1_reset_mode$q;
        s2_v_reset$d = s1_v_reset$q;
        exp_step = s1_d_mag$q >> s1_leak$q[(32'h0)+:(5)];
        if (|s1_leak$q[(32'h5)+:(7)]) begin
            exp_step = ((32'h0) & 25'h1ffffff);
        end
        leak_d = ((s1_leak$q) & 25'h1ffffff);
        s2_step$d = s1_d_mag$q;
        if (s1_leak_mode$q) begin
            s2_step$d = exp_step;
        end
        else if (s1_d_mag$q > leak_d) begin
            s2_step$d = leak_d;
        end
        s2_step_sub$d = ~s1_d_is_neg$q;
        noise_va = ((s1_noise$q) & 26'h3ffffff);
        if (s1_noise$q[msb_16]) begin
            noise_va = ((s1_noise$q) & 26'h3ffffff) | ext_va_16;
        end
        s2_va$d = s1_va$q + noise_va;
        thr_off_t = ((s1_thr_off$q) & 18'h3ffff);
        if (s1_thr_off$q[msb_16]) begin
            thr_off_t = ((s1_thr_off$q) & 18'h3ffff) | ext_m_16;
        end
        s2_thr_base$d = ((s1_thr$q) & 18'h3ffff) + thr_off_t;
        mod_prod = s1_mod_level$q * ((s1_mod_gain$q) & 16'hffff);
        s2_mod_prod$d = ((mod_prod >> mod_shift) & 16'hffff);
        s2_mod_is_neg$d = s1_mod_level$q[msb_16];
        s2_mod_gain$d = s1_mod_gain$q;
        s3_reset_mode$d = s2_reset_mode$q;
        s3_v_reset$d = s2_v_reset$q;
        va_v = ((s2_va$q) & 27'h7ffffff);
        if (s2_va$q[msb_va]) begin
            va_v = ((s2_va$q) & 27'h7ffffff) | ext_v_va;
        end
        if (s2_step_sub$q) begin
            v_leaked = va_v - ((s2_step$q) & 27'h7ffffff);
        end
        else begin
            v_leaked = va_v + ((s2_step$q) & 27'h7ffffff);
        end
        v_sat16 = v_leaked[(32'h0)+:(16)];
        if (|v_leaked[(msb_16)+:(12)] & ~&v_leaked[(msb_16)+:(12)]) begin
            if (v_leaked[msb_v]) begin
                v_sat16 = s16_min;
            end
            else begin
                v_sat16 = s16_max;
            end
        end
        s3_v_int$d = v2;
        if (~refr2) begin
            s3_v_int$d = ((v_sat16) & 24'hffffff);
            if (v_sat16[msb_16]) begin
                s3_v_int$d = ((v_sat16) & 24'hffffff) | ext_24_16;
            end
        end
        mod_term = s2_mod_prod$q;
        if (s2_mod_is_neg$q) begin
            mod_term = s2_mod_prod$q - (((s2_mod_gain$q) & 16'hffff) << mod_shift);
        end
        mod_term_t = ((mod_term) & 19'h7ffff);
        if (mod_term[msb_16]) begin
            mod_term_t = ((mod_term) & 19'h7ffff) | ext_t_16;
        end
        thr_base_t = ((s2_thr_base$q) & 19'h7ffff);
        if (s2_thr_base$q[msb_m]) begin
            thr_base_t = ((s2_thr_base$q) & 19'h7ffff) | ext_t_m;
        end
        thr_sum = thr_base_t - mod_term_t;
        s3_thr_eff$d = thr_sum[(32'h0)+:(16)];
        if (thr_sum[msb_t] | ~|thr_sum) begin
            s3_thr_eff$d = thr_eff_min;
        end
        else if (|thr_sum[(msb_16)+:(4)]) begin
            s3_thr_eff$d = s16_max;
        end
        s4_reset_mode$d = s3_reset_mode$q;
        s4_v_reset$d = s3_v_reset$q;
        s4_v_int$d = s3_v_int$q;
        v_int_25 = ((s3_v_int$q) & 25'h1ffffff);
        if (s3_v_int$q[msb_st_v]) begin
            v_int_25 = ((s3_v_int$q) & 25'h1ffffff) | ext_v25_24;
        end
        thr_eff_25 = ((s3_thr_eff$q) & 25'h1ffffff);
        s4_flux_spike$d = e3 | (~refr3 & ~s3_v_int$q[msb_st_v] & (v_int_25 >= thr_eff_25));
        v_sub_25 = v_int_25 - thr_eff_25;
        s4_v_sub$d = v_sub_25;
        v_burst_25 = v_int_25 - (thr_eff_25 << 32'h1);
        s4_burst_end$d = v_burst_25[msb_v25];
        v_sub16 = s4_v_sub$q[(32'h0)+:(16)];
        if (|s4_v_sub$q[(msb_16)+:(10)] & ~&s4_v_sub$q[(msb_16)+:(10)]) begin
            if (s4_v_sub$q[msb_v25]) begin
                v_sub16 = s16_min;
            end
            else begin
                v_sub16 = s16_max;
            end
        end
        v_reset_24 = ((s4_v_reset$q) & 24'hffffff);
        if (s4_v_reset$q[msb_16]) begin
            v_reset_24 = ((s4_v_reset$q) & 24'hffffff) | ext_24_16;
        end
        spike = s4_flux_spike$q;
        v_next = s4_v_int$q;
        ref_clear = 1'b0;
        ref_load = 1'b0;
        if (s4_flux_spike$q) begin
            if (s4_reset_mode$q) begin
                v_next = ((v_sub16) & 24'hffffff);
                if (v_sub16[msb_16]) begin
                    v_next = ((v_sub16) & 24'hffffff) | ext_24_16;
                end
                if (s4_burst_end$q) begin
                    ref_load = 1'b1;
                end
                else begin
                    ref_clear = 1'b1;
                end
            end
            else begin
                v_next = v_reset_24;
                ref_load = 1'b1;
            end
        end
    end
    
endmodule // flux_core_small_neuron_core_flux


module flux_core_small_neuron_core_flux_s1_d_is_neg(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s1_d_is_neg


module flux_core_small_neuron_core_flux_s1_d_mag(d,q,clock);
    
    // Module arguments
    input wire  [24:0] d;
    output reg  [24:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 25'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s1_d_mag


module flux_core_small_neuron_core_flux_s1_leak(d,q,clock);
    
    // Module arguments
    input wire  [11:0] d;
    output reg  [11:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 12'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s1_leak


module flux_core_small_neuron_core_flux_s1_leak_mode(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s1_leak_mode


module flux_core_small_neuron_core_flux_s1_mod_gain(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s1_mod_gain


module flux_core_small_neuron_core_flux_s1_mod_level(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s1_mod_level


module flux_core_small_neuron_core_flux_s1_noise(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s1_noise


module flux_core_small_neuron_core_flux_s1_quiet_cnt(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s1_quiet_cnt


module flux_core_small_neuron_core_flux_s1_reset_mode(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s1_reset_mode


module flux_core_small_neuron_core_flux_s1_thr(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s1_thr


module flux_core_small_neuron_core_flux_s1_thr_off(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s1_thr_off


module flux_core_small_neuron_core_flux_s1_v_reset(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s1_v_reset


module flux_core_small_neuron_core_flux_s1_va(d,q,clock);
    
    // Module arguments
    input wire  [25:0] d;
    output reg  [25:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 26'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s1_va


module flux_core_small_neuron_core_flux_s2_mod_gain(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s2_mod_gain


module flux_core_small_neuron_core_flux_s2_mod_is_neg(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s2_mod_is_neg


module flux_core_small_neuron_core_flux_s2_mod_prod(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s2_mod_prod


module flux_core_small_neuron_core_flux_s2_reset_mode(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s2_reset_mode


module flux_core_small_neuron_core_flux_s2_step(d,q,clock);
    
    // Module arguments
    input wire  [24:0] d;
    output reg  [24:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 25'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s2_step


module flux_core_small_neuron_core_flux_s2_step_sub(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s2_step_sub


module flux_core_small_neuron_core_flux_s2_thr_base(d,q,clock);
    
    // Module arguments
    input wire  [17:0] d;
    output reg  [17:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 18'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s2_thr_base


module flux_core_small_neuron_core_flux_s2_v_reset(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s2_v_reset


module flux_core_small_neuron_core_flux_s2_va(d,q,clock);
    
    // Module arguments
    input wire  [25:0] d;
    output reg  [25:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 26'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s2_va


module flux_core_small_neuron_core_flux_s3_reset_mode(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s3_reset_mode


module flux_core_small_neuron_core_flux_s3_thr_eff(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s3_thr_eff


module flux_core_small_neuron_core_flux_s3_v_int(d,q,clock);
    
    // Module arguments
    input wire  [23:0] d;
    output reg  [23:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 24'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s3_v_int


module flux_core_small_neuron_core_flux_s3_v_reset(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s3_v_reset


module flux_core_small_neuron_core_flux_s4_burst_end(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s4_burst_end


module flux_core_small_neuron_core_flux_s4_flux_spike(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s4_flux_spike


module flux_core_small_neuron_core_flux_s4_reset_mode(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s4_reset_mode


module flux_core_small_neuron_core_flux_s4_v_int(d,q,clock);
    
    // Module arguments
    input wire  [23:0] d;
    output reg  [23:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 24'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s4_v_int


module flux_core_small_neuron_core_flux_s4_v_reset(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s4_v_reset


module flux_core_small_neuron_core_flux_s4_v_sub(d,q,clock);
    
    // Module arguments
    input wire  [24:0] d;
    output reg  [24:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 25'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_flux_s4_v_sub


module flux_core_small_neuron_core_izh(clock,pf_k2,pf_k1,pf_k0,pf_a,pf_ab,pf_ub,pf_c,pf_d,pf_in_shift,sl_a_in,st_u,st_v,over,v_keep,v_spiked,u_keep,u_spiked);
    
    // Module arguments
    input wire  clock;
    input wire  [15:0] pf_k2;
    input wire  [15:0] pf_k1;
    input wire  [15:0] pf_k0;
    input wire  [14:0] pf_a;
    input wire  [15:0] pf_ab;
    input wire  [15:0] pf_ub;
    input wire  [9:0] pf_c;
    input wire  [15:0] pf_d;
    input wire  [2:0] pf_in_shift;
    input wire  [23:0] sl_a_in;
    input wire  [24:0] st_u;
    input wire  [23:0] st_v;
    output reg  over;
    output reg  [23:0] v_keep;
    output reg  [23:0] v_spiked;
    output reg  [24:0] u_keep;
    output reg  [24:0] u_spiked;
    
    // Constant declarations
    localparam  k0_shift = 7'b1101;
    localparam  in_base = 7'b1100;
    localparam  v_up = 7'b1000;
    localparam  u_sv = 7'b10;
    localparam  u_su = 7'b1010;
    localparam  ub_su = 7'b1100;
    localparam  c_v = 7'b1010;
    localparam  d_u = 7'b111;
    localparam  vc_shift = 7'b100;
    localparam  sv_shift = 7'b1000;
    localparam  au_shift = 7'b110;
    localparam  au_up = 7'b1010;
    localparam  su_shift = 7'b1010;
    localparam  piece = 7'b10000;
    localparam  half_v = 40'h80;
    localparam  half_u = 40'h200;
    localparam  peak_sum = 40'h1e00000;
    localparam  vc_min = 16'h8000;
    localparam  vc_max = 16'h7fff;
    localparam  vn_min = 22'h200000;
    localparam  vn_max = 22'h1fffff;
    localparam  u_min = 25'h1000000;
    localparam  u_max = 25'hffffff;
    localparam  ext_w_16 = 40'hffffff0000;
    localparam  ext_w_24 = 40'hffff000000;
    localparam  ext_w_25 = 40'hfffe000000;
    localparam  ext_w_32 = 40'hff00000000;
    localparam  ext_w_k0 = 40'hffffff0000;
    localparam  ext_w_ub = 40'hffffff0000;
    localparam  a_bits = 7'b1111;
    localparam  h_bits = 7'b1001;
    localparam  both_neg = 32'h1000000;
    localparam  ext_24_c = 24'hf00000;
    localparam  ext_24_vn = 24'hc00000;
    localparam  ext_ud_25 = 26'h2000000;
    localparam  ext_ud_d = 26'h3800000;
    localparam  ext_vs = 20'h0;
    localparam  msb_16 = 7'b1111;
    localparam  msb_24 = 7'b10111;
    localparam  msb_25 = 7'b11000;
    localparam  msb_32 = 7'b11111;
    localparam  msb_a = 7'b1110;
    localparam  msb_c = 7'b1001;
    localparam  msb_d = 7'b1111;
    localparam  msb_k0 = 7'b1111;
    localparam  msb_ub = 7'b1111;
    localparam  msb_ud = 7'b11001;
    localparam  msb_vs = 7'b10011;
    localparam  msb_w = 7'b100111;
    localparam  msb_vcn = 7'b10001;
    localparam  msb_vn = 7'b10101;
    localparam  ext_w_au = 40'hfc00000000;
    localparam  vn_top = 7'b11101;
    localparam  un_top = 7'b100010;
    localparam  vcn_hi = 7'b10000;
    
    // Stub signals
    reg  [15:0] s1_vc$d;
    wire  [15:0] s1_vc$q;
    reg  s1_vc$clock;
    reg  [15:0] s1_vc_mag$d;
    wire  [15:0] s1_vc_mag$q;
    reg  s1_vc_mag$clock;
    reg  [39:0] s1_base$d;
    wire  [39:0] s1_base$q;
    reg  s1_base$clock;
    reg  [24:0] s1_u$d;
    wire  [24:0] s1_u$q;
    reg  s1_u$clock;
    reg  [15:0] s1_k1$d;
    wire  [15:0] s1_k1$q;
    reg  s1_k1$clock;
    reg  [15:0] s1_k2$d;
    wire  [15:0] s1_k2$q;
    reg  s1_k2$clock;
    reg  [14:0] s1_a15$d;
    wire  [14:0] s1_a15$q;
    reg  s1_a15$clock;
    reg  [15:0] s1_ab$d;
    wire  [15:0] s1_ab$q;
    reg  s1_ab$clock;
    reg  [15:0] s1_ub$d;
    wire  [15:0] s1_ub$q;
    reg  s1_ub$clock;
    reg  [9:0] s1_c$d;
    wire  [9:0] s1_c$q;
    reg  s1_c$clock;
    reg  [15:0] s1_d$d;
    wire  [15:0] s1_d$q;
    reg  s1_d$clock;
    reg  [31:0] s2_qh$d;
    wire  [31:0] s2_qh$q;
    reg  s2_qh$clock;
    reg  [31:0] s2_ql$d;
    wire  [31:0] s2_ql$q;
    reg  s2_ql$clock;
    reg  [31:0] s2_k1vc$d;
    wire  [31:0] s2_k1vc$q;
    reg  s2_k1vc$clock;
    reg  [31:0] s2_auh$d;
    wire  [31:0] s2_auh$q;
    reg  s2_auh$clock;
    reg  [31:0] s2_aul$d;
    wire  [31:0] s2_aul$q;
    reg  s2_aul$clock;
    reg  [39:0] s2_base$d;
    wire  [39:0] s2_base$q;
    reg  s2_base$clock;
    reg  [24:0] s2_u$d;
    wire  [24:0] s2_u$q;
    reg  s2_u$clock;
    reg  [15:0] s2_ab$d;
    wire  [15:0] s2_ab$q;
    reg  s2_ab$clock;
    reg  [15:0] s2_ub$d;
    wire  [15:0] s2_ub$q;
    reg  s2_ub$clock;
    reg  [9:0] s2_c$d;
    wire  [9:0] s2_c$q;
    reg  s2_c$clock;
    reg  [15:0] s2_d$d;
    wire  [15:0] s2_d$q;
    reg  s2_d$clock;
    reg  [39:0] s3_base$d;
    wire  [39:0] s3_base$q;
    reg  s3_base$clock;
    reg  s3_neg$d;
    wire  s3_neg$q;
    reg  s3_neg$clock;
    reg  [39:0] s3_ubase$d;
    wire  [39:0] s3_ubase$q;
    reg  s3_ubase$clock;
    reg  [15:0] s3_ab$d;
    wire  [15:0] s3_ab$q;
    reg  s3_ab$clock;
    reg  [9:0] s3_c$d;
    wire  [9:0] s3_c$q;
    reg  s3_c$clock;
    reg  [15:0] s3_d$d;
    wire  [15:0] s3_d$q;
    reg  s3_d$clock;
    reg  [21:0] s4_vn$d;
    wire  [21:0] s4_vn$q;
    reg  s4_vn$clock;
    reg  s4_over$d;
    wire  s4_over$q;
    reg  s4_over$clock;
    reg  [39:0] s4_ubase$d;
    wire  [39:0] s4_ubase$q;
    reg  s4_ubase$clock;
    reg  [15:0] s4_ab$d;
    wire  [15:0] s4_ab$q;
    reg  s4_ab$clock;
    reg  [9:0] s4_c$d;
    wire  [9:0] s4_c$q;
    reg  s4_c$clock;
    reg  [15:0] s4_d$d;
    wire  [15:0] s4_d$q;
    reg  s4_d$clock;
    
    // Local signals
    reg  [19:0] vs;
    reg  [15:0] vc;
    reg  [39:0] a_in_w;
    reg  [39:0] k0_w;
    reg  [39:0] v_w;
    reg  [39:0] u_w1;
    reg  [31:0] p_k1vc;
    reg  [31:0] p_auh;
    reg  [31:0] p_aul;
    reg  [39:0] k1vc_w;
    reg  [39:0] gap;
    reg  [39:0] auh_w;
    reg  [39:0] aul_w;
    reg  [39:0] aul_asr;
    reg  [39:0] u_w2;
    reg  [39:0] ub_w;
    reg  [39:0] sum_v;
    reg  [31:0] sq;
    reg  [39:0] q_w;
    reg  [21:0] vn;
    reg  [17:0] vcn;
    reg  [31:0] p_abvl;
    reg  [39:0] abvl_w;
    reg  [39:0] ab_w;
    reg  [39:0] abvh_w;
    reg  [39:0] sum_u;
    reg  [24:0] un;
    reg  [25:0] d_ud;
    reg  [25:0] ud;
    
    // Sub module instances
    flux_core_small_neuron_core_izh_s1_vc s1_vc(
        .d(s1_vc$d),
        .q(s1_vc$q),
        .clock(s1_vc$clock)
    );
    flux_core_small_neuron_core_izh_s1_vc_mag s1_vc_mag(
        .d(s1_vc_mag$d),
        .q(s1_vc_mag$q),
        .clock(s1_vc_mag$clock)
    );
    flux_core_small_neuron_core_izh_s1_base s1_base(
        .d(s1_base$d),
        .q(s1_base$q),
        .clock(s1_base$clock)
    );
    flux_core_small_neuron_core_izh_s1_u s1_u(
        .d(s1_u$d),
        .q(s1_u$q),
        .clock(s1_u$clock)
    );
    flux_core_small_neuron_core_izh_s1_k1 s1_k1(
        .d(s1_k1$d),
        .q(s1_k1$q),
        .clock(s1_k1$clock)
    );
    flux_core_small_neuron_core_izh_s1_k2 s1_k2(
        .d(s1_k2$d),
        .q(s1_k2$q),
        .clock(s1_k2$clock)
    );
    flux_core_small_neuron_core_izh_s1_a15 s1_a15(
        .d(s1_a15$d),
        .q(s1_a15$q),
        .clock(s1_a15$clock)
    );
    flux_core_small_neuron_core_izh_s1_ab s1_ab(
        .d(s1_ab$d),
        .q(s1_ab$q),
        .clock(s1_ab$clock)
    );
    flux_core_small_neuron_core_izh_s1_ub s1_ub(
        .d(s1_ub$d),
        .q(s1_ub$q),
        .clock(s1_ub$clock)
    );
    flux_core_small_neuron_core_izh_s1_c s1_c(
        .d(s1_c$d),
        .q(s1_c$q),
        .clock(s1_c$clock)
    );
    flux_core_small_neuron_core_izh_s1_d s1_d(
        .d(s1_d$d),
        .q(s1_d$q),
        .clock(s1_d$clock)
    );
    flux_core_small_neuron_core_izh_s2_qh s2_qh(
        .d(s2_qh$d),
        .q(s2_qh$q),
        .clock(s2_qh$clock)
    );
    flux_core_small_neuron_core_izh_s2_ql s2_ql(
        .d(s2_ql$d),
        .q(s2_ql$q),
        .clock(s2_ql$clock)
    );
    flux_core_small_neuron_core_izh_s2_k1vc s2_k1vc(
        .d(s2_k1vc$d),
        .q(s2_k1vc$q),
        .clock(s2_k1vc$clock)
    );
    flux_core_small_neuron_core_izh_s2_auh s2_auh(
        .d(s2_auh$d),
        .q(s2_auh$q),
        .clock(s2_auh$clock)
    );
    flux_core_small_neuron_core_izh_s2_aul s2_aul(
        .d(s2_aul$d),
        .q(s2_aul$q),
        .clock(s2_aul$clock)
    );
    flux_core_small_neuron_core_izh_s2_base s2_base(
        .d(s2_base$d),
        .q(s2_base$q),
        .clock(s2_base$clock)
    );
    flux_core_small_neuron_core_izh_s2_u s2_u(
        .d(s2_u$d),
        .q(s2_u$q),
        .clock(s2_u$clock)
    );
    flux_core_small_neuron_core_izh_s2_ab s2_ab(
        .d(s2_ab$d),
        .q(s2_ab$q),
        .clock(s2_ab$clock)
    );
    flux_core_small_neuron_core_izh_s2_ub s2_ub(
        .d(s2_ub$d),
        .q(s2_ub$q),
        .clock(s2_ub$clock)
    );
    flux_core_small_neuron_core_izh_s2_c s2_c(
        .d(s2_c$d),
        .q(s2_c$q),
        .clock(s2_c$clock)
    );
    flux_core_small_neuron_core_izh_s2_d s2_d(
        .d(s2_d$d),
        .q(s2_d$q),
        .clock(s2_d$clock)
    );
    flux_core_small_neuron_core_izh_s3_base s3_base(
        .d(s3_base$d),
        .q(s3_base$q),
        .clock(s3_base$clock)
    );
    flux_core_small_neuron_core_izh_s3_neg s3_neg(
        .d(s3_neg$d),
        .q(s3_neg$q),
        .clock(s3_neg$clock)
    );
    flux_core_small_neuron_core_izh_s3_ubase s3_ubase(
        .d(s3_ubase$d),
        .q(s3_ubase$q),
        .clock(s3_ubase$clock)
    );
    flux_core_small_neuron_core_izh_s3_ab s3_ab(
        .d(s3_ab$d),
        .q(s3_ab$q),
        .clock(s3_ab$clock)
    );
    flux_core_small_neuron_core_izh_s3_c s3_c(
        .d(s3_c$d),
        .q(s3_c$q),
        .clock(s3_c$clock)
    );
    flux_core_small_neuron_core_izh_s3_d s3_d(
        .d(s3_d$d),
        .q(s3_d$q),
        .clock(s3_d$clock)
    );
    flux_core_small_neuron_core_izh_s4_vn s4_vn(
        .d(s4_vn$d),
        .q(s4_vn$q),
        .clock(s4_vn$clock)
    );
    flux_core_small_neuron_core_izh_s4_over s4_over(
        .d(s4_over$d),
        .q(s4_over$q),
        .clock(s4_over$clock)
    );
    flux_core_small_neuron_core_izh_s4_ubase s4_ubase(
        .d(s4_ubase$d),
        .q(s4_ubase$q),
        .clock(s4_ubase$clock)
    );
    flux_core_small_neuron_core_izh_s4_ab s4_ab(
        .d(s4_ab$d),
        .q(s4_ab$q),
        .clock(s4_ab$clock)
    );
    flux_core_small_neuron_core_izh_s4_c s4_c(
        .d(s4_c$d),
        .q(s4_c$q),
        .clock(s4_c$clock)
    );
    flux_core_small_neuron_core_izh_s4_d s4_d(
        .d(s4_d$d),
        .q(s4_d$q),
        .clock(s4_d$clock)
    );
    
    // Update code
    always @(*) begin
        s1_vc$clock = clock;
        s1_vc_mag$clock = clock;
        s1_base$clock = clock;
        s1_u$clock = clock;
        s1_k1$clock = clock;
        s1_k2$clock = clock;
        s1_a15$clock = clock;
        s1_ab$clock = clock;
        s1_ub$clock = clock;
        s1_c$clock = clock;
        s1_d$clock = clock;
        s2_qh$clock = clock;
        s2_ql$clock = clock;
        s2_k1vc$clock = clock;
        s2_auh$clock = clock;
        s2_aul$clock = clock;
        s2_base$clock = clock;
        s2_u$clock = clock;
        s2_ab$clock = clock;
        s2_ub$clock = clock;
        s2_c$clock = clock;
        s2_d$clock = clock;
        s3_base$clock = clock;
        s3_neg$clock = clock;
        s3_ubase$clock = clock;
        s3_ab$clock = clock;
        s3_c$clock = clock;
        s3_d$clock = clock;
        s4_vn$clock = clock;
        s4_over$clock = clock;
        s4_ubase$clock = clock;
        s4_ab$clock = clock;
        s4_c$clock = clock;
        s4_d$clock = clock;
        vs = st_v[(vc_shift)+:(20)];
        if (st_v[msb_24]) begin
            vs = st_v[(vc_shift)+:(20)] | ext_vs;
        end
        vc = vs[(32'h0)+:(16)];
        if (|vs[(msb_16)+:(5)] & ~&vs[(msb_16)+:(5)]) begin
            if (vs[msb_vs]) begin
                vc = vc_min;
            end
            else begin
                vc = vc_max;
            end
        end
        s1_vc$d = vc;
        s1_vc_mag$d = vc;
        if (vc[msb_16]) begin
            s1_vc_mag$d = ((32'h0) & 16'hffff) - vc;
        end
        a_in_w = ((sl_a_in) & 40'hffffffffff);
        if (sl_a_in[msb_24]) begin
            a_in_w = ((sl_a_in) & 40'hffffffffff) | ext_w_24;
        end
        k0_w = ((pf_k0) & 40'hffffffffff);
        if (pf_k0[msb_k0]) begin
            k0_w = ((pf_k0) & 40'hffffffffff) | ext_w_k0;
        end
        v_w = ((st_v) & 40'hffffffffff);
        if (st_v[msb_24]) begin
            v_w = ((st_v) & 40'hffffffffff) | ext_w_24;
        end
        s1_base$d = (k0_w << k0_shift) + (a_in_w << (in_base - ((pf_in_shift) & 7'h7f))) + (v_w << v_up) + half_v;
        s1_u$d = st_u;
        s1_k1$d = pf_k1;
        s1_k2$d = pf_k2;
        s1_a15$d = pf_a;
        s1_ab$d = pf_ab;
        s1_ub$d = pf_ub;
        s1_c$d = pf_c;
        s1_d$d = pf_d;
        sq = s1_vc_mag$q * s1_vc_mag$q;
        s2_qh$d = sq[(piece)+:(16)] * s1_k2$q;
        s2_ql$d = sq[(32'h0)+:(16)] * s1_k2$q;
        p_k1vc = s1_k1$q * s1_vc$q;
        if (s1_k1$q[msb_16]) begin
            p_k1vc = p_k1vc - (((s1_vc$q) & 32'hffffffff) << piece);
        end
        if (s1_vc$q[msb_16]) begin
            p_k1vc = p_k1vc - (((s1_k1$q) & 32'hffffffff) << piece);
        end
        s2_k1vc$d = p_k1vc;
        p_auh = ((s1_a15$q) & 16'hffff) * ((s1_u$q[(piece)+:(9)]) & 16'hffff);
        if (s1_u$q[msb_25]) begin
            p_auh = p_auh - (((s1_a15$q) & 32'hffffffff) << h_bits);
        end
        if (s1_a15$q[msb_a]) begin
            p_auh = p_auh - (((s1_u$q[(piece)+:(9)]) & 32'hffffffff) << a_bits);
            if (s1_u$q[msb_25]) begin
                p_auh = p_auh + both_neg;
            end
        end
        s2_auh$d = p_auh;
        p_aul = ((s1_a15$q) & 16'hffff) * s1_u$q[(32'h0)+:(16)];
        if (s1_a15$q[msb_a]) begin
            p_aul = p_aul - (((s1_u$q[(32'h0)+:(16)]) & 32'hffffffff) << a_bits);
        end
        s2_aul$d = p_aul;
        u_w1 = ((s1_u$q) & 40'hffffffffff);
        if (s1_u$q[msb_25]) begin
            u_w1 = ((s1_u$q) & 40'hffffffffff) | ext_w_25;
        end
        s2_base$d = s1_base$q - (u_w1 << u_sv);
        s2_u$d = s1_u$q;
        s2_ab$d = s1_ab$q;
        s2_ub$d = s1_ub$q;
        s2_c$d = s1_c$q;
        s2_d$d = s1_d$q;
        k1vc_w = ((s2_k1vc$q) & 40'hffffffffff);
        if (s2_k1vc$q[msb_32]) begin
            k1vc_w = ((s2_k1vc$q) & 40'hffffffffff) | ext_w_32;
        end
        q_w = ((s2_qh$q) & 40'hffffffffff) + ((s2_ql$q >> piece) & 40'hffffffffff);
        s3_base$d = s2_base$q + k1vc_w + q_w;
        gap = s2_base$q + k1vc_w + q_w - peak_sum;
        s3_neg$d = gap[msb_w];
        auh_w = ((s2_auh$q) & 40'hffffffffff);
        if (s2_auh$q[msb_32]) begin
            auh_w = ((s2_auh$q) & 40'hffffffffff) | ext_w_32;
        end
        aul_w = ((s2_aul$q) & 40'hffffffffff);
        if (s2_aul$q[msb_32]) begin
            aul_w = ((s2_aul$q) & 40'hffffffffff) | ext_w_32;
        end
        aul_asr = aul_w >> au_shift;
        if (s2_aul$q[msb_32]) begin
            aul_asr = (aul_w >> au_shift) | ext_w_au;
        end
        u_w2 = ((s2_u$q) & 40'hffffffffff);
        if (s2_u$q[msb_25]) begin
            u_w2 = ((s2_u$q) & 40'hffffffffff) | ext_w_25;
        end
        ub_w = ((s2_ub$q) & 40'hffffffffff);
        if (s2_ub$q[msb_ub]) begin
            ub_w = ((s2_ub$q) & 40'hffffffffff) | ext_w_ub;
        end
        s3_ubase$d = (u_w2 << u_su) + (ub_w << ub_su) - (auh_w << au_up) - aul_asr + half_u;
        s3_ab$d = s2_ab$q;
        s3_c$d = s2_c$q;
        s3_d$d = s2_d$q;
        sum_v = s3_base$q;
        s4_over$d = ~s3_neg$q;
        vn = sum_v[(sv_shift)+:(22)];
        if (sum_v[msb_w]) begin
            if (~&sum_v[(vn_top)+:(11)]) begin
                vn = vn_min;
            end
        end
        else if (|sum_v[(vn_top)+:(11)]) begin
            vn = vn_max;
        end
        s4_vn$d = vn;
        s4_ubase$d = s3_ubase$q;
        s4_ab$d = s3_ab$q;
        s4_c$d = s3_c$q;
        s4_d$d = s3_d$q;
        vcn = s4_vn$q[(vc_shift)+:(18)];
        p_abvl = s4_ab$q * vcn[(32'h0)+:(16)];
        if (s4_ab$q[msb_16]) begin
            p_abvl = p_abvl - (((vcn[(32'h0)+:(16)]) & 32'hffffffff) << piece);
        end
        abvl_w = ((p_abvl) & 40'hffffffffff);
        if (p_abvl[msb_32]) begin
            abvl_w = ((p_abvl) & 40'hffffffffff) | ext_w_32;
        end
        ab_w = ((s4_ab$q) & 40'hffffffffff);
        if (s4_ab$q[msb_16]) begin
            ab_w = ((s4_ab$q) & 40'hffffffffff) | ext_w_16;
        end
        abvh_w = ((32'h0) & 40'hffffffffff);
        if (vcn[vcn_hi]) begin
            abvh_w = ab_w << piece;
        end
        if (vcn[msb_vcn]) begin
            abvh_w = (abvh_w - (ab_w << piece)) - (ab_w << piece);
        end
        sum_u = s4_ubase$q + abvl_w + abvh_w;
        un = sum_u[(su_shift)+:(25)];
        if (sum_u[msb_w]) begin
            if (~&sum_u[(un_top)+:(6)]) begin
                un = u_min;
            end
        end
        else if (|sum_u[(un_top)+:(6)]) begin
            un = u_max;
        end
        u_keep = un;
        d_ud = ((s4_d$q) & 26'h3ffffff) << d_u;
        if (s4_d$q[msb_d]) begin
            d_ud = (((s4_d$q) & 26'h3ffffff) << d_u) | ext_ud_d;
        end
        ud = ((un) & 26'h3ffffff) + d_ud;
        if (un[msb_25]) begin
            ud = (((un) & 26'h3ffffff) | ext_ud_25) + d_ud;
        end
        u_spiked = ud[(32'h0)+:(25)];
        if (ud[msb_ud] != ud[msb_25]) begin
            if (ud[msb_ud]) begin
                u_spiked = u_min;
            end
            else begin
                u_spiked = u_max;
            end
        end
        over = s4_over$q;
        v_keep = ((s4_vn$q) & 24'hffffff);
        if (s4_vn$q[msb_vn]) begin
            v_keep = ((s4_vn$q) & 24'hffffff) | ext_24_vn;
        end
        v_spiked = ((s4_c$q) & 24'hffffff) << c_v;
        if (s4_c$q[msb_c]) begin
            v_spiked = (((s4_c$q) & 24'hffffff) << c_v) | ext_24_c;
        end
    end
    
endmodule // flux_core_small_neuron_core_izh


module flux_core_small_neuron_core_izh_s1_a15(d,q,clock);
    
    // Module arguments
    input wire  [14:0] d;
    output reg  [14:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 15'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s1_a15


module flux_core_small_neuron_core_izh_s1_ab(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s1_ab


module flux_core_small_neuron_core_izh_s1_base(d,q,clock);
    
    // Module arguments
    input wire  [39:0] d;
    output reg  [39:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 40'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s1_base


module flux_core_small_neuron_core_izh_s1_c(d,q,clock);
    
    // Module arguments
    input wire  [9:0] d;
    output reg  [9:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 10'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s1_c


module flux_core_small_neuron_core_izh_s1_d(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s1_d


module flux_core_small_neuron_core_izh_s1_k1(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s1_k1


module flux_core_small_neuron_core_izh_s1_k2(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s1_k2


module flux_core_small_neuron_core_izh_s1_u(d,q,clock);
    
    // Module arguments
    input wire  [24:0] d;
    output reg  [24:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 25'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s1_u


module flux_core_small_neuron_core_izh_s1_ub(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s1_ub


module flux_core_small_neuron_core_izh_s1_vc(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s1_vc


module flux_core_small_neuron_core_izh_s1_vc_mag(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s1_vc_mag


module flux_core_small_neuron_core_izh_s2_ab(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s2_ab


module flux_core_small_neuron_core_izh_s2_auh(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s2_auh


module flux_core_small_neuron_core_izh_s2_aul(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s2_aul


module flux_core_small_neuron_core_izh_s2_base(d,q,clock);
    
    // Module arguments
    input wire  [39:0] d;
    output reg  [39:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 40'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s2_base


module flux_core_small_neuron_core_izh_s2_c(d,q,clock);
    
    // Module arguments
    input wire  [9:0] d;
    output reg  [9:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 10'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s2_c


module flux_core_small_neuron_core_izh_s2_d(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s2_d


module flux_core_small_neuron_core_izh_s2_k1vc(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s2_k1vc


module flux_core_small_neuron_core_izh_s2_qh(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s2_qh


module flux_core_small_neuron_core_izh_s2_ql(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s2_ql


module flux_core_small_neuron_core_izh_s2_u(d,q,clock);
    
    // Module arguments
    input wire  [24:0] d;
    output reg  [24:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 25'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s2_u


module flux_core_small_neuron_core_izh_s2_ub(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s2_ub


module flux_core_small_neuron_core_izh_s3_ab(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s3_ab


module flux_core_small_neuron_core_izh_s3_base(d,q,clock);
    
    // Module arguments
    input wire  [39:0] d;
    output reg  [39:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 40'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s3_base


module flux_core_small_neuron_core_izh_s3_c(d,q,clock);
    
    // Module arguments
    input wire  [9:0] d;
    output reg  [9:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 10'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s3_c


module flux_core_small_neuron_core_izh_s3_d(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s3_d


module flux_core_small_neuron_core_izh_s3_neg(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s3_neg


module flux_core_small_neuron_core_izh_s3_ubase(d,q,clock);
    
    // Module arguments
    input wire  [39:0] d;
    output reg  [39:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 40'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s3_ubase


module flux_core_small_neuron_core_izh_s4_ab(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s4_ab


module flux_core_small_neuron_core_izh_s4_c(d,q,clock);
    
    // Module arguments
    input wire  [9:0] d;
    output reg  [9:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 10'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s4_c


module flux_core_small_neuron_core_izh_s4_d(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s4_d


module flux_core_small_neuron_core_izh_s4_over(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s4_over


module flux_core_small_neuron_core_izh_s4_ubase(d,q,clock);
    
    // Module arguments
    input wire  [39:0] d;
    output reg  [39:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 40'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s4_ubase


module flux_core_small_neuron_core_izh_s4_vn(d,q,clock);
    
    // Module arguments
    input wire  [21:0] d;
    output reg  [21:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 22'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_izh_s4_vn


module flux_core_small_neuron_core_s1_e(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s1_e


module flux_core_small_neuron_core_s1_kind(d,q,clock);
    
    // Module arguments
    input wire  [1:0] d;
    output reg  [1:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 2'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s1_kind


module flux_core_small_neuron_core_s1_profile(d,q,clock);
    
    // Module arguments
    input wire  [2:0] d;
    output reg  [2:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 3'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s1_profile


module flux_core_small_neuron_core_s1_ref_held(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s1_ref_held


module flux_core_small_neuron_core_s1_ref_period(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s1_ref_period


module flux_core_small_neuron_core_s1_refr(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s1_refr


module flux_core_small_neuron_core_s1_u(d,q,clock);
    
    // Module arguments
    input wire  [24:0] d;
    output reg  [24:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 25'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s1_u


module flux_core_small_neuron_core_s1_v(d,q,clock);
    
    // Module arguments
    input wire  [23:0] d;
    output reg  [23:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 24'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s1_v


module flux_core_small_neuron_core_s2_e(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s2_e


module flux_core_small_neuron_core_s2_kind(d,q,clock);
    
    // Module arguments
    input wire  [1:0] d;
    output reg  [1:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 2'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s2_kind


module flux_core_small_neuron_core_s2_mod_level(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s2_mod_level


module flux_core_small_neuron_core_s2_profile(d,q,clock);
    
    // Module arguments
    input wire  [2:0] d;
    output reg  [2:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 3'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s2_profile


module flux_core_small_neuron_core_s2_quiet_cnt(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s2_quiet_cnt


module flux_core_small_neuron_core_s2_ref_held(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s2_ref_held


module flux_core_small_neuron_core_s2_ref_period(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s2_ref_period


module flux_core_small_neuron_core_s2_refr(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s2_refr


module flux_core_small_neuron_core_s2_thr_off(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s2_thr_off


module flux_core_small_neuron_core_s2_u(d,q,clock);
    
    // Module arguments
    input wire  [24:0] d;
    output reg  [24:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 25'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s2_u


module flux_core_small_neuron_core_s2_v(d,q,clock);
    
    // Module arguments
    input wire  [23:0] d;
    output reg  [23:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 24'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s2_v


module flux_core_small_neuron_core_s3_e(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s3_e


module flux_core_small_neuron_core_s3_kind(d,q,clock);
    
    // Module arguments
    input wire  [1:0] d;
    output reg  [1:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 2'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s3_kind


module flux_core_small_neuron_core_s3_mod_level(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s3_mod_level


module flux_core_small_neuron_core_s3_profile(d,q,clock);
    
    // Module arguments
    input wire  [2:0] d;
    output reg  [2:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 3'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s3_profile


module flux_core_small_neuron_core_s3_quiet_cnt(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s3_quiet_cnt


module flux_core_small_neuron_core_s3_ref_held(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s3_ref_held


module flux_core_small_neuron_core_s3_ref_period(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s3_ref_period


module flux_core_small_neuron_core_s3_refr(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s3_refr


module flux_core_small_neuron_core_s3_thr_off(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s3_thr_off


module flux_core_small_neuron_core_s3_u(d,q,clock);
    
    // Module arguments
    input wire  [24:0] d;
    output reg  [24:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 25'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s3_u


module flux_core_small_neuron_core_s3_v(d,q,clock);
    
    // Module arguments
    input wire  [23:0] d;
    output reg  [23:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 24'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s3_v


module flux_core_small_neuron_core_s4_e(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s4_e


module flux_core_small_neuron_core_s4_kind(d,q,clock);
    
    // Module arguments
    input wire  [1:0] d;
    output reg  [1:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 2'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s4_kind


module flux_core_small_neuron_core_s4_mod_level(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s4_mod_level


module flux_core_small_neuron_core_s4_profile(d,q,clock);
    
    // Module arguments
    input wire  [2:0] d;
    output reg  [2:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 3'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s4_profile


module flux_core_small_neuron_core_s4_quiet_cnt(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s4_quiet_cnt


module flux_core_small_neuron_core_s4_ref_held(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s4_ref_held


module flux_core_small_neuron_core_s4_ref_period(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s4_ref_period


module flux_core_small_neuron_core_s4_refr(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s4_refr


module flux_core_small_neuron_core_s4_thr_off(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s4_thr_off


module flux_core_small_neuron_core_s4_v(d,q,clock);
    
    // Module arguments
    input wire  [23:0] d;
    output reg  [23:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 24'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s4_v


module flux_core_small_neuron_core_s5_count(d,q,clock);
    
    // Module arguments
    input wire  [4:0] d;
    output reg  [4:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 5'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s5_count


module flux_core_small_neuron_core_s5_mod_level(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s5_mod_level


module flux_core_small_neuron_core_s5_profile(d,q,clock);
    
    // Module arguments
    input wire  [2:0] d;
    output reg  [2:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 3'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s5_profile


module flux_core_small_neuron_core_s5_quiet_cnt(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s5_quiet_cnt


module flux_core_small_neuron_core_s5_ref_cnt(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s5_ref_cnt


module flux_core_small_neuron_core_s5_spike(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s5_spike


module flux_core_small_neuron_core_s5_thr_off(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s5_thr_off


module flux_core_small_neuron_core_s5_u(d,q,clock);
    
    // Module arguments
    input wire  [24:0] d;
    output reg  [24:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 25'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s5_u


module flux_core_small_neuron_core_s5_v(d,q,clock);
    
    // Module arguments
    input wire  [23:0] d;
    output reg  [23:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 24'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s5_v


module flux_core_small_neuron_core_s5_xylo(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_s5_xylo


module flux_core_small_neuron_core_tag_pipe_0(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_tag_pipe_0


module flux_core_small_neuron_core_tag_pipe_1(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_tag_pipe_1


module flux_core_small_neuron_core_tag_pipe_2(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_tag_pipe_2


module flux_core_small_neuron_core_tag_pipe_3(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_tag_pipe_3


module flux_core_small_neuron_core_tag_pipe_4(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_tag_pipe_4


module flux_core_small_neuron_core_valid_pipe_0(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_valid_pipe_0


module flux_core_small_neuron_core_valid_pipe_1(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_valid_pipe_1


module flux_core_small_neuron_core_valid_pipe_2(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_valid_pipe_2


module flux_core_small_neuron_core_valid_pipe_3(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_valid_pipe_3


module flux_core_small_neuron_core_valid_pipe_4(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_valid_pipe_4


module flux_core_small_neuron_core_xylo(clock,pf_dash_mem,pf_dash_syn1,pf_dash_syn2,pf_v_th,pf_bias,pf_cap,sl_a_in,sl_m_in,st_v,cur1,cur2,count,v_next);
    
    // Module arguments
    input wire  clock;
    input wire  [3:0] pf_dash_mem;
    input wire  [3:0] pf_dash_syn1;
    input wire  [3:0] pf_dash_syn2;
    input wire  [14:0] pf_v_th;
    input wire  [15:0] pf_bias;
    input wire  [4:0] pf_cap;
    input wire  [23:0] sl_a_in;
    input wire  [15:0] sl_m_in;
    input wire  [23:0] st_v;
    output reg  [15:0] cur1;
    output reg  [15:0] cur2;
    output reg  [4:0] count;
    output reg  [23:0] v_next;
    
    // Constant declarations
    localparam  msb_16 = 7'b1111;
    localparam  msb_24 = 7'b10111;
    localparam  msb_s = 7'b10001;
    localparam  msb_r = 7'b10100;
    localparam  ones_16 = 16'hffff;
    localparam  one_16 = 16'h1;
    localparam  min_16 = 16'h8000;
    localparam  max_16 = 16'h7fff;
    localparam  ext_s_16 = 18'b110000000000000000;
    localparam  ext_24_16 = 24'hff0000;
    localparam  sh$0 = 7'b0;
    localparam  sh$1 = 7'b1;
    localparam  sh$2 = 7'b10;
    localparam  sh$3 = 7'b11;
    localparam  sh$4 = 7'b100;
    
    // Stub signals
    reg  [15:0] s1_v$d;
    wire  [15:0] s1_v$q;
    reg  s1_v$clock;
    reg  [15:0] s1_i1$d;
    wire  [15:0] s1_i1$q;
    reg  s1_i1$clock;
    reg  [15:0] s1_i2$d;
    wire  [15:0] s1_i2$q;
    reg  s1_i2$clock;
    reg  [15:0] s1_sv$d;
    wire  [15:0] s1_sv$q;
    reg  s1_sv$clock;
    reg  [15:0] s1_s1$d;
    wire  [15:0] s1_s1$q;
    reg  s1_s1$clock;
    reg  [15:0] s1_s2$d;
    wire  [15:0] s1_s2$q;
    reg  s1_s2$clock;
    reg  [14:0] s1_th$d;
    wire  [14:0] s1_th$q;
    reg  s1_th$clock;
    reg  [15:0] s1_bias$d;
    wire  [15:0] s1_bias$q;
    reg  s1_bias$clock;
    reg  [4:0] s1_cap$d;
    wire  [4:0] s1_cap$q;
    reg  s1_cap$clock;
    reg  [15:0] s2_v$d;
    wire  [15:0] s2_v$q;
    reg  s2_v$clock;
    reg  [15:0] s2_i1$d;
    wire  [15:0] s2_i1$q;
    reg  s2_i1$clock;
    reg  [15:0] s2_i2$d;
    wire  [15:0] s2_i2$q;
    reg  s2_i2$clock;
    reg  [15:0] s2_leak$d;
    wire  [15:0] s2_leak$q;
    reg  s2_leak$clock;
    reg  [14:0] s2_th$d;
    wire  [14:0] s2_th$q;
    reg  s2_th$clock;
    reg  [15:0] s2_bias$d;
    wire  [15:0] s2_bias$q;
    reg  s2_bias$clock;
    reg  [4:0] s2_cap$d;
    wire  [4:0] s2_cap$q;
    reg  s2_cap$clock;
    reg  [15:0] s3_v$d;
    wire  [15:0] s3_v$q;
    reg  s3_v$clock;
    reg  [15:0] s3_i1$d;
    wire  [15:0] s3_i1$q;
    reg  s3_i1$clock;
    reg  [15:0] s3_i2$d;
    wire  [15:0] s3_i2$q;
    reg  s3_i2$clock;
    reg  [14:0] s3_th$d;
    wire  [14:0] s3_th$q;
    reg  s3_th$clock;
    reg  [4:0] s3_cap$d;
    wire  [4:0] s3_cap$q;
    reg  s3_cap$clock;
    reg  [15:0] s4_v$d;
    wire  [15:0] s4_v$q;
    reg  s4_v$clock;
    reg  [15:0] s4_i1$d;
    wire  [15:0] s4_i1$q;
    reg  s4_i1$clock;
    reg  [15:0] s4_i2$d;
    wire  [15:0] s4_i2$q;
    reg  s4_i2$clock;
    reg  [14:0] s4_th$d;
    wire  [14:0] s4_th$q;
    reg  s4_th$clock;
    reg  [4:0] s4_cap$d;
    wire  [4:0] s4_cap$q;
    reg  s4_cap$clock;
    reg  [4:0] s4_q$d;
    wire  [4:0] s4_q$q;
    reg  s4_q$clock;
    reg  [20:0] s4_r$d;
    wire  [20:0] s4_r$q;
    reg  s4_r$clock;
    reg  [15:0] s4_capth$d;
    wire  [15:0] s4_capth$q;
    reg  s4_capth$clock;
    
    // Local signals
    reg  [15:0] v16;
    reg  [15:0] i1;
    reg  [15:0] step_v;
    reg  [15:0] step_1;
    reg  [15:0] step_2;
    reg  [17:0] sum3;
    reg  [15:0] dv1;
    reg  [17:0] sum_b;
    reg  [15:0] dv;
    reg  [17:0] sum_v;
    reg  [20:0] th_r;
    reg  [20:0] r;
    reg  [20:0] t;
    reg  [4:0] q;
    reg  [15:0] vout;
    reg  [15:0] p_capth;
    
    // Sub module instances
    flux_core_small_neuron_core_xylo_s1_v s1_v(
        .d(s1_v$d),
        .q(s1_v$q),
        .clock(s1_v$clock)
    );
    flux_core_small_neuron_core_xylo_s1_i1 s1_i1(
        .d(s1_i1$d),
        .q(s1_i1$q),
        .clock(s1_i1$clock)
    );
    flux_core_small_neuron_core_xylo_s1_i2 s1_i2(
        .d(s1_i2$d),
        .q(s1_i2$q),
        .clock(s1_i2$clock)
    );
    flux_core_small_neuron_core_xylo_s1_sv s1_sv(
        .d(s1_sv$d),
        .q(s1_sv$q),
        .clock(s1_sv$clock)
    );
    flux_core_small_neuron_core_xylo_s1_s1 s1_s1(
        .d(s1_s1$d),
        .q(s1_s1$q),
        .clock(s1_s1$clock)
    );
    flux_core_small_neuron_core_xylo_s1_s2 s1_s2(
        .d(s1_s2$d),
        .q(s1_s2$q),
        .clock(s1_s2$clock)
    );
    flux_core_small_neuron_core_xylo_s1_th s1_th(
        .d(s1_th$d),
        .q(s1_th$q),
        .clock(s1_th$clock)
    );
    flux_core_small_neuron_core_xylo_s1_bias s1_bias(
        .d(s1_bias$d),
        .q(s1_bias$q),
        .clock(s1_bias$clock)
    );
    flux_core_small_neuron_core_xylo_s1_cap s1_cap(
        .d(s1_cap$d),
        .q(s1_cap$q),
        .clock(s1_cap$clock)
    );
    flux_core_small_neuron_core_xylo_s2_v s2_v(
        .d(s2_v$d),
        .q(s2_v$q),
        .clock(s2_v$clock)
    );
    flux_core_small_neuron_core_xylo_s2_i1 s2_i1(
        .d(s2_i1$d),
        .q(s2_i1$q),
        .clock(s2_i1$clock)
    );
    flux_core_small_neuron_core_xylo_s2_i2 s2_i2(
        .d(s2_i2$d),
        .q(s2_i2$q),
        .clock(s2_i2$clock)
    );
    flux_core_small_neuron_core_xylo_s2_leak s2_leak(
        .d(s2_leak$d),
        .q(s2_leak$q),
        .clock(s2_leak$clock)
    );
    flux_core_small_neuron_core_xylo_s2_th s2_th(
        .d(s2_th$d),
        .q(s2_th$q),
        .clock(s2_th$clock)
    );
    flux_core_small_neuron_core_xylo_s2_bias s2_bias(
        .d(s2_bias$d),
        .q(s2_bias$q),
        .clock(s2_bias$clock)
    );
    flux_core_small_neuron_core_xylo_s2_cap s2_cap(
        .d(s2_cap$d),
        .q(s2_cap$q),
        .clock(s2_cap$clock)
    );
    flux_core_small_neuron_core_xylo_s3_v s3_v(
        .d(s3_v$d),
        .q(s3_v$q),
        .clock(s3_v$clock)
    );
    flux_core_small_neuron_core_xylo_s3_i1 s3_i1(
        .d(s3_i1$d),
        .q(s3_i1$q),
        .clock(s3_i1$clock)
    );
    flux_core_small_neuron_core_xylo_s3_i2 s3_i2(
        .d(s3_i2$d),
        .q(s3_i2$q),
        .clock(s3_i2$clock)
    );
    flux_core_small_neuron_core_xylo_s3_th s3_th(
        .d(s3_th$d),
        .q(s3_th$q),
        .clock(s3_th$clock)
    );
    flux_core_small_neuron_core_xylo_s3_cap s3_cap(
        .d(s3_cap$d),
        .q(s3_cap$q),
        .clock(s3_cap$clock)
    );
    flux_core_small_neuron_core_xylo_s4_v s4_v(
        .d(s4_v$d),
        .q(s4_v$q),
        .clock(s4_v$clock)
    );
    flux_core_small_neuron_core_xylo_s4_i1 s4_i1(
        .d(s4_i1$d),
        .q(s4_i1$q),
        .clock(s4_i1$clock)
    );
    flux_core_small_neuron_core_xylo_s4_i2 s4_i2(
        .d(s4_i2$d),
        .q(s4_i2$q),
        .clock(s4_i2$clock)
    );
    flux_core_small_neuron_core_xylo_s4_th s4_th(
        .d(s4_th$d),
        .q(s4_th$q),
        .clock(s4_th$clock)
    );
    flux_core_small_neuron_core_xylo_s4_cap s4_cap(
        .d(s4_cap$d),
        .q(s4_cap$q),
        .clock(s4_cap$clock)
    );
    flux_core_small_neuron_core_xylo_s4_q s4_q(
        .d(s4_q$d),
        .q(s4_q$q),
        .clock(s4_q$clock)
    );
    flux_core_small_neuron_core_xylo_s4_r s4_r(
        .d(s4_r$d),
        .q(s4_r$q),
        .clock(s4_r$clock)
    );
    flux_core_small_neuron_core_xylo_s4_capth s4_capth(
        .d(s4_capth$d),
        .q(s4_capth$q),
        .clock(s4_capth$clock)
    );
    
    // Update code
    always @(*) begin
        s1_v$clock = clock;
        s1_i1$clock = clock;
        s1_i2$clock = clock;
        s1_sv$clock = clock;
        s1_s1$clock = clock;
        s1_s2$clock = clock;
        s1_th$clock = clock;
        s1_bias$clock = clock;
        s1_cap$clock = clock;
        s2_v$clock = clock;
        s2_i1$clock = clock;
        s2_i2$clock = clock;
        s2_leak$clock = clock;
        s2_th$clock = clock;
        s2_bias$clock = clock;
        s2_cap$clock = clock;
        s3_v$clock = clock;
        s3_i1$clock = clock;
        s3_i2$clock = clock;
        s3_th$clock = clock;
        s3_cap$clock = clock;
        s4_v$clock = clock;
        s4_i1$clock = clock;
        s4_i2$clock = clock;
        s4_th$clock = clock;
        s4_cap$clock = clock;
        s4_q$clock = clock;
        s4_r$clock = clock;
        s4_capth$clock = clock;
        v16 = st_v[(32'h0)+:(16)];
        if (|st_v[(msb_16)+:(9)] & ~&st_v[(msb_16)+:(9)]) begin
            v16 = max_16;
            if (st_v[msb_24]) begin
                v16 = min_16;
            end
        end
        i1 = sl_a_in[(32'h0)+:(16)];
        if (|sl_a_in[(msb_16)+:(9)] & ~&sl_a_in[(msb_16)+:(9)]) begin
            i1 = max_16;
            if (sl_a_in[msb_24]) begin
                i1 = min_16;
            end
        end
        s1_v$d = v16;
        s1_i1$d = i1;
        s1_i2$d = sl_m_in;
        s1_sv$d = v16 >> pf_dash_mem;
        if (v16[msb_16]) begin
            s1_sv$d = (v16 >> pf_dash_mem) | ~(ones_16 >> pf_dash_mem);
        end
        s1_s1$d = i1 >> pf_dash_syn1;
        if (i1[msb_16]) begin
            s1_s1$d = (i1 >> pf_dash_syn1) | ~(ones_16 >> pf_dash_syn1);
        end
        s1_s2$d = sl_m_in >> pf_dash_syn2;
        if (sl_m_in[msb_16]) begin
            s1_s2$d = (sl_m_in >> pf_dash_syn2) | ~(ones_16 >> pf_dash_syn2);
        end
        s1_th$d = pf_v_th;
        s1_bias$d = pf_bias;
        s1_cap$d = pf_cap;
        step_v = s1_sv$q;
        if (~|s1_sv$q & |s1_v$q) begin
            step_v = one_16;
        end
        step_1 = s1_s1$q;
        if (~|s1_s1$q & |s1_i1$q) begin
            step_1 = one_16;
        end
        step_2 = s1_s2$q;
        if (~|s1_s2$q & |s1_i2$q) begin
            step_2 = one_16;
        end
        s2_i1$d = s1_i1$q - step_1;
        s2_i2$d = s1_i2$q - step_2;
        s2_leak$d = ((32'h0) & 16'hffff) - step_v;
        s2_v$d = s1_v$q;
        s2_th$d = s1_th$q;
        s2_bias$d = s1_bias$q;
        s2_cap$d = s1_cap$q;
        sum3 = ((s2_leak$q) & 18'h3ffff) + ((s2_i1$q) & 18'h3ffff) + ((s2_i2$q) & 18'h3ffff);
        if (s2_leak$q[msb_16]) begin
            sum3 = sum3 + ext_s_16;
        end
        if (s2_i1$q[msb_16]) begin
            sum3 = sum3 + ext_s_16;
        end
        if (s2_i2$q[msb_16]) begin
            sum3 = sum3 + ext_s_16;
        end
        dv1 = sum3[(32'h0)+:(16)];
        if (|sum3[(msb_16)+:(3)] & ~&sum3[(msb_16)+:(3)]) begin
            dv1 = max_16;
            if (sum3[msb_s]) begin
                dv1 = min_16;
            end
        end
        sum_b = ((dv1) & 18'h3ffff) + ((s2_bias$q) & 18'h3ffff);
        if (dv1[msb_16]) begin
            sum_b = sum_b + ext_s_16;
        end
        if (s2_bias$q[msb_16]) begin
            sum_b = sum_b + ext_s_16;
        end
        dv = sum_b[(32'h0)+:(16)];
        if (|sum_b[(msb_16)+:(3)] & ~&sum_b[(msb_16)+:(3)]) begin
            dv = max_16;
            if (sum_b[msb_s]) begin
                dv = min_16;
            end
        end
        sum_v = ((s2_v$q) & 18'h3ffff) + ((dv) & 18'h3ffff);
        if (s2_v$q[msb_16]) begin
            sum_v = sum_v + ext_s_16;
        end
        if (dv[msb_16]) begin
            sum_v = sum_v + ext_s_16;
        end
        s3_v$d = sum_v[(32'h0)+:(16)];
        if (|sum_v[(msb_16)+:(3)] & ~&sum_v[(msb_16)+:(3)]) begin
            s3_v$d = max_16;
            if (sum_v[msb_s]) begin
                s3_v$d = min_16;
            end
        end
        s3_i1$d = s2_i1$q;
        s3_i2$d = s2_i2$q;
        s3_th$d = s2_th$q;
        s3_cap$d = s2_cap$q;
        th_r = ((s3_th$q) & 21'h1fffff);
        r = ((s3_v$q[(32'h0)+:(15)]) & 21'h1fffff);
        q = ((32'h0) & 5'h1f);
        t = r - (th_r << sh$4);
        if (~t[msb_r]) begin
            r = t;
            q = q | ((32'h10) & 5'h1f);
        end
        t = r - (th_r << sh$3);
        if (~t[msb_r]) begin
            r = t;
            q = q | ((32'h8) & 5'h1f);
        end
        t = r - (th_r << sh$2);
        if (~t[msb_r]) begin
            r = t;
            q = q | ((32'h4) & 5'h1f);
        end
        s4_r$d = r;
        s4_q$d = q;
        p_capth = ((32'h0) & 16'hffff);
        if (s3_cap$q[sh$0]) begin
            p_capth = p_capth + (((s3_th$q) & 16'hffff) << sh$0);
        end
        if (s3_cap$q[sh$1]) begin
            p_capth = p_capth + (((s3_th$q) & 16'hffff) << sh$1);
        end
        if (s3_cap$q[sh$2]) begin
            p_capth = p_capth + (((s3_th$q) & 16'hffff) << sh$2);
        end
        if (s3_cap$q[sh$3]) begin
            p_capth = p_capth + (((s3_th$q) & 16'hffff) << sh$3);
        end
        if (s3_cap$q[sh$4]) begin
            p_capth = p_capth + (((s3_th$q) & 16'hffff) << sh$4);
        end
        s4_capth$d = p_capth;
        s4_v$d = s3_v$q;
        s4_i1$d = s3_i1$q;
        s4_i2$d = s3_i2$q;
        s4_th$d = s3_th$q;
        s4_cap$d = s3_cap$q;
        cur1 = s4_i1$q;
        cur2 = s4_i2$q;
        q = s4_q$q;
        r = s4_r$q;
        th_r = ((s4_th$q) & 21'h1fffff);
        t = r - (th_r << sh$1);
        if (~t[msb_r]) begin
            r = t;
            q = q | ((32'h2) & 5'h1f);
        end
        t = r - th_r;
        if (~t[msb_r]) begin
            r = t;
            q = q | ((32'h1) & 5'h1f);
        end
        count = q;
        vout = r[(32'h0)+:(16)];
        if (q > s4_cap$q) begin
            count = s4_cap$q;
            vout = s4_v$q - s4_capth$q;
        end
        if (s4_v$q[msb_16]) begin
            count = ((32'h0) & 5'h1f);
            vout = s4_v$q;
        end
        v_next = ((vout) & 24'hffffff);
        if (vout[msb_16]) begin
            v_next = ((vout) & 24'hffffff) | ext_24_16;
        end
    end
    
endmodule // flux_core_small_neuron_core_xylo


module flux_core_small_neuron_core_xylo_s1_bias(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s1_bias


module flux_core_small_neuron_core_xylo_s1_cap(d,q,clock);
    
    // Module arguments
    input wire  [4:0] d;
    output reg  [4:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 5'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s1_cap


module flux_core_small_neuron_core_xylo_s1_i1(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s1_i1


module flux_core_small_neuron_core_xylo_s1_i2(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s1_i2


module flux_core_small_neuron_core_xylo_s1_s1(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s1_s1


module flux_core_small_neuron_core_xylo_s1_s2(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s1_s2


module flux_core_small_neuron_core_xylo_s1_sv(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s1_sv


module flux_core_small_neuron_core_xylo_s1_th(d,q,clock);
    
    // Module arguments
    input wire  [14:0] d;
    output reg  [14:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 15'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s1_th


module flux_core_small_neuron_core_xylo_s1_v(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s1_v


module flux_core_small_neuron_core_xylo_s2_bias(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s2_bias


module flux_core_small_neuron_core_xylo_s2_cap(d,q,clock);
    
    // Module arguments
    input wire  [4:0] d;
    output reg  [4:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 5'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s2_cap


module flux_core_small_neuron_core_xylo_s2_i1(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s2_i1


module flux_core_small_neuron_core_xylo_s2_i2(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s2_i2


module flux_core_small_neuron_core_xylo_s2_leak(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s2_leak


module flux_core_small_neuron_core_xylo_s2_th(d,q,clock);
    
    // Module arguments
    input wire  [14:0] d;
    output reg  [14:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 15'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s2_th


module flux_core_small_neuron_core_xylo_s2_v(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s2_v


module flux_core_small_neuron_core_xylo_s3_cap(d,q,clock);
    
    // Module arguments
    input wire  [4:0] d;
    output reg  [4:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 5'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s3_cap


module flux_core_small_neuron_core_xylo_s3_i1(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s3_i1


module flux_core_small_neuron_core_xylo_s3_i2(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s3_i2


module flux_core_small_neuron_core_xylo_s3_th(d,q,clock);
    
    // Module arguments
    input wire  [14:0] d;
    output reg  [14:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 15'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s3_th


module flux_core_small_neuron_core_xylo_s3_v(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s3_v


module flux_core_small_neuron_core_xylo_s4_cap(d,q,clock);
    
    // Module arguments
    input wire  [4:0] d;
    output reg  [4:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 5'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s4_cap


module flux_core_small_neuron_core_xylo_s4_capth(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s4_capth


module flux_core_small_neuron_core_xylo_s4_i1(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s4_i1


module flux_core_small_neuron_core_xylo_s4_i2(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s4_i2


module flux_core_small_neuron_core_xylo_s4_q(d,q,clock);
    
    // Module arguments
    input wire  [4:0] d;
    output reg  [4:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 5'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s4_q


module flux_core_small_neuron_core_xylo_s4_r(d,q,clock);
    
    // Module arguments
    input wire  [20:0] d;
    output reg  [20:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 21'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s4_r


module flux_core_small_neuron_core_xylo_s4_th(d,q,clock);
    
    // Module arguments
    input wire  [14:0] d;
    output reg  [14:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 15'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s4_th


module flux_core_small_neuron_core_xylo_s4_v(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_neuron_core_xylo_s4_v


module flux_core_small_noise(clock,reset,cfg_we_state,cfg_we_bits,cfg_value,in_valid,in_profile,in_kind,eta,state);
    
    // Module arguments
    input wire  clock;
    input wire  reset;
    input wire  cfg_we_state;
    input wire  cfg_we_bits;
    input wire  [31:0] cfg_value;
    input wire  in_valid;
    input wire  [2:0] in_profile;
    input wire  [1:0] in_kind;
    output reg  [15:0] eta;
    output reg  [31:0] state;
    
    // Constant declarations
    localparam  bits_kept = 32'hffffffff;
    localparam  has_cuba = 1'b1;
    localparam  has_izh = 1'b1;
    localparam  has_xylo = 1'b1;
    localparam  kind_cuba = 2'b1;
    localparam  kind_izh = 2'b10;
    localparam  kind_xylo = 2'b11;
    localparam  one_8 = 8'h1;
    localparam  one = 16'h1;
    localparam  k_lsb = 8'h2;
    localparam  sh_a = 8'hd;
    localparam  sh_b = 8'h11;
    localparam  sh_c = 8'h5;
    
    // Stub signals
    reg  [31:0] x$d;
    wire  [31:0] x$q;
    reg  x$clock;
    reg  [31:0] bits$d;
    wire  [31:0] bits$q;
    reg  bits$clock;
    
    // Local signals
    reg  [4:0] sel;
    reg  [3:0] k;
    reg  on;
    reg  [31:0] x1;
    reg  [31:0] x2;
    reg  [31:0] x3;
    reg  [15:0] mask;
    reg  [15:0] low;
    reg  [15:0] sign;
    
    // Sub module instances
    flux_core_small_noise_x x(
        .d(x$d),
        .q(x$q),
        .clock(x$clock)
    );
    flux_core_small_noise_bits bits(
        .d(bits$d),
        .q(bits$q),
        .clock(bits$clock)
    );
    
    // Update code
    always @(*) begin
        x$clock = clock;
        bits$clock = clock;
        x$d = x$q;
        bits$d = bits$q;
        state = x$q;
        sel = ((in_profile) & 5'h1f) << k_lsb;
        k = bits$q[(sel)+:(4)];
        on = in_valid && ~reset && |k && ~(has_cuba && (in_kind == kind_cuba)) && ~(has_izh && (in_kind == kind_izh)) && ~(has_xylo && (in_kind == kind_xylo));
        mask = (one << ((k) & 16'hffff)) - one;
        low = x$q[(32'h0)+:(16)] & mask;
        sign = mask & ~(mask >> one_8);
        eta = 32'h0;
        if (on) begin
            eta = low;
            if (|(low & sign)) begin
                eta = low | ~mask;
            end
        end
        x1 = x$q ^ (x$q << sh_a);
        x2 = x1 ^ (x1 >> sh_b);
        x3 = x2 ^ (x2 << sh_c);
        if (on) begin
            x$d = x3;
        end
        if (cfg_we_state) begin
            x$d = cfg_value;
        end
        if (cfg_we_bits) begin
            bits$d = cfg_value & bits_kept;
        end
    end
    
endmodule // flux_core_small_noise


module flux_core_small_noise_bits(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Constant declarations
    localparam  init = 32'h0;
    
    // Stub signals
    reg  [31:0] dff$d;
    wire  [31:0] dff$q;
    reg  dff$clock;
    
    // Sub module instances
    flux_core_small_noise_bits_dff dff(
        .d(dff$d),
        .q(dff$q),
        .clock(dff$clock)
    );
    
    // Update code
    always @(*) begin
        dff$clock = clock;
        q = dff$q ^ init;
        dff$d = d ^ init;
    end
    
endmodule // flux_core_small_noise_bits


module flux_core_small_noise_bits_dff(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_noise_bits_dff


module flux_core_small_noise_x(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Constant declarations
    localparam  init = 32'h0;
    
    // Stub signals
    reg  [31:0] dff$d;
    wire  [31:0] dff$q;
    reg  dff$clock;
    
    // Sub module instances
    flux_core_small_noise_x_dff dff(
        .d(dff$d),
        .q(dff$q),
        .clock(dff$clock)
    );
    
    // Update code
    always @(*) begin
        dff$clock = clock;
        q = dff$q ^ init;
        dff$d = d ^ init;
    end
    
endmodule // flux_core_small_noise_x


module flux_core_small_noise_x_dff(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_noise_x_dff


module flux_core_small_out_addr_r(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_out_addr_r


module flux_core_small_out_count_r(d,q,clock);
    
    // Module arguments
    input wire  [4:0] d;
    output reg  [4:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 5'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_out_count_r


module flux_core_small_out_t_r(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_out_t_r


module flux_core_small_out_valid_r(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_out_valid_r


module flux_core_small_profile_table(clock,read_address,read_data,write_address,write_data,write_enable);
    
    // Module arguments
    input wire  clock;
    input wire  [2:0] read_address;
    output reg  [126:0] read_data;
    input wire  [2:0] write_address;
    input wire  [126:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg [126:0] mem [0:7];
    
    always @(*) begin
       read_data = mem[read_address];
    end
    
    always @(posedge clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
endmodule // flux_core_small_profile_table


module flux_core_small_rd_neuron(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_rd_neuron


module flux_core_small_rd_valid(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_rd_valid


module flux_core_small_ring_ram(clock,read_address,read_data,write_address,write_data,write_enable);
    
    // Module arguments
    input wire  clock;
    input wire  [10:0] read_address;
    output reg  [40:0] read_data;
    input wire  [10:0] write_address;
    input wire  [40:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg [40:0] mem [0:2047];
    
    always @(posedge clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
endmodule // flux_core_small_ring_ram


module flux_core_small_router(clock,run,t_slot,fifo_count,spike_count,fifo_rd_addr,fifo_rd_data,spike_rd_addr,spike_rd_data,spike_rd_count,fanout_rd_addr,fanout_rd_data,syn_rd_addr,syn_rd_data,ring_rd_addr,ring_rd_data,ring_wr_addr,ring_wr_data,ring_we,events_done,push_valid,push_src);
    
    // Module arguments
    input wire  clock;
    input wire  run;
    input wire  [2:0] t_slot;
    input wire  [8:0] fifo_count;
    input wire  [8:0] spike_count;
    output reg  [7:0] fifo_rd_addr;
    input wire  [32:0] fifo_rd_data;
    output reg  [7:0] spike_rd_addr;
    input wire  [8:0] spike_rd_data;
    input wire  [4:0] spike_rd_count;
    output reg  [8:0] fanout_rd_addr;
    input wire  [24:0] fanout_rd_data;
    output reg  [11:0] syn_rd_addr;
    input wire  [30:0] syn_rd_data;
    output reg  [10:0] ring_rd_addr;
    input wire  [40:0] ring_rd_data;
    output reg  [10:0] ring_wr_addr;
    output reg  [40:0] ring_wr_data;
    output reg  ring_we;
    output reg  events_done;
    output reg  push_valid;
    output reg  [8:0] push_src;
    
    // Constant declarations
    localparam  neuron_bits = 8'h8;
    localparam  syn_weight_lsb = 8'h8;
    localparam  syn_delay_lsb = 8'h10;
    localparam  syn_type_lsb = 8'h13;
    localparam  fan_count_lsb = 8'hc;
    localparam  syn_stw_lsb = 8'h16;
    localparam  syn_shift_lsb = 8'h17;
    localparam  has_xylo = 1'b1;
    localparam  type_current = 2'b11;
    localparam  w_sign_16 = 16'h80;
    localparam  kw_sign_25 = 25'h200000;
    localparam  kw_sign_23 = 23'h200000;
    localparam  s16_sign_23 = 23'h8000;
    localparam  s16_sign_22 = 22'h8000;
    localparam  piece = 8'h10;
    localparam  weight_sign = 20'h80;
    localparam  stw_sign = 20'h100;
    localparam  eff_bias = 20'h80000;
    localparam  eff_max = 20'h8007f;
    localparam  eff_min = 20'h7ff80;
    localparam  a_sign_25 = 25'h800000;
    localparam  a_max = 24'h7fffff;
    localparam  a_min = 24'h800000;
    localparam  m_max = 16'h7fff;
    localparam  m_min = 16'h8000;
    localparam  m_lsb = 8'h18;
    localparam  e_mask = 41'h10000000000;
    localparam  type_direct = 2'b0;
    localparam  type_modulatory = 2'b1;
    localparam  type_electric = 2'b10;
    localparam  source_channel_base = 9'b100000000;
    localparam  fifo_value_lsb = 8'h0;
    localparam  fifo_addr_lsb = 8'h10;
    localparam  fifo_inj_lsb = 8'h20;
    
    // Enums
    localparam RouteMode$Header = 0;
    localparam RouteMode$First = 1;
    localparam RouteMode$Stream = 2;
    
    // Stub signals
    reg  [1:0] mode$d;
    wire  [1:0] mode$q;
    reg  mode$clock;
    reg  [8:0] fifo_idx$d;
    wire  [8:0] fifo_idx$q;
    reg  fifo_idx$clock;
    reg  [8:0] spike_idx$d;
    wire  [8:0] spike_idx$q;
    reg  spike_idx$clock;
    reg  [11:0] syn_ptr$d;
    wire  [11:0] syn_ptr$q;
    reg  syn_ptr$clock;
    reg  [12:0] syn_left$d;
    wire  [12:0] syn_left$q;
    reg  syn_left$clock;
    reg  inj_pending$d;
    wire  inj_pending$q;
    reg  inj_pending$clock;
    reg  [7:0] inj_target$d;
    wire  [7:0] inj_target$q;
    reg  inj_target$clock;
    reg  [15:0] inj_value$d;
    wire  [15:0] inj_value$q;
    reg  inj_value$clock;
    reg  syn_pending$d;
    wire  syn_pending$q;
    reg  syn_pending$clock;
    reg  [4:0] ev_count$d;
    wire  [4:0] ev_count$q;
    reg  ev_count$clock;
    reg  s1_valid$d;
    wire  s1_valid$q;
    reg  s1_valid$clock;
    reg  [10:0] s1_addr$d;
    wire  [10:0] s1_addr$q;
    reg  s1_addr$clock;
    reg  [1:0] s1_kind$d;
    wire  [1:0] s1_kind$q;
    reg  s1_kind$clock;
    reg  [15:0] s1_value$d;
    wire  [15:0] s1_value$q;
    reg  s1_value$clock;
    reg  [4:0] s1_count$d;
    wire  [4:0] s1_count$q;
    reg  s1_count$clock;
    reg  s1_sel$d;
    wire  s1_sel$q;
    reg  s1_sel$clock;
    reg  s2_valid$d;
    wire  s2_valid$q;
    reg  s2_valid$clock;
    reg  [10:0] s2_addr$d;
    wire  [10:0] s2_addr$q;
    reg  s2_addr$clock;
    reg  [1:0] s2_kind$d;
    wire  [1:0] s2_kind$q;
    reg  s2_kind$clock;
    reg  [21:0] s2_value$d;
    wire  [21:0] s2_value$q;
    reg  s2_value$clock;
    reg  s2_sel$d;
    wire  s2_sel$q;
    reg  s2_sel$clock;
    reg  [40:0] s2_word$d;
    wire  [40:0] s2_word$q;
    reg  s2_word$clock;
    reg  s2_hit1$d;
    wire  s2_hit1$q;
    reg  s2_hit1$clock;
    reg  s2_hit2$d;
    wire  s2_hit2$q;
    reg  s2_hit2$clock;
    reg  r1_valid$d;
    wire  r1_valid$q;
    reg  r1_valid$clock;
    reg  [10:0] r1_addr$d;
    wire  [10:0] r1_addr$q;
    reg  r1_addr$clock;
    reg  [40:0] r1_word$d;
    wire  [40:0] r1_word$q;
    reg  r1_word$clock;
    reg  [40:0] r2_word$d;
    wire  [40:0] r2_word$q;
    reg  r2_word$clock;
    
    // Local signals
    reg  has_fifo;
    reg  has_spike;
    reg  is_header;
    reg  header_go;
    reg  cur_inj;
    reg  [8:0] fifo_idx_next;
    reg  [8:0] spike_idx_next;
    reg  [11:0] fan_start;
    reg  [12:0] fan_count;
    reg  [7:0] op_target;
    reg  [2:0] op_slot;
    reg  [40:0] base;
    reg  [24:0] a_sum;
    reg  [22:0] m_sum;
    reg  [23:0] a_sat;
    reg  [15:0] c_sat;
    reg  [15:0] m_sat;
    reg  [15:0] w_sext;
    reg  [31:0] kw;
    reg  [40:0] result;
    reg  [19:0] eff_sum;
    reg  [19:0] eff_weight;
    
    // Sub module instances
    flux_core_small_router_mode mode(
        .d(mode$d),
        .q(mode$q),
        .clock(mode$clock)
    );
    flux_core_small_router_fifo_idx fifo_idx(
        .d(fifo_idx$d),
        .q(fifo_idx$q),
        .clock(fifo_idx$clock)
    );
    flux_core_small_router_spike_idx spike_idx(
        .d(spike_idx$d),
        .q(spike_idx$q),
        .clock(spike_idx$clock)
    );
    flux_core_small_router_syn_ptr syn_ptr(
        .d(syn_ptr$d),
        .q(syn_ptr$q),
        .clock(syn_ptr$clock)
    );
    flux_core_small_router_syn_left syn_left(
        .d(syn_left$d),
        .q(syn_left$q),
        .clock(syn_left$clock)
    );
    flux_core_small_router_inj_pending inj_pending(
        .d(inj_pending$d),
        .q(inj_pending$q),
        .clock(inj_pending$clock)
    );
    flux_core_small_router_inj_target inj_target(
        .d(inj_target$d),
        .q(inj_target$q),
        .clock(inj_target$clock)
    );
    flux_core_small_router_inj_value inj_value(
        .d(inj_value$d),
        .q(inj_value$q),
        .clock(inj_value$clock)
    );
    flux_core_small_router_syn_pending syn_pending(
        .d(syn_pending$d),
        .q(syn_pending$q),
        .clock(syn_pending$clock)
    );
    flux_core_small_router_ev_count ev_count(
        .d(ev_count$d),
        .q(ev_count$q),
        .clock(ev_count$clock)
    );
    flux_core_small_router_s1_valid s1_valid(
        .d(s1_valid$d),
        .q(s1_valid$q),
        .clock(s1_valid$clock)
    );
    flux_core_small_router_s1_addr s1_addr(
        .d(s1_addr$d),
        .q(s1_addr$q),
        .clock(s1_addr$clock)
    );
    flux_core_small_router_s1_kind s1_kind(
        .d(s1_kind$d),
        .q(s1_kind$q),
        .clock(s1_kind$clock)
    );
    flux_core_small_router_s1_value s1_value(
        .d(s1_value$d),
        .q(s1_value$q),
        .clock(s1_value$clock)
    );
    flux_core_small_router_s1_count s1_count(
        .d(s1_count$d),
        .q(s1_count$q),
        .clock(s1_count$clock)
    );
    flux_core_small_router_s1_sel s1_sel(
        .d(s1_sel$d),
        .q(s1_sel$q),
        .clock(s1_sel$clock)
    );
    flux_core_small_router_s2_valid s2_valid(
        .d(s2_valid$d),
        .q(s2_valid$q),
        .clock(s2_valid$clock)
    );
    flux_core_small_router_s2_addr s2_addr(
        .d(s2_addr$d),
        .q(s2_addr$q),
        .clock(s2_addr$clock)
    );
    flux_core_small_router_s2_kind s2_kind(
        .d(s2_kind$d),
        .q(s2_kind$q),
        .clock(s2_kind$clock)
    );
    flux_core_small_router_s2_value s2_value(
        .d(s2_value$d),
        .q(s2_value$q),
        .clock(s2_value$clock)
    );
    flux_core_small_router_s2_sel s2_sel(
        .d(s2_sel$d),
        .q(s2_sel$q),
        .clock(s2_sel$clock)
    );
    flux_core_small_router_s2_word s2_word(
        .d(s2_word$d),
        .q(s2_word$q),
        .clock(s2_word$clock)
    );
    flux_core_small_router_s2_hit1 s2_hit1(
        .d(s2_hit1$d),
        .q(s2_hit1$q),
        .clock(s2_hit1$clock)
    );
    flux_core_small_router_s2_hit2 s2_hit2(
        .d(s2_hit2$d),
        .q(s2_hit2$q),
        .clock(s2_hit2$clock)
    );
    flux_core_small_router_r1_valid r1_valid(
        .d(r1_valid$d),
        .q(r1_valid$q),
        .clock(r1_valid$clock)
    );
    flux_core_small_router_r1_addr r1_addr(
        .d(r1_addr$d),
        .q(r1_addr$q),
        .clock(r1_addr$clock)
    );
    flux_core_small_router_r1_word r1_word(
        .d(r1_word$d),
        .q(r1_word$q),
        .clock(r1_word$clock)
    );
    flux_core_small_router_r2_word r2_word(
        .d(r2_word$d),
        .q(r2_word$q),
        .clock(r2_word$clock)
    );
    
    // Update code
    always @(*) begin
        mode$clock = clock;
        fifo_idx$clock = clock;
        spike_idx$clock = clock;
        syn_ptr$clock = clock;
        syn_left$clock = clock;
        inj_pending$clock = clock;
        inj_target$clock = clock;
        inj_value$clock = clock;
        syn_pending$clock = clock;
        ev_count$clock = clock;
        s1_valid$clock = clock;
        s1_addr$clock = clock;
        s1_kind$clock = clock;
        s1_value$clock = clock;
        s1_count$clock = clock;
        s1_sel$clock = clock;
        s2_valid$clock = clock;
        s2_addr$clock = clock;
        s2_kind$clock = clock;
        s2_value$clock = clock;
        s2_sel$clock = clock;
        s2_word$clock = clock;
        s2_hit1$clock = clock;
        s2_hit2$clock = clock;
        r1_valid$clock = clock;
        r1_addr$clock = clock;
        r1_word$clock = clock;
        r2_word$clock = clock;
        mode$d = mode$q;
        fifo_idx$d = fifo_idx$q;
        spike_idx$d = spike_idx$q;
        syn_ptr$d = syn_ptr$q;
        syn_left$d = syn_left$q;
        inj_pending$d = inj_pending$q;
        inj_target$d = inj_target$q;
        inj_value$d = inj_value$q;
        syn_pending$d = syn_pending$q;
        ev_count$d = ev_count$q;
        s1_valid$d = s1_valid$q;
        s1_addr$d = s1_addr$q;
        s1_kind$d = s1_kind$q;
        s1_value$d = s1_value$q;
        s1_count$d = s1_count$q;
        s1_sel$d = s1_sel$q;
        s2_valid$d = s2_valid$q;
        s2_addr$d = s2_addr$q;
        s2_kind$d = s2_kind$q;
        s2_value$d = s2_value$q;
        s2_sel$d = s2_sel$q;
        s2_word$d = s2_word$q;
        s2_hit1$d = s2_hit1$q;
        s2_hit2$d = s2_hit2$q;
        r1_valid$d = r1_valid$q;
        r1_addr$d = r1_addr$q;
        r1_word$d = r1_word$q;
        r2_word$d = r2_word$q;
        has_fifo = fifo_idx$q < fifo_count;
        has_spike = spike_idx$q < spike_count;
        fan_start = fanout_rd_data[(32'h0)+:(12)];
        fan_count = fanout_rd_data[(fan_count_lsb)+:(13)];
        is_header = run && ((mode$q == RouteMode$Header) || ((mode$q == RouteMode$First) && ~|fan_count));
        header_go = is_header && (has_fifo || has_spike);
        events_done = is_header && ~(has_fifo || has_spike);
        cur_inj = has_fifo && fifo_rd_data[fifo_inj_lsb];
        if (has_fifo) begin
            fanout_rd_addr = source_channel_base | ((fifo_rd_data[(fifo_addr_lsb)+:(8)]) & 9'h1ff);
        end
        else begin
            fanout_rd_addr = spike_rd_data;
        end
        push_valid = header_go && ~cur_inj;
        push_src = fanout_rd_addr;
        fifo_rd_addr = fifo_idx$q[(32'h0)+:(8)];
        spike_rd_addr = spike_idx$q[(32'h0)+:(8)];
        fifo_idx_next = fifo_idx$q + 32'h1;
        spike_idx_next = spike_idx$q + 32'h1;
        inj_pending$d = 1'b0;
        if (header_go) begin
            ev_count$d = ((32'h1) & 5'h1f);
            if (~has_fifo && has_xylo) begin
                ev_count$d = spike_rd_count;
            end
            if (has_fifo) begin
                fifo_idx$d = fifo_idx_next;
                fifo_rd_addr = fifo_idx_next[(32'h0)+:(8)];
            end
            else begin
                spike_idx$d = spike_idx_next;
                spike_rd_addr = spike_idx_next[(32'h0)+:(8)];
            end
            if (cur_inj) begin
                inj_pending$d = 1'b1;
                inj_target$d = fifo_rd_data[(fifo_addr_lsb)+:(8)];
                inj_value$d = fifo_rd_data[(fifo_value_lsb)+:(16)];
                mode$d = RouteMode$Header;
            end
            else begin
                mode$d = RouteMode$First;
            end
        end
        syn_rd_addr = syn_ptr$q;
        syn_pending$d = 1'b0;
        if (run && (mode$q == RouteMode$First) && |fan_count) begin
            syn_rd_addr = fan_start;
            syn_pending$d = 1'b1;
            syn_ptr$d = fan_start + 32'h1;
            syn_left$d = fan_count - 32'h1;
            if (fan_count == 32'h1) begin
                mode$d = RouteMode$Header;
            end
            else begin
                mode$d = RouteMode$Stream;
            end
        end
        if (run && (mode$q == RouteMode$Stream)) begin
            syn_pending$d = 1'b1;
            syn_ptr$d = syn_ptr$q + 32'h1;
            syn_left$d = syn_left$q - 32'h1;
            if (syn_left$q == 32'h1) begin
                mode$d = RouteMode$Header;
            end
        end
        if (~run) begin
            mode$d = RouteMode$Header;
            fifo_idx$d = 32'h0;
            spike_idx$d = 32'h0;
            fifo_rd_addr = 32'h0;
            spike_rd_addr = 32'h0;
        end
        eff_sum = ((((syn_rd_data[(syn_weight_lsb)+:(8)]) & 20'hfffff) ^ weight_sign) - weight_sign) + ((((syn_rd_data[(syn_stw_lsb)+:(9)]) & 20'hfffff) ^ stw_sign) - stw_sign);
        eff_weight = eff_sum;
        if ((eff_sum ^ eff_bias) > eff_max) begin
            eff_weight = eff_max ^ eff_bias;
        end
        if ((eff_sum ^ eff_bias) < eff_min) begin
            eff_weight = eff_min ^ eff_bias;
        end
        op_target = inj_target$q;
        op_slot = t_slot;
        s1_kind$d = type_direct;
        s1_value$d = inj_value$q;
        s1_count$d = ((32'h1) & 5'h1f);
        s1_sel$d = 1'b0;
        w_sext = (((syn_rd_data[(syn_weight_lsb)+:(8)]) & 16'hffff) ^ w_sign_16) - w_sign_16;
        if (syn_pending$q) begin
            op_target = syn_rd_data[(32'h0)+:(8)];
            op_slot = t_slot + syn_rd_data[(syn_delay_lsb)+:(3)];
            s1_kind$d = syn_rd_data[(syn_type_lsb)+:(2)];
            s1_value$d = eff_weight[(32'h0)+:(16)];
            s1_count$d = ev_count$q;
            if (has_xylo && (syn_rd_data[(syn_type_lsb)+:(2)] == type_current)) begin
                s1_value$d = w_sext << syn_rd_data[(syn_shift_lsb)+:(4)];
                s1_sel$d = syn_rd_data[syn_stw_lsb];
            end
        end
        ring_rd_addr = (((op_slot) & 11'h7ff) << neuron_bits) | ((op_target) & 11'h7ff);
        s1_valid$d = syn_pending$q || inj_pending$q;
        s1_addr$d = ring_rd_addr;
        s2_valid$d = s1_valid$q;
        s2_addr$d = s1_addr$q;
        s2_kind$d = s1_kind$q;
        s2_sel$d = s1_sel$q;
        kw = ((s1_count$q) & 16'hffff) * s1_value$q;
        if (s1_value$q[32'hf]) begin
            kw = kw - (((s1_count$q) & 32'hffffffff) << piece);
        end
        s2_value$d = kw[(32'h0)+:(22)];
        if (~has_xylo) begin
            s2_value$d = (((s1_value$q) & 22'h3fffff) ^ s16_sign_22) - s16_sign_22;
        end
        s2_word$d = ring_rd_data;
        s2_hit1$d = s2_valid$q && (s2_addr$q == s1_addr$q);
        s2_hit2$d = r1_valid$q && (r1_addr$q == s1_addr$q);
        base = s2_word$q;
        if (s2_hit2$q) begin
            base = r2_word$q;
        end
        if (s2_hit1$q) begin
            base = r1_word$q;
        end
        a_sum = ((((base[(32'h0)+:(24)]) & 25'h1ffffff) ^ a_sign_25) - a_sign_25) + ((((s2_value$q) & 25'h1ffffff) ^ kw_sign_25) - kw_sign_25);
        a_sat = a_sum[(32'h0)+:(24)];
        if (a_sum[32'h18] != a_sum[32'h17]) begin
            if (a_sum[32'h18]) begin
                a_sat = a_min;
            end
            else begin
                a_sat = a_max;
            end
        end
        c_sat = a_sum[(32'h0)+:(16)];
        if (|a_sum[(32'hf)+:(10)] & ~&a_sum[(32'hf)+:(10)]) begin
            if (a_sum[32'h18]) begin
                c_sat = m_min;
            end
            else begin
                c_sat = m_max;
            end
        end
        m_sum = ((((base[(m_lsb)+:(16)]) & 23'h7fffff) ^ s16_sign_23) - s16_sign_23) + ((((s2_value$q) & 23'h7fffff) ^ kw_sign_23) - kw_sign_23);
        m_sat = m_sum[(32'h0)+:(16)];
        if (|m_sum[(32'hf)+:(8)] & ~&m_sum[(32'hf)+:(8)]) begin
            if (m_sum[32'h16]) begin
                m_sat = m_min;
            end
            else begin
                m_sat = m_max;
            end
        end
        result = base;
        if (s2_kind$q == type_direct) begin
            result = (base & ~((a_max | a_min) & 41'h1ffffffffff)) | ((a_sat) & 41'h1ffffffffff);
        end
        if (s2_kind$q == type_modulatory) begin
            result = (base & ~(((m_max | m_min) & 41'h1ffffffffff) << m_lsb)) | (((m_sat) & 41'h1ffffffffff) << m_lsb);
        end
        if (s2_kind$q == type_electric) begin
            result = base | e_mask;
        end
        if (has_xylo && (s2_kind$q == type_current)) begin
            if (s2_sel$q) begin
                result = (base & ~(((m_max | m_min) & 41'h1ffffffffff) << m_lsb)) | (((m_sat) & 41'h1ffffffffff) << m_lsb);
            end
            else begin
                result = (base & ~((a_max | a_min) & 41'h1ffffffffff)) | ((c_sat) & 41'h1ffffffffff);
                if (c_sat[32'hf]) begin
                    result = result | (((a_max | a_min) & 41'h1ffffffffff) ^ ((m_max | m_min) & 41'h1ffffffffff));
                end
            end
        end
        ring_wr_addr = s2_addr$q;
        ring_wr_data = result;
        ring_we = s2_valid$q;
        r1_valid$d = s2_valid$q;
        r1_addr$d = s2_addr$q;
        r1_word$d = result;
        r2_word$d = r1_word$q;
    end
    
endmodule // flux_core_small_router


module flux_core_small_router_ev_count(d,q,clock);
    
    // Module arguments
    input wire  [4:0] d;
    output reg  [4:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 5'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_ev_count


module flux_core_small_router_fifo_idx(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_fifo_idx


module flux_core_small_router_inj_pending(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_inj_pending


module flux_core_small_router_inj_target(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_inj_target


module flux_core_small_router_inj_value(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_inj_value


module flux_core_small_router_mode(d,q,clock);
    
    // Module arguments
    input wire  [1:0] d;
    output reg  [1:0] q;
    input wire  clock;
    
    // Enums
    localparam RouteMode$Header = 0;
    localparam RouteMode$First = 1;
    localparam RouteMode$Stream = 2;
    
    // Update code (custom)
    initial begin
       q = 64'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_mode


module flux_core_small_router_r1_addr(d,q,clock);
    
    // Module arguments
    input wire  [10:0] d;
    output reg  [10:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 11'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_r1_addr


module flux_core_small_router_r1_valid(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_r1_valid


module flux_core_small_router_r1_word(d,q,clock);
    
    // Module arguments
    input wire  [40:0] d;
    output reg  [40:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 41'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_r1_word


module flux_core_small_router_r2_word(d,q,clock);
    
    // Module arguments
    input wire  [40:0] d;
    output reg  [40:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 41'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_r2_word


module flux_core_small_router_s1_addr(d,q,clock);
    
    // Module arguments
    input wire  [10:0] d;
    output reg  [10:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 11'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_s1_addr


module flux_core_small_router_s1_count(d,q,clock);
    
    // Module arguments
    input wire  [4:0] d;
    output reg  [4:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 5'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_s1_count


module flux_core_small_router_s1_kind(d,q,clock);
    
    // Module arguments
    input wire  [1:0] d;
    output reg  [1:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 2'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_s1_kind


module flux_core_small_router_s1_sel(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_s1_sel


module flux_core_small_router_s1_valid(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_s1_valid


module flux_core_small_router_s1_value(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_s1_value


module flux_core_small_router_s2_addr(d,q,clock);
    
    // Module arguments
    input wire  [10:0] d;
    output reg  [10:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 11'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_s2_addr


module flux_core_small_router_s2_hit1(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_s2_hit1


module flux_core_small_router_s2_hit2(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_s2_hit2


module flux_core_small_router_s2_kind(d,q,clock);
    
    // Module arguments
    input wire  [1:0] d;
    output reg  [1:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 2'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_s2_kind


module flux_core_small_router_s2_sel(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_s2_sel


module flux_core_small_router_s2_valid(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_s2_valid


module flux_core_small_router_s2_value(d,q,clock);
    
    // Module arguments
    input wire  [21:0] d;
    output reg  [21:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 22'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_s2_value


module flux_core_small_router_s2_word(d,q,clock);
    
    // Module arguments
    input wire  [40:0] d;
    output reg  [40:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 41'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_s2_word


module flux_core_small_router_spike_idx(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_spike_idx


module flux_core_small_router_syn_left(d,q,clock);
    
    // Module arguments
    input wire  [12:0] d;
    output reg  [12:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 13'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_syn_left


module flux_core_small_router_syn_pending(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_syn_pending


module flux_core_small_router_syn_ptr(d,q,clock);
    
    // Module arguments
    input wire  [11:0] d;
    output reg  [11:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 12'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_router_syn_ptr


module flux_core_small_spike_cnt_ram(clock,read_address,read_data,write_address,write_data,write_enable);
    
    // Module arguments
    input wire  clock;
    input wire  [7:0] read_address;
    output reg  [4:0] read_data;
    input wire  [7:0] write_address;
    input wire  [4:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg [4:0] mem [0:255];
    
    always @(posedge clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
endmodule // flux_core_small_spike_cnt_ram


module flux_core_small_spike_count(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_spike_count


module flux_core_small_spike_ram(clock,read_address,read_data,write_address,write_data,write_enable);
    
    // Module arguments
    input wire  clock;
    input wire  [7:0] read_address;
    output reg  [8:0] read_data;
    input wire  [7:0] write_address;
    input wire  [8:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg [8:0] mem [0:255];
    
    always @(posedge clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
endmodule // flux_core_small_spike_ram


module flux_core_small_state_ram(clock,read_address,read_data,write_address,write_data,write_enable);
    
    // Module arguments
    input wire  clock;
    input wire  [7:0] read_address;
    output reg  [99:0] read_data;
    input wire  [7:0] write_address;
    input wire  [99:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg [99:0] mem [0:255];
    
    always @(posedge clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
endmodule // flux_core_small_state_ram


module flux_core_small_stdp(clock,clear,age_step,push,push_src,run,done,t,spiked,sweep_len,sweep_step,fanout_rd_addr,fanout_rd_data,syn_rd_addr,syn_rd_data,syn_wr_addr,syn_wr_data,syn_we,state_rd_addr,state_rd_data,last_rd_addr,last_rd_data,rule_addr,rule_data,table_rd_addr,table_rd_data);
    
    // Module arguments
    input wire  clock;
    input wire  clear;
    input wire  age_step;
    input wire  push;
    input wire  [8:0] push_src;
    input wire  run;
    output reg  done;
    input wire  [31:0] t;
    input wire  spiked;
    input wire  [12:0] sweep_len;
    input wire  [7:0] sweep_step;
    output reg  [8:0] fanout_rd_addr;
    input wire  [24:0] fanout_rd_data;
    output reg  [11:0] syn_rd_addr;
    input wire  [30:0] syn_rd_data;
    output reg  [11:0] syn_wr_addr;
    output reg  [30:0] syn_wr_data;
    output reg  syn_we;
    output reg  [7:0] state_rd_addr;
    input wire  [99:0] state_rd_data;
    output reg  [7:0] last_rd_addr;
    input wire  [31:0] last_rd_data;
    output reg  [2:0] rule_addr;
    input wire  [59:0] rule_data;
    output reg  [6:0] table_rd_addr;
    input wire  [15:0] table_rd_data;
    
    // Constant declarations
    localparam  k_last = 8'hf;
    localparam  min_len = 13'b110;
    localparam  arith_msb = 8'h13;
    localparam  window = 32'h10;
    localparam  window_8 = 8'h10;
    localparam  age_last = 4'hf;
    localparam  syn_weight_lsb = 8'h8;
    localparam  syn_type_lsb = 8'h13;
    localparam  syn_plastic_lsb = 8'h15;
    localparam  syn_stw_lsb = 8'h16;
    localparam  syn_weight_mask = 31'hff00;
    localparam  syn_stw_mask = 31'h7fc00000;
    localparam  fan_count_lsb = 8'hc;
    localparam  profile_lsb = 8'h61;
    localparam  mod_level_lsb = 8'h41;
    localparam  lr_gain_lsb = 8'h0;
    localparam  lr_reverse_lsb = 8'h8;
    localparam  w_min_lsb = 8'h9;
    localparam  w_max_lsb = 8'h19;
    localparam  fade_shift_lsb = 8'h29;
    localparam  cons_thr_lsb = 8'h2d;
    localparam  ltd_lsb = 8'h8;
    localparam  weight_sign = 20'h80;
    localparam  stw_sign = 20'h100;
    localparam  sign_16 = 20'h8000;
    localparam  bias = 20'h80000;
    localparam  stw_max_b = 20'h800ff;
    localparam  stw_min_b = 20'h7ff00;
    localparam  rate_bias = 24'h800000;
    localparam  rate_base = 24'h100;
    localparam  rate_max_b = 24'h8007ff;
    localparam  rate_rev_b = 24'h7ff800;
    localparam  rate_zero_b = 24'h800000;
    localparam  type_direct = 2'b0;
    
    // Enums
    localparam LearnMode$Start = 0;
    localparam LearnMode$Slot = 1;
    localparam LearnMode$Syn = 2;
    localparam LearnMode$Sweep = 3;
    localparam LearnMode$Done = 4;
    
    // Stub signals
    reg  valid$0$d;
    wire  valid$0$q;
    reg  valid$0$clock;
    reg  valid$1$d;
    wire  valid$1$q;
    reg  valid$1$clock;
    reg  valid$2$d;
    wire  valid$2$q;
    reg  valid$2$clock;
    reg  valid$3$d;
    wire  valid$3$q;
    reg  valid$3$clock;
    reg  valid$4$d;
    wire  valid$4$q;
    reg  valid$4$clock;
    reg  valid$5$d;
    wire  valid$5$q;
    reg  valid$5$clock;
    reg  valid$6$d;
    wire  valid$6$q;
    reg  valid$6$clock;
    reg  valid$7$d;
    wire  valid$7$q;
    reg  valid$7$clock;
    reg  valid$8$d;
    wire  valid$8$q;
    reg  valid$8$clock;
    reg  valid$9$d;
    wire  valid$9$q;
    reg  valid$9$clock;
    reg  valid$10$d;
    wire  valid$10$q;
    reg  valid$10$clock;
    reg  valid$11$d;
    wire  valid$11$q;
    reg  valid$11$clock;
    reg  valid$12$d;
    wire  valid$12$q;
    reg  valid$12$clock;
    reg  valid$13$d;
    wire  valid$13$q;
    reg  valid$13$clock;
    reg  valid$14$d;
    wire  valid$14$q;
    reg  valid$14$clock;
    reg  valid$15$d;
    wire  valid$15$q;
    reg  valid$15$clock;
    reg  [8:0] src$0$d;
    wire  [8:0] src$0$q;
    reg  src$0$clock;
    reg  [8:0] src$1$d;
    wire  [8:0] src$1$q;
    reg  src$1$clock;
    reg  [8:0] src$2$d;
    wire  [8:0] src$2$q;
    reg  src$2$clock;
    reg  [8:0] src$3$d;
    wire  [8:0] src$3$q;
    reg  src$3$clock;
    reg  [8:0] src$4$d;
    wire  [8:0] src$4$q;
    reg  src$4$clock;
    reg  [8:0] src$5$d;
    wire  [8:0] src$5$q;
    reg  src$5$clock;
    reg  [8:0] src$6$d;
    wire  [8:0] src$6$q;
    reg  src$6$clock;
    reg  [8:0] src$7$d;
    wire  [8:0] src$7$q;
    reg  src$7$clock;
    reg  [8:0] src$8$d;
    wire  [8:0] src$8$q;
    reg  src$8$clock;
    reg  [8:0] src$9$d;
    wire  [8:0] src$9$q;
    reg  src$9$clock;
    reg  [8:0] src$10$d;
    wire  [8:0] src$10$q;
    reg  src$10$clock;
    reg  [8:0] src$11$d;
    wire  [8:0] src$11$q;
    reg  src$11$clock;
    reg  [8:0] src$12$d;
    wire  [8:0] src$12$q;
    reg  src$12$clock;
    reg  [8:0] src$13$d;
    wire  [8:0] src$13$q;
    reg  src$13$clock;
    reg  [8:0] src$14$d;
    wire  [8:0] src$14$q;
    reg  src$14$clock;
    reg  [8:0] src$15$d;
    wire  [8:0] src$15$q;
    reg  src$15$clock;
    reg  [3:0] age$0$d;
    wire  [3:0] age$0$q;
    reg  age$0$clock;
    reg  [3:0] age$1$d;
    wire  [3:0] age$1$q;
    reg  age$1$clock;
    reg  [3:0] age$2$d;
    wire  [3:0] age$2$q;
    reg  age$2$clock;
    reg  [3:0] age$3$d;
    wire  [3:0] age$3$q;
    reg  age$3$clock;
    reg  [3:0] age$4$d;
    wire  [3:0] age$4$q;
    reg  age$4$clock;
    reg  [3:0] age$5$d;
    wire  [3:0] age$5$q;
    reg  age$5$clock;
    reg  [3:0] age$6$d;
    wire  [3:0] age$6$q;
    reg  age$6$clock;
    reg  [3:0] age$7$d;
    wire  [3:0] age$7$q;
    reg  age$7$clock;
    reg  [3:0] age$8$d;
    wire  [3:0] age$8$q;
    reg  age$8$clock;
    reg  [3:0] age$9$d;
    wire  [3:0] age$9$q;
    reg  age$9$clock;
    reg  [3:0] age$10$d;
    wire  [3:0] age$10$q;
    reg  age$10$clock;
    reg  [3:0] age$11$d;
    wire  [3:0] age$11$q;
    reg  age$11$clock;
    reg  [3:0] age$12$d;
    wire  [3:0] age$12$q;
    reg  age$12$clock;
    reg  [3:0] age$13$d;
    wire  [3:0] age$13$q;
    reg  age$13$clock;
    reg  [3:0] age$14$d;
    wire  [3:0] age$14$q;
    reg  age$14$clock;
    reg  [3:0] age$15$d;
    wire  [3:0] age$15$q;
    reg  age$15$clock;
    reg  [2:0] mode$d;
    wire  [2:0] mode$q;
    reg  mode$clock;
    reg  [7:0] slot$d;
    wire  [7:0] slot$q;
    reg  slot$clock;
    reg  [11:0] ptr$d;
    wire  [11:0] ptr$q;
    reg  ptr$clock;
    reg  [12:0] left$d;
    wire  [12:0] left$q;
    reg  left$clock;
    reg  [7:0] sweeps_left$d;
    wire  [7:0] sweeps_left$q;
    reg  sweeps_left$clock;
    reg  [11:0] sp$d;
    wire  [11:0] sp$q;
    reg  sp$clock;
    reg  [3:0] cur_age$d;
    wire  [3:0] cur_age$q;
    reg  cur_age$clock;
    reg  at1$d;
    wire  at1$q;
    reg  at1$clock;
    reg  at2$d;
    wire  at2$q;
    reg  at2$clock;
    reg  at3$d;
    wire  at3$q;
    reg  at3$clock;
    reg  at4$d;
    wire  at4$q;
    reg  at4$clock;
    reg  at5$d;
    wire  at5$q;
    reg  at5$clock;
    reg  [11:0] adr1$d;
    wire  [11:0] adr1$q;
    reg  adr1$clock;
    reg  [11:0] adr2$d;
    wire  [11:0] adr2$q;
    reg  adr2$clock;
    reg  [11:0] adr3$d;
    wire  [11:0] adr3$q;
    reg  adr3$clock;
    reg  [11:0] adr4$d;
    wire  [11:0] adr4$q;
    reg  adr4$clock;
    reg  [11:0] adr5$d;
    wire  [11:0] adr5$q;
    reg  adr5$clock;
    reg  [30:0] syn_r$d;
    wire  [30:0] syn_r$q;
    reg  syn_r$clock;
    reg  [30:0] syn_r2$d;
    wire  [30:0] syn_r2$q;
    reg  syn_r2$clock;
    reg  [30:0] syn_r3$d;
    wire  [30:0] syn_r3$q;
    reg  syn_r3$clock;
    reg  [23:0] rate_raw_r$d;
    wire  [23:0] rate_raw_r$q;
    reg  rate_raw_r$clock;
    reg  rev_r$d;
    wire  rev_r$q;
    reg  rev_r$clock;
    reg  ltp_r$d;
    wire  ltp_r$q;
    reg  ltp_r$clock;
    reg  ltd_r$d;
    wire  ltd_r$q;
    reg  ltd_r$clock;
    reg  [19:0] change_r$d;
    wire  [19:0] change_r$q;
    reg  change_r$clock;
    reg  [19:0] w_min_r$d;
    wire  [19:0] w_min_r$q;
    reg  w_min_r$clock;
    reg  [19:0] w_max_r$d;
    wire  [19:0] w_max_r$q;
    reg  w_max_r$clock;
    reg  [19:0] w_min_r2$d;
    wire  [19:0] w_min_r2$q;
    reg  w_min_r2$clock;
    reg  [19:0] w_max_r2$d;
    wire  [19:0] w_max_r2$q;
    reg  w_max_r2$clock;
    reg  pair_r2$d;
    wire  pair_r2$q;
    reg  pair_r2$clock;
    reg  cons_r$d;
    wire  cons_r$q;
    reg  cons_r$clock;
    reg  [3:0] fade_r$d;
    wire  [3:0] fade_r$q;
    reg  fade_r$clock;
    reg  cons_r2$d;
    wire  cons_r2$q;
    reg  cons_r2$clock;
    reg  [3:0] fade_r2$d;
    wire  [3:0] fade_r2$q;
    reg  fade_r2$clock;
    reg  [30:0] word_r$d;
    wire  [30:0] word_r$q;
    reg  word_r$clock;
    reg  we_r$d;
    wire  we_r$q;
    reg  we_r$clock;
    
    // Local signals
    reg  issue;
    reg  drained;
    reg  serial;
    reg  [30:0] sweep_word;
    reg  sweep_we;
    reg  [7:0] slot_next;
    reg  sel_valid;
    reg  [3:0] sel_age;
    reg  [12:0] fan_count;
    reg  [11:0] sp_next;
    reg  learnable;
    reg  [19:0] w_cur;
    reg  [19:0] stw_cur;
    reg  [15:0] m_level;
    reg  [31:0] last_v;
    reg  [31:0] g1;
    reg  ltp;
    reg  ltd;
    reg  [15:0] idx;
    reg  [2:0] p3;
    reg  [15:0] pl0;
    reg  [15:0] pl1;
    reg  [15:0] pl2;
    reg  [15:0] p_times_l;
    reg  [15:0] table_sum;
    reg  [15:0] gain;
    reg  [31:0] m_prod;
    reg  [31:0] m_prod_s;
    reg  [23:0] rate_raw;
    reg  [23:0] rate_lo;
    reg  [15:0] rate16;
    reg  [23:0] rate;
    reg  [19:0] rule_w_min;
    reg  [19:0] rule_w_max;
    reg  [15:0] mag;
    reg  [31:0] b_prod;
    reg  [31:0] b_prod_s;
    reg  [31:0] b_corr;
    reg  [19:0] change;
    reg  [19:0] e_sum;
    reg  [19:0] e_sat;
    reg  [19:0] d_stw;
    reg  [19:0] stw_new;
    reg  [30:0] tail_word;
    reg  consolidate;
    reg  [19:0] c_sum;
    reg  [19:0] c_sat;
    reg  [19:0] stw_mag;
    reg  [19:0] fade_raw;
    reg  [19:0] fade_d;
    reg  [19:0] faded;
    
    // Sub module instances
    flux_core_small_stdp_valid_0 valid$0(
        .d(valid$0$d),
        .q(valid$0$q),
        .clock(valid$0$clock)
    );
    flux_core_small_stdp_valid_1 valid$1(
        .d(valid$1$d),
        .q(valid$1$q),
        .clock(valid$1$clock)
    );
    flux_core_small_stdp_valid_2 valid$2(
        .d(valid$2$d),
        .q(valid$2$q),
        .clock(valid$2$clock)
    );
    flux_core_small_stdp_valid_3 valid$3(
        .d(valid$3$d),
        .q(valid$3$q),
        .clock(valid$3$clock)
    );
    flux_core_small_stdp_valid_4 valid$4(
        .d(valid$4$d),
        .q(valid$4$q),
        .clock(valid$4$clock)
    );
    flux_core_small_stdp_valid_5 valid$5(
        .d(valid$5$d),
        .q(valid$5$q),
        .clock(valid$5$clock)
    );
    flux_core_small_stdp_valid_6 valid$6(
        .d(valid$6$d),
        .q(valid$6$q),
        .clock(valid$6$clock)
    );
    flux_core_small_stdp_valid_7 valid$7(
        .d(valid$7$d),
        .q(valid$7$q),
        .clock(valid$7$clock)
    );
    flux_core_small_stdp_valid_8 valid$8(
        .d(valid$8$d),
        .q(valid$8$q),
        .clock(valid$8$clock)
    );
    flux_core_small_stdp_valid_9 valid$9(
        .d(valid$9$d),
        .q(valid$9$q),
        .clock(valid$9$clock)
    );
    flux_core_small_stdp_valid_10 valid$10(
        .d(valid$10$d),
        .q(valid$10$q),
        .clock(valid$10$clock)
    );
    flux_core_small_stdp_valid_11 valid$11(
        .d(valid$11$d),
        .q(valid$11$q),
        .clock(valid$11$clock)
    );
    flux_core_small_stdp_valid_12 valid$12(
        .d(valid$12$d),
        .q(valid$12$q),
        .clock(valid$12$clock)
    );
    flux_core_small_stdp_valid_13 valid$13(
        .d(valid$13$d),
        .q(valid$13$q),
        .clock(valid$13$clock)
    );
    flux_core_small_stdp_valid_14 valid$14(
        .d(valid$14$d),
        .q(valid$14$q),
        .clock(valid$14$clock)
    );
    flux_core_small_stdp_valid_15 valid$15(
        .d(valid$15$d),
        .q(valid$15$q),
        .clock(valid$15$clock)
    );
    flux_core_small_stdp_src_0 src$0(
        .d(src$0$d),
        .q(src$0$q),
        .clock(src$0$clock)
    );
    flux_core_small_stdp_src_1 src$1(
        .d(src$1$d),
        .q(src$1$q),
        .clock(src$1$clock)
    );
    flux_core_small_stdp_src_2 src$2(
        .d(src$2$d),
        .q(src$2$q),
        .clock(src$2$clock)
    );
    flux_core_small_stdp_src_3 src$3(
        .d(src$3$d),
        .q(src$3$q),
        .clock(src$3$clock)
    );
    flux_core_small_stdp_src_4 src$4(
        .d(src$4$d),
        .q(src$4$q),
        .clock(src$4$clock)
    );
    flux_core_small_stdp_src_5 src$5(
        .d(src$5$d),
        .q(src$5$q),
        .clock(src$5$clock)
    );
    flux_core_small_stdp_src_6 src$6(
        .d(src$6$d),
        .q(src$6$q),
        .clock(src$6$clock)
    );
    flux_core_small_stdp_src_7 src$7(
        .d(src$7$d),
        .q(src$7$q),
        .clock(src$7$clock)
    );
    flux_core_small_stdp_src_8 src$8(
        .d(src$8$d),
        .q(src$8$q),
        .clock(src$8$clock)
    );
    flux_core_small_stdp_src_9 src$9(
        .d(src$9$d),
        .q(src$9$q),
        .clock(src$9$clock)
    );
    flux_core_small_stdp_src_10 src$10(
        .d(src$10$d),
        .q(src$10$q),
        .clock(src$10$clock)
    );
    flux_core_small_stdp_src_11 src$11(
        .d(src$11$d),
        .q(src$11$q),
        .clock(src$11$clock)
    );
    flux_core_small_stdp_src_12 src$12(
        .d(src$12$d),
        .q(src$12$q),
        .clock(src$12$clock)
    );
    flux_core_small_stdp_src_13 src$13(
        .d(src$13$d),
        .q(src$13$q),
        .clock(src$13$clock)
    );
    flux_core_small_stdp_src_14 src$14(
        .d(src$14$d),
        .q(src$14$q),
        .clock(src$14$clock)
    );
    flux_core_small_stdp_src_15 src$15(
        .d(src$15$d),
        .q(src$15$q),
        .clock(src$15$clock)
    );
    flux_core_small_stdp_age_0 age$0(
        .d(age$0$d),
        .q(age$0$q),
        .clock(age$0$clock)
    );
    flux_core_small_stdp_age_1 age$1(
        .d(age$1$d),
        .q(age$1$q),
        .clock(age$1$clock)
    );
    flux_core_small_stdp_age_2 age$2(
        .d(age$2$d),
        .q(age$2$q),
        .clock(age$2$clock)
    );
    flux_core_small_stdp_age_3 age$3(
        .d(age$3$d),
        .q(age$3$q),
        .clock(age$3$clock)
    );
    flux_core_small_stdp_age_4 age$4(
        .d(age$4$d),
        .q(age$4$q),
        .clock(age$4$clock)
    );
    flux_core_small_stdp_age_5 age$5(
        .d(age$5$d),
        .q(age$5$q),
        .clock(age$5$clock)
    );
    flux_core_small_stdp_age_6 age$6(
        .d(age$6$d),
        .q(age$6$q),
        .clock(age$6$clock)
    );
    flux_core_small_stdp_age_7 age$7(
        .d(age$7$d),
        .q(age$7$q),
        .clock(age$7$clock)
    );
    flux_core_small_stdp_age_8 age$8(
        .d(age$8$d),
        .q(age$8$q),
        .clock(age$8$clock)
    );
    flux_core_small_stdp_age_9 age$9(
        .d(age$9$d),
        .q(age$9$q),
        .clock(age$9$clock)
    );
    flux_core_small_stdp_age_10 age$10(
        .d(age$10$d),
        .q(age$10$q),
        .clock(age$10$clock)
    );
    flux_core_small_stdp_age_11 age$11(
        .d(age$11$d),
        .q(age$11$q),
        .clock(age$11$clock)
    );
    flux_core_small_stdp_age_12 age$12(
        .d(age$12$d),
        .q(age$12$q),
        .clock(age$12$clock)
    );
    flux_core_small_stdp_age_13 age$13(
        .d(age$13$d),
        .q(age$13$q),
        .clock(age$13$clock)
    );
    flux_core_small_stdp_age_14 age$14(
        .d(age$14$d),
        .q(age$14$q),
        .clock(age$14$clock)
    );
    flux_core_small_stdp_age_15 age$15(
        .d(age$15$d),
        .q(age$15$q),
        .clock(age$15$clock)
    );
    flux_core_small_stdp_mode mode(
        .d(mode$d),
        .q(mode$q),
        .clock(mode$clock)
    );
    flux_core_small_stdp_slot slot(
        .d(slot$d),
        .q(slot$q),
        .clock(slot$clock)
    );
    flux_core_small_stdp_ptr ptr(
        .d(ptr$d),
        .q(ptr$q),
        .clock(ptr$clock)
    );
    flux_core_small_stdp_left left(
        .d(left$d),
        .q(left$q),
        .clock(left$clock)
    );
    flux_core_small_stdp_sweeps_left sweeps_left(
        .d(sweeps_left$d),
        .q(sweeps_left$q),
        .clock(sweeps_left$clock)
    );
    flux_core_small_stdp_sp sp(
        .d(sp$d),
        .q(sp$q),
        .clock(sp$clock)
    );
    flux_core_small_stdp_cur_age cur_age(
        .d(cur_age$d),
        .q(cur_age$q),
        .clock(cur_age$clock)
    );
    flux_core_small_stdp_at1 at1(
        .d(at1$d),
        .q(at1$q),
        .clock(at1$clock)
    );
    flux_core_small_stdp_at2 at2(
        .d(at2$d),
        .q(at2$q),
        .clock(at2$clock)
    );
    flux_core_small_stdp_at3 at3(
        .d(at3$d),
        .q(at3$q),
        .clock(at3$clock)
    );
    flux_core_small_stdp_at4 at4(
        .d(at4$d),
        .q(at4$q),
        .clock(at4$clock)
    );
    flux_core_small_stdp_at5 at5(
        .d(at5$d),
        .q(at5$q),
        .clock(at5$clock)
    );
    flux_core_small_stdp_adr1 adr1(
        .d(adr1$d),
        .q(adr1$q),
        .clock(adr1$clock)
    );
    flux_core_small_stdp_adr2 adr2(
        .d(adr2$d),
        .q(adr2$q),
        .clock(adr2$clock)
    );
    flux_core_small_stdp_adr3 adr3(
        .d(adr3$d),
        .q(adr3$q),
        .clock(adr3$clock)
    );
    flux_core_small_stdp_adr4 adr4(
        .d(adr4$d),
        .q(adr4$q),
        .clock(adr4$clock)
    );
    flux_core_small_stdp_adr5 adr5(
        .d(adr5$d),
        .q(adr5$q),
        .clock(adr5$clock)
    );
    flux_core_small_stdp_syn_r syn_r(
        .d(syn_r$d),
        .q(syn_r$q),
        .clock(syn_r$clock)
    );
    flux_core_small_stdp_syn_r2 syn_r2(
        .d(syn_r2$d),
        .q(syn_r2$q),
        .clock(syn_r2$clock)
    );
    flux_core_small_stdp_syn_r3 syn_r3(
        .d(syn_r3$d),
        .q(syn_r3$q),
        .clock(syn_r3$clock)
    );
    flux_core_small_stdp_rate_raw_r rate_raw_r(
        .d(rate_raw_r$d),
        .q(rate_raw_r$q),
        .clock(rate_raw_r$clock)
    );
    flux_core_small_stdp_rev_r rev_r(
        .d(rev_r$d),
        .q(rev_r$q),
        .clock(rev_r$clock)
    );
    flux_core_small_stdp_ltp_r ltp_r(
        .d(ltp_r$d),
        .q(ltp_r$q),
        .clock(ltp_r$clock)
    );
    flux_core_small_stdp_ltd_r ltd_r(
        .d(ltd_r$d),
        .q(ltd_r$q),
        .clock(ltd_r$clock)
    );
    flux_core_small_stdp_change_r change_r(
        .d(change_r$d),
        .q(change_r$q),
        .clock(change_r$clock)
    );
    flux_core_small_stdp_w_min_r w_min_r(
        .d(w_min_r$d),
        .q(w_min_r$q),
        .clock(w_min_r$clock)
    );
    flux_core_small_stdp_w_max_r w_max_r(
        .d(w_max_r$d),
        .q(w_max_r$q),
        .clock(w_max_r$clock)
    );
    flux_core_small_stdp_w_min_r2 w_min_r2(
        .d(w_min_r2$d),
        .q(w_min_r2$q),
        .clock(w_min_r2$clock)
    );
    flux_core_small_stdp_w_max_r2 w_max_r2(
        .d(w_max_r2$d),
        .q(w_max_r2$q),
        .clock(w_max_r2$clock)
    );
    flux_core_small_stdp_pair_r2 pair_r2(
        .d(pair_r2$d),
        .q(pair_r2$q),
        .clock(pair_r2$clock)
    );
    flux_core_small_stdp_cons_r cons_r(
        .d(cons_r$d),
        .q(cons_r$q),
        .clock(cons_r$clock)
    );
    flux_core_small_stdp_fade_r fade_r(
        .d(fade_r$d),
        .q(fade_r$q),
        .clock(fade_r$clock)
    );
    flux_core_small_stdp_cons_r2 cons_r2(
        .d(cons_r2$d),
        .q(cons_r2$q),
        .clock(cons_r2$clock)
    );
    flux_core_small_stdp_fade_r2 fade_r2(
        .d(fade_r2$d),
        .q(fade_r2$q),
        .clock(fade_r2$clock)
    );
    flux_core_small_stdp_word_r word_r(
        .d(word_r$d),
        .q(word_r$q),
        .clock(word_r$clock)
    );
    flux_core_small_stdp_we_r we_r(
        .d(we_r$d),
        .q(we_r$q),
        .clock(we_r$clock)
    );
    
    // Update code
    always @(*) begin
        mode$clock = clock;
        slot$clock = clock;
        ptr$clock = clock;
        left$clock = clock;
        sweeps_left$clock = clock;
        sp$clock = clock;
        cur_age$clock = clock;
        at1$clock = clock;
        at2$clock = clock;
        at3$clock = clock;
        at4$clock = clock;
        at5$clock = clock;
        adr1$clock = clock;
        adr2$clock = clock;
        adr3$clock = clock;
        adr4$clock = clock;
        adr5$clock = clock;
        syn_r$clock = clock;
        syn_r2$clock = clock;
        syn_r3$clock = clock;
        rate_raw_r$clock = clock;
        rev_r$clock = clock;
        ltp_r$clock = clock;
        ltd_r$clock = clock;
        change_r$clock = clock;
        w_min_r$clock = clock;
        w_max_r$clock = clock;
        w_min_r2$clock = clock;
        w_max_r2$clock = clock;
        pair_r2$clock = clock;
        cons_r$clock = clock;
        fade_r$clock = clock;
        cons_r2$clock = clock;
        fade_r2$clock = clock;
        word_r$clock = clock;
        we_r$clock = clock;
        mode$d = mode$q;
        slot$d = slot$q;
        ptr$d = ptr$q;
        left$d = left$q;
        sweeps_left$d = sweeps_left$q;
        sp$d = sp$q;
        cur_age$d = cur_age$q;
        at1$d = at1$q;
        at2$d = at2$q;
        at3$d = at3$q;
        at4$d = at4$q;
        at5$d = at5$q;
        adr1$d = adr1$q;
        adr2$d = adr2$q;
        adr3$d = adr3$q;
        adr4$d = adr4$q;
        adr5$d = adr5$q;
        syn_r$d = syn_r$q;
        syn_r2$d = syn_r2$q;
        syn_r3$d = syn_r3$q;
        rate_raw_r$d = rate_raw_r$q;
        rev_r$d = rev_r$q;
        ltp_r$d = ltp_r$q;
        ltd_r$d = ltd_r$q;
        change_r$d = change_r$q;
        w_min_r$d = w_min_r$q;
        w_max_r$d = w_max_r$q;
        w_min_r2$d = w_min_r2$q;
        w_max_r2$d = w_max_r2$q;
        pair_r2$d = pair_r2$q;
        cons_r$d = cons_r$q;
        fade_r$d = fade_r$q;
        cons_r2$d = cons_r2$q;
        fade_r2$d = fade_r2$q;
        word_r$d = word_r$q;
        we_r$d = we_r$q;
        valid$0$clock = clock;
        src$0$clock = clock;
        age$0$clock = clock;
        valid$0$d = valid$0$q;
        src$0$d = src$0$q;
        age$0$d = age$0$q;
        valid$1$clock = clock;
        src$1$clock = clock;
        age$1$clock = clock;
        valid$1$d = valid$1$q;
        src$1$d = src$1$q;
        age$1$d = age$1$q;
        valid$2$clock = clock;
        src$2$clock = clock;
        age$2$clock = clock;
        valid$2$d = valid$2$q;
        src$2$d = src$2$q;
        age$2$d = age$2$q;
        valid$3$clock = clock;
        src$3$clock = clock;
        age$3$clock = clock;
        valid$3$d = valid$3$q;
        src$3$d = src$3$q;
        age$3$d = age$3$q;
        valid$4$clock = clock;
        src$4$clock = clock;
        age$4$clock = clock;
        valid$4$d = valid$4$q;
        src$4$d = src$4$q;
        age$4$d = age$4$q;
        valid$5$clock = clock;
        src$5$clock = clock;
        age$5$clock = clock;
        valid$5$d = valid$5$q;
        src$5$d = src$5$q;
        age$5$d = age$5$q;
        valid$6$clock = clock;
        src$6$clock = clock;
        age$6$clock = clock;
        valid$6$d = valid$6$q;
        src$6$d = src$6$q;
        age$6$d = age$6$q;
        valid$7$clock = clock;
        src$7$clock = clock;
        age$7$clock = clock;
        valid$7$d = valid$7$q;
        src$7$d = src$7$q;
        age$7$d = age$7$q;
        valid$8$clock = clock;
        src$8$clock = clock;
        age$8$clock = clock;
        valid$8$d = valid$8$q;
        src$8$d = src$8$q;
        age$8$d = age$8$q;
        valid$9$clock = clock;
        src$9$clock = clock;
        age$9$clock = clock;
        valid$9$d = valid$9$q;
        src$9$d = src$9$q;
        age$9$d = age$9$q;
        valid$10$clock = clock;
        src$10$clock = clock;
        age$10$clock = clock;
        valid$10$d = valid$10$q;
        src$10$d = src$10$q;
        age$10$d = age$10$q;
        valid$11$clock = clock;
        src$11$clock = clock;
        age$11$clock = clock;
        valid$11$d = valid$11$q;
        src$11$d = src$11$q;
        age$11$d = age$11$q;
        valid$12$clock = clock;
        src$12$clock = clock;
        age$12$clock = clock;
        valid$12$d = valid$12$q;
        src$12$d = src$12$q;
        age$12$d = age$12$q;
        valid$13$clock = clock;
        src$13$clock = clock;
        age$13$clock = clock;
        valid$13$d = valid$13$q;
        src$13$d = src$13$q;
        age$13$d = age$13$q;
        valid$14$clock = clock;
        src$14$clock = clock;
        age$14$clock = clock;
        valid$14$d = valid$14$q;
        src$14$d = src$14$q;
        age$14$d = age$14$q;
        valid$15$clock = clock;
        src$15$clock = clock;
        age$15$clock = clock;
        valid$15$d = valid$15$q;
        src$15$d = src$15$q;
        age$15$d = age$15$q;
        if (age_step) begin
            age$0$d = age$0$q + 32'h1;
            if (age$0$q == age_last) begin
                valid$0$d = 1'b0;
            end
            age$1$d = age$1$q + 32'h1;
            if (age$1$q == age_last) begin
                valid$1$d = 1'b0;
            end
            age$2$d = age$2$q + 32'h1;
            if (age$2$q == age_last) begin
                valid$2$d = 1'b0;
            end
            age$3$d = age$3$q + 32'h1;
            if (age$3$q == age_last) begin
                valid$3$d = 1'b0;
            end
            age$4$d = age$4$q + 32'h1;
            if (age$4$q == age_last) begin
                valid$4$d = 1'b0;
            end
            age$5$d = age$5$q + 32'h1;
            if (age$5$q == age_last) begin
                valid$5$d = 1'b0;
            end
            age$6$d = age$6$q + 32'h1;
            if (age$6$q == age_last) begin
                valid$6$d = 1'b0;
            end
            age$7$d = age$7$q + 32'h1;
            if (age$7$q == age_last) begin
                valid$7$d = 1'b0;
            end
            age$8$d = age$8$q + 32'h1;
            if (age$8$q == age_last) begin
                valid$8$d = 1'b0;
            end
            age$9$d = age$9$q + 32'h1;
            if (age$9$q == age_last) begin
                valid$9$d = 1'b0;
            end
            age$10$d = age$10$q + 32'h1;
            if (age$10$q == age_last) begin
                valid$10$d = 1'b0;
            end
            age$11$d = age$11$q + 32'h1;
            if (age$11$q == age_last) begin
                valid$11$d = 1'b0;
            end
            age$12$d = age$12$q + 32'h1;
            if (age$12$q == age_last) begin
                valid$12$d = 1'b0;
            end
            age$13$d = age$13$q + 32'h1;
            if (age$13$q == age_last) begin
                valid$13$d = 1'b0;
            end
            age$14$d = age$14$q + 32'h1;
            if (age$14$q == age_last) begin
                valid$14$d = 1'b0;
            end
            age$15$d = age$15$q + 32'h1;
            if (age$15$q == age_last) begin
                valid$15$d = 1'b0;
            end
        end
        if (push) begin
            valid$1$d = valid$0$q && (src$0$q != push_src);
            src$1$d = src$0$q;
            age$1$d = age$0$q;
            valid$2$d = valid$1$q && (src$1$q != push_src);
            src$2$d = src$1$q;
            age$2$d = age$1$q;
            valid$3$d = valid$2$q && (src$2$q != push_src);
            src$3$d = src$2$q;
            age$3$d = age$2$q;
            valid$4$d = valid$3$q && (src$3$q != push_src);
            src$4$d = src$3$q;
            age$4$d = age$3$q;
            valid$5$d = valid$4$q && (src$4$q != push_src);
            src$5$d = src$4$q;
            age$5$d = age$4$q;
            valid$6$d = valid$5$q && (src$5$q != push_src);
            src$6$d = src$5$q;
            age$6$d = age$5$q;
            valid$7$d = valid$6$q && (src$6$q != push_src);
            src$7$d = src$6$q;
            age$7$d = age$6$q;
            valid$8$d = valid$7$q && (src$7$q != push_src);
            src$8$d = src$7$q;
            age$8$d = age$7$q;
            valid$9$d = valid$8$q && (src$8$q != push_src);
            src$9$d = src$8$q;
            age$9$d = age$8$q;
            valid$10$d = valid$9$q && (src$9$q != push_src);
            src$10$d = src$9$q;
            age$10$d = age$9$q;
            valid$11$d = valid$10$q && (src$10$q != push_src);
            src$11$d = src$10$q;
            age$11$d = age$10$q;
            valid$12$d = valid$11$q && (src$11$q != push_src);
            src$12$d = src$11$q;
            age$12$d = age$11$q;
            valid$13$d = valid$12$q && (src$12$q != push_src);
            src$13$d = src$12$q;
            age$13$d = age$12$q;
            valid$14$d = valid$13$q && (src$13$q != push_src);
            src$14$d = src$13$q;
            age$14$d = age$13$q;
            valid$15$d = valid$14$q && (src$14$q != push_src);
            src$15$d = src$14$q;
            age$15$d = age$14$q;
            valid$0$d = 1'b1;
            src$0$d = push_src;
            age$0$d = 32'h0;
        end
        if (clear) begin
            valid$0$d = 1'b0;
            valid$1$d = 1'b0;
            valid$2$d = 1'b0;
            valid$3$d = 1'b0;
            valid$4$d = 1'b0;
            valid$5$d = 1'b0;
            valid$6$d = 1'b0;
            valid$7$d = 1'b0;
            valid$8$d = 1'b0;
            valid$9$d = 1'b0;
            valid$10$d = 1'b0;
            valid$11$d = 1'b0;
            valid$12$d = 1'b0;
            valid$13$d = 1'b0;
            valid$14$d = 1'b0;
            valid$15$d = 1'b0;
            sp$d = 32'h0;
        end
        sel_valid = 1'b0;
        sel_age = 32'h0;
        if (slot$q == 0) begin
            sel_valid = valid$0$q;
            sel_age = age$0$q;
        end
        if (slot$q == 1) begin
            sel_valid = valid$1$q;
            sel_age = age$1$q;
        end
        if (slot$q == 2) begin
            sel_valid = valid$2$q;
            sel_age = age$2$q;
        end
        if (slot$q == 3) begin
            sel_valid = valid$3$q;
            sel_age = age$3$q;
        end
        if (slot$q == 4) begin
            sel_valid = valid$4$q;
            sel_age = age$4$q;
        end
        if (slot$q == 5) begin
            sel_valid = valid$5$q;
            sel_age = age$5$q;
        end
        if (slot$q == 6) begin
            sel_valid = valid$6$q;
            sel_age = age$6$q;
        end
        if (slot$q == 7) begin
            sel_valid = valid$7$q;
            sel_age = age$7$q;
        end
        if (slot$q == 8) begin
            sel_valid = valid$8$q;
            sel_age = age$8$q;
        end
        if (slot$q == 9) begin
            sel_valid = valid$9$q;
            sel_age = age$9$q;
        end
        if (slot$q == 10) begin
            sel_valid = valid$10$q;
            sel_age = age$10$q;
        end
        if (slot$q == 11) begin
            sel_valid = valid$11$q;
            sel_age = age$11$q;
        end
        if (slot$q == 12) begin
            sel_valid = valid$12$q;
            sel_age = age$12$q;
        end
        if (slot$q == 13) begin
            sel_valid = valid$13$q;
            sel_age = age$13$q;
        end
        if (slot$q == 14) begin
            sel_valid = valid$14$q;
            sel_age = age$14$q;
        end
        if (slot$q == 15) begin
            sel_valid = valid$15$q;
            sel_age = age$15$q;
        end
        slot_next = slot$q;
        if (mode$q == LearnMode$Slot) begin
            slot_next = slot$q + 32'h1;
        end
        if (~run) begin
            slot_next = 32'h0;
        end
        slot$d = slot_next;
        fanout_rd_addr = 32'h0;
        if (slot_next == 0) begin
            fanout_rd_addr = src$0$q;
        end
        if (slot_next == 1) begin
            fanout_rd_addr = src$1$q;
        end
        if (slot_next == 2) begin
            fanout_rd_addr = src$2$q;
        end
        if (slot_next == 3) begin
            fanout_rd_addr = src$3$q;
        end
        if (slot_next == 4) begin
            fanout_rd_addr = src$4$q;
        end
        if (slot_next == 5) begin
            fanout_rd_addr = src$5$q;
        end
        if (slot_next == 6) begin
            fanout_rd_addr = src$6$q;
        end
        if (slot_next == 7) begin
            fanout_rd_addr = src$7$q;
        end
        if (slot_next == 8) begin
            fanout_rd_addr = src$8$q;
        end
        if (slot_next == 9) begin
            fanout_rd_addr = src$9$q;
        end
        if (slot_next == 10) begin
            fanout_rd_addr = src$10$q;
        end
        if (slot_next == 11) begin
            fanout_rd_addr = src$11$q;
        end
        if (slot_next == 12) begin
            fanout_rd_addr = src$12$q;
        end
        if (slot_next == 13) begin
            fanout_rd_addr = src$13$q;
        end
        if (slot_next == 14) begin
            fanout_rd_addr = src$14$q;
        end
        if (slot_next == 15) begin
            fanout_rd_addr = src$15$q;
        end
        fan_count = fanout_rd_data[(fan_count_lsb)+:(13)];
        sp_next = sp$q + 32'h1;
        if ((((sp$q) & 13'h1fff) + 32'h1) >= sweep_len) begin
            sp_next = 32'h0;
        end
        learnable = syn_r3$q[syn_plastic_lsb] && (syn_r3$q[(syn_type_lsb)+:(2)] == type_direct);
        w_cur = (((syn_r3$q[(syn_weight_lsb)+:(8)]) & 20'hfffff) ^ weight_sign) - weight_sign;
        stw_cur = (((syn_r3$q[(syn_stw_lsb)+:(9)]) & 20'hfffff) ^ stw_sign) - stw_sign;
        state_rd_addr = syn_rd_data[(32'h0)+:(8)];
        last_rd_addr = syn_rd_data[(32'h0)+:(8)];
        rule_addr = state_rd_data[(profile_lsb)+:(3)];
        m_level = state_rd_data[(mod_level_lsb)+:(16)];
        rule_w_min = (((rule_data[(w_min_lsb)+:(16)]) & 20'hfffff) ^ sign_16) - sign_16;
        rule_w_max = (((rule_data[(w_max_lsb)+:(16)]) & 20'hfffff) ^ sign_16) - sign_16;
        last_v = last_rd_data;
        g1 = t - last_v;
        ltp = |last_v && (last_v == (t + 32'h1));
        ltd = ~ltp && ~|cur_age$q && |last_v && (g1 < window);
        idx = ((g1[(32'h0)+:(8)]) & 16'hffff);
        if (ltp) begin
            idx = ((cur_age$q) & 16'hffff);
        end
        p3 = ((rule_addr) & 3'h7);
        pl0 = 32'h0;
        pl1 = 32'h0;
        pl2 = 32'h0;
        if (p3[32'h0]) begin
            pl0 = ((window_8) & 16'hffff);
        end
        if (p3[32'h1]) begin
            pl1 = ((window_8) & 16'hffff) << 32'h1;
        end
        if (p3[32'h2]) begin
            pl2 = ((window_8) & 16'hffff) << 32'h2;
        end
        p_times_l = pl0 + pl1 + pl2;
        table_sum = p_times_l + idx;
        table_rd_addr = table_sum[(32'h0)+:(7)];
        gain = ((rule_data[(lr_gain_lsb)+:(8)]) & 16'hffff);
        m_prod = m_level * gain;
        m_prod_s = m_prod;
        if (m_level[32'hf]) begin
            m_prod_s = m_prod - (((gain) & 32'hffffffff) << 32'h10);
        end
        rate_raw = m_prod_s[(32'h8)+:(24)] + rate_base;
        rate_lo = rate_zero_b;
        if (rev_r$q) begin
            rate_lo = rate_rev_b;
        end
        rate = rate_raw_r$q;
        if ((rate_raw_r$q ^ rate_bias) > rate_max_b) begin
            rate = rate_max_b ^ rate_bias;
        end
        if ((rate_raw_r$q ^ rate_bias) < rate_lo) begin
            rate = rate_lo ^ rate_bias;
        end
        rate16 = rate[(32'h0)+:(16)];
        mag = ((table_rd_data[(32'h0)+:(8)]) & 16'hffff);
        if (~ltp_r$q) begin
            mag = ((table_rd_data[(ltd_lsb)+:(8)]) & 16'hffff);
        end
        b_prod = mag * rate16;
        b_corr = 32'h0;
        if (rate16[32'hf]) begin
            b_corr = ((mag) & 32'hffffffff) << 32'h10;
        end
        b_prod_s = b_prod - b_corr;
        if (ltd_r$q) begin
            b_prod_s = b_corr - b_prod;
        end
        change = b_prod_s[(32'h8)+:(20)];
        e_sum = w_cur + stw_cur + change_r$q;
        e_sat = e_sum;
        if ((e_sum ^ bias) > (w_max_r2$q ^ bias)) begin
            e_sat = w_max_r2$q;
        end
        if ((e_sum ^ bias) < (w_min_r2$q ^ bias)) begin
            e_sat = w_min_r2$q;
        end
        d_stw = e_sat - w_cur;
        stw_new = d_stw;
        if ((d_stw ^ bias) > stw_max_b) begin
            stw_new = stw_max_b ^ bias;
        end
        if ((d_stw ^ bias) < stw_min_b) begin
            stw_new = stw_min_b ^ bias;
        end
        tail_word = (syn_r3$q & ~syn_stw_mask) | (((stw_new[(32'h0)+:(9)]) & 31'h7fffffff) << syn_stw_lsb);
        consolidate = |rule_data[(cons_thr_lsb)+:(15)] && ~m_level[32'hf] && (m_level >= ((rule_data[(cons_thr_lsb)+:(15)]) & 16'hffff));
        c_sum = w_cur + stw_cur;
        c_sat = c_sum;
        if ((c_sum ^ bias) > (w_max_r2$q ^ bias)) begin
            c_sat = w_max_r2$q;
        end
        if ((c_sum ^ bias) < (w_min_r2$q ^ bias)) begin
            c_sat = w_min_r2$q;
        end
        stw_mag = stw_cur;
        if (stw_cur[arith_msb]) begin
            stw_mag = ~stw_cur + 32'h1;
        end
        fade_raw = stw_mag >> ((fade_r2$q) & 8'hff);
        fade_d = fade_raw;
        if (~|fade_raw) begin
            fade_d = 32'h1;
        end
        faded = stw_cur - fade_d;
        if (stw_cur[arith_msb]) begin
            faded = stw_cur + fade_d;
        end
        sweep_word = syn_r3$q;
        sweep_we = 1'b0;
        if (learnable) begin
            if (cons_r2$q) begin
                sweep_word = (syn_r3$q & ~(syn_stw_mask | syn_weight_mask)) | (((c_sat[(32'h0)+:(8)]) & 31'h7fffffff) << syn_weight_lsb);
                sweep_we = 1'b1;
            end
            else if (|stw_cur) begin
                sweep_word = (syn_r3$q & ~syn_stw_mask) | (((faded[(32'h0)+:(9)]) & 31'h7fffffff) << syn_stw_lsb);
                sweep_we = 1'b1;
            end
        end
        done = run && (mode$q == LearnMode$Done);
        at2$d = at1$q;
        at3$d = at2$q;
        at4$d = at3$q;
        at5$d = at4$q;
        drained = ~(at1$q || at2$q || at3$q || at4$q);
        serial = sweep_len < min_len;
        issue = 1'b0;
        if (run && (mode$q == LearnMode$Syn)) begin
            issue = |left$q;
        end
        if (run && (mode$q == LearnMode$Sweep)) begin
            issue = |sweeps_left$q;
            if (serial) begin
                issue = |sweeps_left$q && drained && ~at5$q;
            end
        end
        at1$d = issue;
        syn_rd_addr = ptr$q;
        if (mode$q == LearnMode$Sweep) begin
            syn_rd_addr = sp$q;
        end
        syn_wr_addr = adr5$q;
        syn_wr_data = word_r$q;
        syn_we = at5$q && we_r$q;
        if (at1$q) begin
            syn_r$d = syn_rd_data;
            adr2$d = adr1$q;
        end
        if (at2$q) begin
            syn_r2$d = syn_r$q;
            ltp_r$d = ltp;
            ltd_r$d = ltd;
            rate_raw_r$d = rate_raw;
            rev_r$d = rule_data[lr_reverse_lsb];
            w_min_r$d = rule_w_min;
            w_max_r$d = rule_w_max;
            cons_r$d = consolidate;
            fade_r$d = rule_data[(fade_shift_lsb)+:(4)];
            adr3$d = adr2$q;
        end
        if (at3$q) begin
            change_r$d = change;
            syn_r3$d = syn_r2$q;
            w_min_r2$d = w_min_r$q;
            w_max_r2$d = w_max_r$q;
            pair_r2$d = ltp_r$q || ltd_r$q;
            cons_r2$d = cons_r$q;
            fade_r2$d = fade_r$q;
            adr4$d = adr3$q;
        end
        if (at4$q) begin
            word_r$d = tail_word;
            we_r$d = learnable && pair_r2$q;
            if (mode$q == LearnMode$Sweep) begin
                word_r$d = sweep_word;
                we_r$d = sweep_we;
            end
            adr5$d = adr4$q;
        end
        if (issue) begin
            adr1$d = ptr$q;
            if (mode$q == LearnMode$Sweep) begin
                adr1$d = sp$q;
            end
        end
        if (mode$q != LearnMode$Sweep) begin
            sweeps_left$d = sweep_step;
        end
        if (~run) begin
            mode$d = LearnMode$Start;
            at1$d = 1'b0;
            at2$d = 1'b0;
            at3$d = 1'b0;
            at4$d = 1'b0;
            at5$d = 1'b0;
        end
        if (run) begin
            case (mode$q)
                LearnMode$Start:
                    begin
                        mode$d = LearnMode$Slot;
                    end
                LearnMode$Slot:
                    begin
                        if (sel_valid && (~|sel_age || spiked) && |fan_count) begin
                            mode$d = LearnMode$Syn;
                            ptr$d = fanout_rd_data[(32'h0)+:(12)];
                            left$d = fan_count;
                            cur_age$d = sel_age;
                        end
                        else if (slot$q == k_last) begin
                            mode$d = LearnMode$Done;
                            if (|sweep_step) begin
                                mode$d = LearnMode$Sweep;
                            end
                        end
                    end
                LearnMode$Syn:
                    begin
                        if (issue) begin
                            ptr$d = ptr$q + 32'h1;
                            left$d = left$q - 32'h1;
                        end
                        if (at5$q && drained && ~|left$q) begin
                            mode$d = LearnMode$Slot;
                            if (slot$q == (k_last + 32'h1)) begin
                                mode$d = LearnMode$Done;
                                if (|sweep_step) begin
                                    mode$d = LearnMode$Sweep;
                                end
                            end
                        end
                    end
                LearnMode$Sweep:
                    begin
                        if (issue) begin
                            sp$d = sp_next;
                            sweeps_left$d = sweeps_left$q - 32'h1;
                        end
                        if (at5$q && drained && ~|sweeps_left$q) begin
                            mode$d = LearnMode$Done;
                        end
                    end
                LearnMode$Done:
                    begin
                    end
            endcase
        end
        if (clear) begin
            sp$d = 32'h0;
        end
    end
    
endmodule // flux_core_small_stdp


module flux_core_small_stdp_adr1(d,q,clock);
    
    // Module arguments
    input wire  [11:0] d;
    output reg  [11:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 12'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_adr1


module flux_core_small_stdp_adr2(d,q,clock);
    
    // Module arguments
    input wire  [11:0] d;
    output reg  [11:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 12'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_adr2


module flux_core_small_stdp_adr3(d,q,clock);
    
    // Module arguments
    input wire  [11:0] d;
    output reg  [11:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 12'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_adr3


module flux_core_small_stdp_adr4(d,q,clock);
    
    // Module arguments
    input wire  [11:0] d;
    output reg  [11:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 12'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_adr4


module flux_core_small_stdp_adr5(d,q,clock);
    
    // Module arguments
    input wire  [11:0] d;
    output reg  [11:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 12'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_adr5


module flux_core_small_stdp_age_0(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_0


module flux_core_small_stdp_age_1(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_1


module flux_core_small_stdp_age_10(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_10


module flux_core_small_stdp_age_11(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_11


module flux_core_small_stdp_age_12(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_12


module flux_core_small_stdp_age_13(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_13


module flux_core_small_stdp_age_14(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_14


module flux_core_small_stdp_age_15(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_15


module flux_core_small_stdp_age_2(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_2


module flux_core_small_stdp_age_3(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_3


module flux_core_small_stdp_age_4(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_4


module flux_core_small_stdp_age_5(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_5


module flux_core_small_stdp_age_6(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_6


module flux_core_small_stdp_age_7(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_7


module flux_core_small_stdp_age_8(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_8


module flux_core_small_stdp_age_9(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_age_9


module flux_core_small_stdp_at1(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_at1


module flux_core_small_stdp_at2(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_at2


module flux_core_small_stdp_at3(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_at3


module flux_core_small_stdp_at4(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_at4


module flux_core_small_stdp_at5(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_at5


module flux_core_small_stdp_change_r(d,q,clock);
    
    // Module arguments
    input wire  [19:0] d;
    output reg  [19:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 20'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_change_r


module flux_core_small_stdp_cons_r(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_cons_r


module flux_core_small_stdp_cons_r2(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_cons_r2


module flux_core_small_stdp_cur_age(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_cur_age


module flux_core_small_stdp_fade_r(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_fade_r


module flux_core_small_stdp_fade_r2(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_fade_r2


module flux_core_small_stdp_left(d,q,clock);
    
    // Module arguments
    input wire  [12:0] d;
    output reg  [12:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 13'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_left


module flux_core_small_stdp_ltd_r(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_ltd_r


module flux_core_small_stdp_ltp_r(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_ltp_r


module flux_core_small_stdp_mode(d,q,clock);
    
    // Module arguments
    input wire  [2:0] d;
    output reg  [2:0] q;
    input wire  clock;
    
    // Enums
    localparam LearnMode$Start = 0;
    localparam LearnMode$Slot = 1;
    localparam LearnMode$Syn = 2;
    localparam LearnMode$Sweep = 3;
    localparam LearnMode$Done = 4;
    
    // Update code (custom)
    initial begin
       q = 64'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_mode


module flux_core_small_stdp_pair_r2(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_pair_r2


module flux_core_small_stdp_ptr(d,q,clock);
    
    // Module arguments
    input wire  [11:0] d;
    output reg  [11:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 12'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_ptr


module flux_core_small_stdp_rate_raw_r(d,q,clock);
    
    // Module arguments
    input wire  [23:0] d;
    output reg  [23:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 24'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_rate_raw_r


module flux_core_small_stdp_rev_r(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_rev_r


module flux_core_small_stdp_slot(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_slot


module flux_core_small_stdp_sp(d,q,clock);
    
    // Module arguments
    input wire  [11:0] d;
    output reg  [11:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 12'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_sp


module flux_core_small_stdp_src_0(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_0


module flux_core_small_stdp_src_1(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_1


module flux_core_small_stdp_src_10(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_10


module flux_core_small_stdp_src_11(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_11


module flux_core_small_stdp_src_12(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_12


module flux_core_small_stdp_src_13(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_13


module flux_core_small_stdp_src_14(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_14


module flux_core_small_stdp_src_15(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_15


module flux_core_small_stdp_src_2(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_2


module flux_core_small_stdp_src_3(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_3


module flux_core_small_stdp_src_4(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_4


module flux_core_small_stdp_src_5(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_5


module flux_core_small_stdp_src_6(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_6


module flux_core_small_stdp_src_7(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_7


module flux_core_small_stdp_src_8(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_8


module flux_core_small_stdp_src_9(d,q,clock);
    
    // Module arguments
    input wire  [8:0] d;
    output reg  [8:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 9'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_src_9


module flux_core_small_stdp_sweeps_left(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_sweeps_left


module flux_core_small_stdp_syn_r(d,q,clock);
    
    // Module arguments
    input wire  [30:0] d;
    output reg  [30:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 31'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_syn_r


module flux_core_small_stdp_syn_r2(d,q,clock);
    
    // Module arguments
    input wire  [30:0] d;
    output reg  [30:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 31'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_syn_r2


module flux_core_small_stdp_syn_r3(d,q,clock);
    
    // Module arguments
    input wire  [30:0] d;
    output reg  [30:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 31'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_syn_r3


module flux_core_small_stdp_valid_0(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_0


module flux_core_small_stdp_valid_1(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_1


module flux_core_small_stdp_valid_10(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_10


module flux_core_small_stdp_valid_11(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_11


module flux_core_small_stdp_valid_12(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_12


module flux_core_small_stdp_valid_13(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_13


module flux_core_small_stdp_valid_14(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_14


module flux_core_small_stdp_valid_15(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_15


module flux_core_small_stdp_valid_2(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_2


module flux_core_small_stdp_valid_3(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_3


module flux_core_small_stdp_valid_4(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_4


module flux_core_small_stdp_valid_5(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_5


module flux_core_small_stdp_valid_6(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_6


module flux_core_small_stdp_valid_7(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_7


module flux_core_small_stdp_valid_8(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_8


module flux_core_small_stdp_valid_9(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_valid_9


module flux_core_small_stdp_w_max_r(d,q,clock);
    
    // Module arguments
    input wire  [19:0] d;
    output reg  [19:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 20'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_w_max_r


module flux_core_small_stdp_w_max_r2(d,q,clock);
    
    // Module arguments
    input wire  [19:0] d;
    output reg  [19:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 20'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_w_max_r2


module flux_core_small_stdp_w_min_r(d,q,clock);
    
    // Module arguments
    input wire  [19:0] d;
    output reg  [19:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 20'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_w_min_r


module flux_core_small_stdp_w_min_r2(d,q,clock);
    
    // Module arguments
    input wire  [19:0] d;
    output reg  [19:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 20'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_w_min_r2


module flux_core_small_stdp_we_r(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_we_r


module flux_core_small_stdp_word_r(d,q,clock);
    
    // Module arguments
    input wire  [30:0] d;
    output reg  [30:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 31'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_stdp_word_r


module flux_core_small_sweep_len(d,q,clock);
    
    // Module arguments
    input wire  [12:0] d;
    output reg  [12:0] q;
    input wire  clock;
    
    // Constant declarations
    localparam  init = 13'b0;
    
    // Stub signals
    reg  [12:0] dff$d;
    wire  [12:0] dff$q;
    reg  dff$clock;
    
    // Sub module instances
    flux_core_small_sweep_len_dff dff(
        .d(dff$d),
        .q(dff$q),
        .clock(dff$clock)
    );
    
    // Update code
    always @(*) begin
        dff$clock = clock;
        q = dff$q ^ init;
        dff$d = d ^ init;
    end
    
endmodule // flux_core_small_sweep_len


module flux_core_small_sweep_len_dff(d,q,clock);
    
    // Module arguments
    input wire  [12:0] d;
    output reg  [12:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 13'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_sweep_len_dff


module flux_core_small_sweep_step(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Constant declarations
    localparam  init = 8'h0;
    
    // Stub signals
    reg  [7:0] dff$d;
    wire  [7:0] dff$q;
    reg  dff$clock;
    
    // Sub module instances
    flux_core_small_sweep_step_dff dff(
        .d(dff$d),
        .q(dff$q),
        .clock(dff$clock)
    );
    
    // Update code
    always @(*) begin
        dff$clock = clock;
        q = dff$q ^ init;
        dff$d = d ^ init;
    end
    
endmodule // flux_core_small_sweep_step


module flux_core_small_sweep_step_dff(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // flux_core_small_sweep_step_dff


module flux_core_small_synapse_ram(clock,read_address,read_data,write_address,write_data,write_enable);
    
    // Module arguments
    input wire  clock;
    input wire  [11:0] read_address;
    output reg  [30:0] read_data;
    input wire  [11:0] write_address;
    input wire  [30:0] write_data;
    input wire  write_enable;
    
    // Update code (custom)
    reg [30:0] mem [0:4095];
    
    always @(posedge clock) begin
       read_data <= mem[read_address];
    end
    
    always @(posedge clock) begin
       if (write_enable) begin
          mem[write_address] <= write_data;
       end
    end
endmodule // flux_core_small_synapse_ram
