//! One module per subcommand: its clap `Args` and its `run`.

pub mod bench;
pub mod cosim;
pub mod diff;
pub mod emit;
pub mod fpga;
pub mod plot;
pub mod run;
pub mod sim;
