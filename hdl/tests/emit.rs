//! The emitted Verilog: `rtl-out/` is fresh, Verilator lints it clean (with the waivers of
//! `hdl/lint.vlt`), and the `up5k` board top fits the iCE40 UP5K: its big memories in block RAM and
//! SPRAM, its logic in the chip's logic cells.

use flux_hdl::board_top;
use flux_hdl::emit;
use flux_hdl::uart::UartConfig;
use flux_sim::spec::{self, Preset};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Presets committed in `rtl-out/` and linted (each emits and lints in about a second).
const SHIPPED: [Preset; 4] = [spec::SMALL, spec::UP5K, spec::ULX3S, spec::LARGE];

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
    for name in [
        "profiles",
        "state",
        "fanout",
        "synapses",
        "learn_rules",
        "learn_table",
    ] {
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
    // Learning memories boot with the image too: rule words are 60 bits (15 hex digits), one per
    // profile; table words 16 bits, P * L = 8 * 16 = 128 of them.
    image.learn_rules[2] = 0xABC;
    image.learn_table[127] = 0x4321;
    emit::emit_with_image(&p, &image, &dir).expect("emits");
    let rules = std::fs::read_to_string(dir.join("flux_core_small_learn_rules.hex")).unwrap();
    assert_eq!(rules.lines().count(), 8);
    assert_eq!(rules.lines().nth(2), Some("000000000000abc"));
    let table = std::fs::read_to_string(dir.join("flux_core_small_learn_table.hex")).unwrap();
    assert_eq!(table.lines().count(), 128);
    assert_eq!(table.lines().nth(127), Some("4321"));
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

/// Slow (about a minute and a half on a quiet machine): full `synth_ice40 -spram` of the `up5k`
/// board top (core and host link) with the options of the board flow (`fpga/src/flow.rs`), then
/// nextpnr's packer, which counts the logic cells (a LUT4 and a flip-flop share one only when the
/// LUT drives nothing else: the LUT4 count alone hides a design that does not fit).
#[test]
fn up5k_board_top_fits_the_ice40_up5k() {
    let p = spec::UP5K;
    let dir = scratch("yosys");
    let file = board_top::emit_board_to_dir(&p, rtl_out_uart(&p), &dir).expect("emits");
    let stat = dir.join("stat.txt");
    let json = dir.join("synth.json");
    let script = format!(
        "read_verilog {}; synth_ice40 -dsp -spram -no-rw-check -top {} -json {}; tee -o {} stat",
        file.display(),
        board_top::board_module_name(&p),
        json.display(),
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
    // ceil(S / 16384) * ceil(bits / 16) of them (up5k: 32768 x 30 -> 2 * 2, all four).
    let syn_bits = p.synapse_bits() as u64;
    let sprams = (p.synapses as u64).div_ceil(16_384) * syn_bits.div_ceil(16);
    assert_eq!(
        cell_count(&stat, "SB_SPRAM256KA"),
        sprams,
        "SB_SPRAM256KA count: the synapse memory is not in SPRAM\n{stat}"
    );
    // Expected block RAMs (SB_RAM40_4K is 4 kbit: 256x16, 512x8, 1024x4 or 2048x2), the widths
    // from `spec`: state 256 x the stored bits (STATE_W 100 less `u`'s 25, which a core without
    // CUBA does not store, `docs/model.md` §1: 75) -> 5 (256x16), ring 1024 x SLOT_W (41) -> 11
    // (1024x4), fan-out 512 x fanout_bits (15 start + 16 count = 31) -> 4 (512x8), spike buffer
    // 256x8 -> 1, input FIFO 256x33 -> 3, the host link's stream buffer of 2N 16-bit tokens
    // (`flux_sim::link::stream`) 512x16 -> 2, and the input generators' table 64 x ENTRY_BITS (51)
    // -> 4 (256x16). up5k has no learning unit (`docs/model.md` §1), so `last[]` and the learning
    // table are gone with it.
    assert!(!p.learning && !p.cuba && p.generators);
    assert_eq!(p.fanout_bits(), 31);
    let stored = u64::from(spec::STATE_BITS - spec::state::U.width);
    let gen_table = u64::from(flux_sim::input_gen::ENTRY_BITS).div_ceil(16);
    assert_eq!((stored.div_ceil(16), gen_table), (5, 4));
    let stream_brams = (flux_sim::link::stream::buffer_tokens(p.neurons) * 16 / 4096) as u64;
    assert_eq!(stream_brams, 2);
    let brams = cell_count(&stat, "SB_RAM40_4K");
    assert_eq!(
        brams,
        stored.div_ceil(16) + 11 + 4 + 1 + 3 + stream_brams + gen_table,
        "SB_RAM40_4K count: a memory became logic or changed shape\n{stat}"
    );
    // The UP5K has 30 SB_RAM40_4K, 4 SB_SPRAM256KA, 8 SB_MAC16 and 5280 logic cells.
    assert!(
        cell_count(&stat, "SB_MAC16") <= 8,
        "more DSPs than the UP5K has\n{stat}"
    );
    let out = Command::new("nextpnr-ice40")
        .args(["--up5k", "--package", "sg48", "--pack-only", "--json"])
        .arg(&json)
        .output()
        .expect("nextpnr-ice40 is installed");
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "nextpnr's packer failed:\n{log}");
    // "Info:          ICESTORM_LC:  4869/ 5280    92%"
    let (used, available) = log
        .lines()
        .find_map(|l| {
            let rest = l.split("ICESTORM_LC:").nth(1)?;
            let (used, rest) = rest.split_once('/')?;
            let available = rest.split_whitespace().next()?;
            Some((
                used.trim().parse::<u32>().ok()?,
                available.parse::<u32>().ok()?,
            ))
        })
        .unwrap_or_else(|| panic!("no ICESTORM_LC line in nextpnr's log:\n{log}"));
    println!("logic cells: {used} of {available}");
    assert_eq!(available, 5280);
    // The packer's count is about what placement ends with (5,059 placed and routed at 19.76 MHz
    // with two profiles and the input generators, 2026-12-04; with four profiles 5,418 before the
    // latency countdowns, which did not fit). Here it must pack into the chip; that it also places, routes and meets 12 MHz is the
    // slow tier's real build (`fpga/tests`, `flux fpga build --board icebreaker`).
    assert!(
        used <= available,
        "{used} of {available} logic cells: the up5k board top does not fit the UP5K"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
