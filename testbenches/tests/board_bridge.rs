//! The board bridge (`board_rtl.rs`, `shim/board_shim.cpp`) on a trivial fixture board
//! (`fixtures/loopback_board.v`: `tx` is `rx` one register later).

use std::path::PathBuf;

use flux_testbenches::board_rtl::{BoardDesign, BoardRtl, BoardRtlError, clocks_per_bit_of};

fn fixture() -> BoardDesign {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/loopback_board.v");
    BoardDesign::from_file(path, "loopback_board").expect("the fixture has a CLOCKS_PER_BIT header")
}

#[test]
fn run_bits_returns_rx_one_clock_later() {
    let mut board = BoardRtl::build(&fixture(), None).expect("fixture builds and loads");
    assert_eq!(board.clocks_per_bit(), 8);
    assert!(board.tx(), "tx idles high after power-up");
    // A pattern with runs of every length 1..=4: the register delays it by exactly one clock, so
    // tx[i] is rx[i] (rx is set before clock i, tx sampled after it).
    let rx: Vec<u8> = [0u8, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 1].into_iter().collect();
    let mut tx = vec![7u8]; // appended to, not overwritten
    board.run_bits(&rx, &mut tx);
    assert_eq!(tx[0], 7);
    assert_eq!(&tx[1..], &rx[..]);
    // rx keeps its last level (1) during run_idle... and idle is high anyway.
    board.run_idle(3, &mut tx);
    assert_eq!(&tx[1 + rx.len()..], &[1, 1, 1]);
    assert_eq!(board.edges(), rx.len() as u64 + 3);
}

/// The `reset` pin (`BoardRtl::set_reset`): the fixture's `tx` is low after a clock with it high.
#[test]
fn the_reset_pin_reaches_the_board() {
    let mut board = BoardRtl::build(&fixture(), None).expect("fixture builds and loads");
    let mut tx = Vec::new();
    board.set_reset(true);
    board.run_idle(2, &mut tx);
    board.set_reset(false);
    board.run_idle(2, &mut tx);
    assert_eq!(tx, [0, 0, 1, 1]);
}

#[test]
fn a_file_without_the_header_is_refused() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/echo_core.v");
    let err = BoardDesign::from_file(&path, "echo_core").unwrap_err();
    assert!(matches!(err, BoardRtlError::NoClocksPerBit { .. }), "{err}");
    assert!(err.to_string().contains("CLOCKS_PER_BIT"), "{err}");
}

#[test]
fn header_parsing_takes_only_the_leading_comment_block() {
    assert_eq!(
        clocks_per_bit_of("// x\n// CLOCKS_PER_BIT = 104\nmodule m;"),
        Some(104)
    );
    // Zero is no bit time; a header line after the first code line is not a header.
    assert_eq!(clocks_per_bit_of("// CLOCKS_PER_BIT = 0\n"), None);
    assert_eq!(
        clocks_per_bit_of("module m;\n// CLOCKS_PER_BIT = 8\n"),
        None
    );
}
