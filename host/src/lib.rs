//! The host side of the Flux UART host link (`docs/host_link.md`): runs a compiled network on a
//! board and records the same trace as `flux sim`.
//!
//! - [`frame`]: command and reply frames, CRC-16/CCITT-FALSE.
//! - [`link`]: the serial line as the session sees it ([`link::Link`]), timed in byte times.
//! - [`session`]: connect, load an image, run timesteps; retries and resynchronisation.
//! - [`serial`]: a real serial port ([`serial::SerialLink`]).
//! - [`emulated`]: the board in software on the model ([`emulated::EmulatedBoard`]), for tests.
//! - [`fault`]: seeded damage on the line (flipped bits, dropped or duplicated bytes, cut frames).
//! - [`estimate`]: the bytes and cycles of a run, predicted (`flux estimate`).

pub mod emulated;
pub mod estimate;
pub mod fault;
pub mod frame;
pub mod link;
pub mod serial;
pub mod session;

pub use link::{Link, LinkError};
pub use session::{BoardRecorder, Session, SessionConfig, SessionError};
