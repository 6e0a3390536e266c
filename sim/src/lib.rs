//! The bit-exact reference model of the Flux core: the executable specification of `docs/model.md`.
//!
//! It does not depend on rust-hdl: the hardware crate (`flux-hdl`) sizes itself from [`spec`] instead.

pub mod chip;
pub mod compile;
pub mod core;
pub mod error;
pub mod eval;
mod gang;
pub mod image;
pub mod input_gen;
pub mod inputs;
pub mod izh;
pub mod learn;
pub mod link;
pub mod network;
pub mod neuron;
pub mod noise;
pub mod probe;
pub mod router;
pub mod spec;
pub mod synapse;
pub mod testing;
pub mod timing;
pub mod trace;
pub mod validate;
pub mod xylo;
