//! The emitted Verilog: `rtl-out/` is fresh, Verilator lints it clean (with the waivers of
//! `hdl/lint.vlt`), and yosys maps the big memories of `up5k` to iCE40 block RAM and SPRAM within
//! the UP5K's resources.

use flux_hdl::board_top;
use flux_hdl::emit;
use flux_hdl::uart::UartConfig;
use flux_sim::spec::{self, Preset};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Presets committed in `rtl-out/` and linted (each emits and lints in about a second).
const SHIPPED: [Preset; 3] = [spec::SMALL, spec::UP5K, spec::LARGE];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("flux_hdl_emit_{}_{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn rtl_out_is_fresh() {
    for p in SHIPPED {
        let committed = repo().join("rtl-out").join(emit::file_name(&p));
        let want = emit::emit(&p).expect("emits");
        let got = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            got == want,
            "{} is stale or missing; refresh it with `cargo run -- emit --preset {} --out rtl-out/`",
            committed.display(),
            p.name
        );
    }
}

/// Presets whose board top (`flux_board_<preset>`) is committed in `rtl-out/`: `up5k` at the
/// iCEBreaker's bit time, `small` at the simulation bit time (`board_top::rtl_out_clocks_per_bit`).
const BOARDS: [Preset; 2] = [spec::SMALL, spec::UP5K];

fn rtl_out_uart(p: &Preset) -> UartConfig {
    UartConfig::new(board_top::rtl_out_clocks_per_bit(p)).unwrap()
}

#[test]
fn rtl_out_boards_are_fresh() {
    for p in BOARDS {
        let committed = repo().join("rtl-out").join(board_top::board_file_name(&p));
        let want = board_top::emit_board(&p, rtl_out_uart(&p)).expect("emits");
        let got = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            got == want,
            "{} is stale or missing; refresh it with `cargo run -- emit --board --preset {} --out rtl-out/`",
            committed.display(),
            p.name
        );
    }
}

