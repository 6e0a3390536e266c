//! A real serial port ([`serialport`]) as a [`Link`]: 8 data bits, no parity, 1 stop bit, no flow
//! control (`docs/host_link.md` §1).
//!
//! Byte times become wall time at the baud rate, plus [`LATENCY_MARGIN`]: a USB serial adapter
//! delivers received bytes in batches (the FTDI chip of the iCEBreaker every few milliseconds), so a
//! reply can reach the host well after it was on the line.

use std::collections::VecDeque;
use std::io::{ErrorKind, Read, Write};
use std::time::Duration;

use serialport::{DataBits, FlowControl, Parity, SerialPort, StopBits};

use crate::frame::BITS_PER_BYTE;
use crate::link::{Link, LinkError};

/// Added to every wait: USB adapters' receive latency (FTDI's latency timer is 1-16 ms) and the
/// operating system's scheduling.
pub const LATENCY_MARGIN: Duration = Duration::from_millis(50);

/// A board on a serial port.
pub struct SerialLink {
    port: Box<dyn SerialPort>,
    path: String,
    /// Wall time of one byte on the line.
    byte_time: Duration,
    /// Bytes read from the port and not yet handed out.
    received: VecDeque<u8>,
}

impl SerialLink {
    /// Opens `path` at `baud` baud.
    pub fn open(path: &str, baud: u32) -> Result<Self, LinkError> {
        let port = serialport::new(path, baud)
            .data_bits(DataBits::Eight)
            .parity(Parity::None)
            .stop_bits(StopBits::One)
            .flow_control(FlowControl::None)
            .timeout(LATENCY_MARGIN)
            .open()
            .map_err(|source| LinkError::Open {
                path: path.to_string(),
                source,
            })?;
        let byte_time = Duration::from_secs(u64::from(BITS_PER_BYTE)) / baud.max(1);
        let link = Self {
            port,
            path: path.to_string(),
            byte_time,
            received: VecDeque::new(),
        };
        // Whatever an earlier session left in the buffers is not a reply to this one.
        link.port
            .clear(serialport::ClearBuffer::All)
            .map_err(|source| link.port_error(source))?;
        Ok(link)
    }

    fn io_error(&self, source: std::io::Error) -> LinkError {
        LinkError::Io {
            path: self.path.clone(),
            source,
        }
    }

    fn port_error(&self, source: serialport::Error) -> LinkError {
        LinkError::Port {
            path: self.path.clone(),
            source,
        }
    }
}

impl Link for SerialLink {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        self.port.write_all(bytes).map_err(|e| self.io_error(e))?;
        // Waits until the bytes have left (tcdrain), so reply timeouts start at the frame's end.
        self.port.flush().map_err(|e| self.io_error(e))
    }

    fn recv_byte(&mut self, timeout: u32) -> Result<Option<u8>, LinkError> {
        if let Some(b) = self.received.pop_front() {
            return Ok(Some(b));
        }
        let wait = self.byte_time * timeout + LATENCY_MARGIN;
        self.port
            .set_timeout(wait)
            .map_err(|e| self.port_error(e))?;
        let mut buf = [0u8; 256];
        match self.port.read(&mut buf) {
            Ok(0) => Ok(None),
            Ok(n) => {
                self.received.extend(&buf[..n]);
                Ok(self.received.pop_front())
            }
            Err(e) if e.kind() == ErrorKind::TimedOut => Ok(None),
            Err(e) => Err(self.io_error(e)),
        }
    }
}
