//! The Flux core hardware in rust-hdl.