#[test]
fn verilator_lints_the_board_tops_clean_with_the_documented_waivers() {
    let waivers = repo().join("hdl").join("lint.vlt");
    for p in BOARDS {
        let dir = scratch(&format!("board_{}", p.name));
        let file = board_top::emit_board_to_dir(&p, rtl_out_uart(&p), &dir).expect("emits");
        let text = std::fs::read_to_string(&file).unwrap();
        // The bit time is the header's first line (read by testbenches/src/board_rtl.rs).
        assert!(text.starts_with(&format!(
            "// CLOCKS_PER_BIT = {}\n",
            board_top::rtl_out_clocks_per_bit(&p)
        )));
        let out = Command::new("verilator")
            .arg("--lint-only")
            .arg("-Wall")
            .arg(&waivers)
            .arg(&file)
            .arg("--top-module")
            .arg(board_top::board_module_name(&p))
            .output()
            .expect("verilator is installed (apt-get install verilator)");
        assert!(
            out.status.success(),
            "verilator lint of board {} failed:\n{}",
            p.name,
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn verilator_lints_every_preset_clean_with_the_documented_waivers() {
    let waivers = repo().join("hdl").join("lint.vlt");
    for p in SHIPPED {
        let dir = scratch(p.name);
        let file = emit::emit_to_dir(&p, &dir).expect("emits");
        let out = Command::new("verilator")
            .arg("--lint-only")
            .arg("-Wall")
            .arg(&waivers)
            .arg(&file)
            .arg("--top-module")
            .arg(emit::module_name(&p))
            .output()
            .expect("verilator is installed (apt-get install verilator)");
        assert!(
            out.status.success(),
            "verilator lint of preset {} failed:\n{}",
            p.name,
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn emission_with_an_image_writes_readmemh_files() {
    let p = spec::SMALL;
    let mut image = flux_sim::image::CoreImage::empty(p);
    image.n_neurons = 3;
    image.synapses[1] = 0x1234;
    let dir = scratch("image");
    let files = emit::emit_with_image(&p, &image, &dir).expect("emits");
    let verilog = std::fs::read_to_string(dir.join("flux_core_small.v")).unwrap();
    for name in ["profiles", "state", "fanout", "synapses"] {
        let hex = format!("flux_core_small_{name}.hex");
        assert!(
            verilog.contains(&format!("$readmemh(\"{hex}\", mem);")),
            "{hex} not loaded"
        );
        assert!(files.contains(&dir.join(&hex)));
    }
    // Synapse words of small are 8 + 8 + 3 + 2 + 1 + 9 (`stw`) = 31 bits: 8 hex digits per line,
    // S = 4096 lines.
    assert_eq!(p.synapse_bits(), 31);
    let syn = std::fs::read_to_string(dir.join("flux_core_small_synapses.hex")).unwrap();
    assert_eq!(syn.lines().count(), 4096);
    assert_eq!(syn.lines().nth(1), Some("00001234"));
    std::fs::remove_dir_all(dir).unwrap();
}

/// Counts of each cell type in a yosys `stat` report.
fn cell_count(stat: &str, cell: &str) -> u64 {
    stat.lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            (it.next() == Some(cell)).then(|| it.next().and_then(|n| n.parse().ok()).unwrap_or(0))
        })
        .sum()
}

/// Slow (about a minute on a quiet machine): full `synth_ice40 -spram` of `up5k`, the options of
/// the board flow (`fpga/src/flow.rs`).
#[test]
fn yosys_maps_up5k_memories_to_block_ram_and_spram_within_the_chip() {
    let p = spec::UP5K;
    let dir = scratch("yosys");
    let file = emit::emit_to_dir(&p, &dir).expect("emits");
    let stat = dir.join("stat.txt");
    let script = format!(
        "read_verilog {}; synth_ice40 -dsp -spram -no-rw-check -top {}; tee -o {} stat",
        file.display(),
        emit::module_name(&p),
        stat.display()
    );
    let out = Command::new("yosys")
        .arg("-q")
        .arg("-p")
        .arg(&script)
        .output()
        .expect("yosys is installed");
    assert!(
        out.status.success(),
        "yosys failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stat = std::fs::read_to_string(stat).unwrap();
    println!("{stat}");
    // The synapse memory (single port, S words of `synapse_bits`) goes to SPRAMs of 16k x 16:
    // ceil(S / 16384) * ceil(bits / 16) of them (up5k: 16384 x 21 -> 1 * 2).
    let syn_bits = p.synapse_bits() as u64;
    let sprams = (p.synapses as u64).div_ceil(16_384) * syn_bits.div_ceil(16);
    assert_eq!(
        cell_count(&stat, "SB_SPRAM256KA"),
        sprams,
        "SB_SPRAM256KA count: the synapse memory is not in SPRAM\n{stat}"
    );
    // Expected block RAMs (SB_RAM40_4K is 4 kbit: 256x16, 512x8, 1024x4 or 2048x2), the widths
    // from `spec`: state 256 x STATE_W (100) -> 7 (256x16), ring 1024 x SLOT_W (41) -> 11 (1024x4),
    // fan-out 512 x fanout_bits (14 start + 15 count = 29) -> 4 (512x8), spike buffer 256x8 -> 1,
    // input FIFO 256x33 -> 3, learning `last[]` 256x32 -> 2 (256x16), learning table
    // P * L = 32 words x 16 -> 1.
    assert_eq!(p.fanout_bits(), 29);
    let brams = cell_count(&stat, "SB_RAM40_4K");
    assert_eq!(
        brams,
        7 + 11 + 4 + 1 + 3 + 2 + 1,
        "SB_RAM40_4K count: a memory became logic or changed shape\n{stat}"
    );
    // The UP5K has 30 SB_RAM40_4K, 4 SB_SPRAM256KA, 8 SB_MAC16 and 5280 logic cells.
    assert!(brams <= 30, "{brams} block RAMs; the UP5K has 30\n{stat}");
    assert!(
        cell_count(&stat, "SB_MAC16") <= 8,
        "more DSPs than the UP5K has\n{stat}"
    );
    let luts = cell_count(&stat, "SB_LUT4");
    assert!(luts <= 5280, "{luts} LUT4s; the UP5K has 5280\n{stat}");
    // The ring alone is 41,984 bits; in flip-flops the design would need far more than this.
    let ffs: u64 = [
        "SB_DFF",
        "SB_DFFE",
        "SB_DFFSR",
        "SB_DFFER",
        "SB_DFFESR",
        "SB_DFFR",
        "SB_DFFS",
        "SB_DFFSS",
        "SB_DFFES",
        "SB_DFFESS",
    ]
    .iter()
    .map(|c| cell_count(&stat, c))
    .sum();
    assert!(
        ffs < 8000,
        "{ffs} flip-flops: a big memory was built from logic\n{stat}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
