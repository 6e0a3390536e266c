//! Cosimulation of the Flux Verilog under Verilator, compared with the model every timestep.
