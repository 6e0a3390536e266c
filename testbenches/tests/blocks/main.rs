//! Every hardware block alone under Verilator against its twin in the model (issue 11), one module
//! per block file of `hdl/src/` (`docs/twins.md` pairs them). Each block's own Verilog
//! (`generate_verilog`, top module `top`) is driven port by port through
//! `flux_testbenches::block`; each module also lints the block with Verilator and synthesizes it
//! with yosys. Every random test starts from `flux_sim::testing::seed` (printed; replay with
//! `FLUX_SEED`) and draws from `SplitMix64`. A missing Verilator or yosys fails the tests unless
//! `FLUX_ALLOW_MISSING_TOOLS=1`.

mod controller;
mod host_link;
mod input_gen;
mod memory;
mod noise_gen;
mod stdp_tail;
mod synapse_router;
mod uart;
mod xylo_datapath;

use flux_sim::testing::SplitMix64;
use flux_testbenches::block::BlockDesign;
use rust_hdl::prelude::{Block as HdlBlock, generate_verilog};

/// The Verilog of `uut` alone (inputs at the top), under the name `name`.
pub fn design<B: HdlBlock>(name: &str, mut uut: B) -> BlockDesign {
    uut.connect_all();
    BlockDesign::from_verilog(name, &generate_verilog(&uut)).unwrap_or_else(|e| panic!("{e}"))
}

/// A random value of `width` bits (at most 128).
pub fn bits(rng: &mut SplitMix64, width: u32) -> u128 {
    let v = u128::from(rng.next()) | u128::from(rng.next()) << 64;
    if width >= 128 {
        v
    } else {
        v & ((1u128 << width) - 1)
    }
}
