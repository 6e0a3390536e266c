//! The serial line as the session sees it: bytes out, bytes in with a timeout. Time is counted in
//! *byte times* (`BITS_PER_BYTE` bit times of the line), so the same session runs on a real port
//! (wall time at the baud rate) and on a simulated line (clock edges at `CLOCKS_PER_BIT`).

/// A failure of the line itself (as opposed to a frame that arrived damaged, which the session
/// retries).
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("cannot open serial port {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: serialport::Error,
    },
    #[error("serial port {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("serial port {path}: {source}")]
    Port {
        path: String,
        #[source]
        source: serialport::Error,
    },
    /// The emulated or simulated board cannot do what was asked.
    #[error("board: {0}")]
    Board(String),
}

/// One end of a serial line, seen from the host.
pub trait Link {
    /// Sends `bytes` back to back; returns once they are on the line.
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError>;

    /// The next byte received, if one begins within `timeout` byte times; `None` on a timeout.
    fn recv_byte(&mut self, timeout: u32) -> Result<Option<u8>, LinkError>;
}

impl<L: Link + ?Sized> Link for &mut L {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        (**self).send(bytes)
    }

    fn recv_byte(&mut self, timeout: u32) -> Result<Option<u8>, LinkError> {
        (**self).recv_byte(timeout)
    }
}

impl<L: Link + ?Sized> Link for Box<L> {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        (**self).send(bytes)
    }

    fn recv_byte(&mut self, timeout: u32) -> Result<Option<u8>, LinkError> {
        (**self).recv_byte(timeout)
    }
}
