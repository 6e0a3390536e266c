//! `FluxBoard`: the board top, one Flux core behind the UART host link (`docs/host_link.md`). Its
//! only pins are `clock`, `reset`, `rx` and `tx`; `CLOCKS_PER_BIT` is a generator parameter
//! ([`UartConfig`]). Emitted as `flux_board_<preset>` ([`emit_board`]), with the same
//! post-processing as the core (`emit.rs`: module names, ranged signed localparams).
//!
//! The emitted file starts with a `// CLOCKS_PER_BIT = <n>` line, so a simulation
//! (`testbenches/src/board_rtl.rs`) knows the bit time of the Verilog it runs.

use crate::core_top::{CoreError, FluxCore};
use crate::emit::{EmitError, range_signed_localparams, rename_modules, write_atomic};
use crate::host_link::HostLink;
use crate::uart::UartConfig;
use flux_sim::image::CoreImage;
use flux_sim::spec::{self, Preset};
use rust_hdl::prelude::*;
use std::path::{Path, PathBuf};

/// The board top. The const parameters are the core's ([`FluxCore`]); use the per-preset aliases
/// ([`FluxBoardSmall`], [`FluxBoardUp5k`], [`FluxBoardLarge`]).
#[derive(LogicBlock)]
pub struct FluxBoard<
    const NB: usize,
    const NB1: usize,
    const SB: usize,
    const SB1: usize,
    const DB: usize,
    const RB: usize,
    const PB: usize,
    const W: usize,
    const W1: usize,
    const SYNW: usize,
    const FANW: usize,
    const FB: usize,
    const FB1: usize,
    const K: usize,
    const TB: usize,
    const AB: usize,
> {
    /// The board clock.
    pub clock: Signal<In, Clock>,
    /// Synchronous reset, active high, of the core and the host link together (`docs/model.md`
    /// §7.1, `docs/host_link.md` §5); the board's pin wrapper synchronises a button to it.
    pub reset: Signal<In, bool>,
    /// UART from the host (asynchronous; idle high).
    pub rx: Signal<In, bool>,
    /// UART to the host (registered; idle high).
    pub tx: Signal<Out, bool>,

    link: HostLink<NB, NB1>,
    core: FluxCore<NB, NB1, SB, SB1, DB, RB, PB, W, W1, SYNW, FANW, FB, FB1, K, TB, AB>,
}

impl<
    const NB: usize,
    const NB1: usize,
    const SB: usize,
    const SB1: usize,
    const DB: usize,
    const RB: usize,
    const PB: usize,
    const W: usize,
    const W1: usize,
    const SYNW: usize,
    const FANW: usize,
    const FB: usize,
    const FB1: usize,
    const K: usize,
    const TB: usize,
    const AB: usize,
> FluxBoard<NB, NB1, SB, SB1, DB, RB, PB, W, W1, SYNW, FANW, FB, FB1, K, TB, AB>
{
    /// A board whose core holds `image` (loaded by `$readmemh` of the files
    /// `init_file_name(module, ..)` when `module` is given) and whose UART runs at `uart`'s bit time.
    pub fn build(
        preset: &Preset,
        image: &CoreImage,
        module: Option<&str>,
        uart: UartConfig,
    ) -> Result<Self, CoreError> {
        Ok(Self {
            clock: Default::default(),
            reset: Default::default(),
            rx: Default::default(),
            tx: Default::default(),
            // The memories power up holding `image` unless it is the empty one (all zero).
            link: HostLink::new(uart)
                .with_boot_image(*image != CoreImage::empty(*preset))
                .with_generators(preset.generators, preset.spike_lists)
                .with_burst(preset.burst.then_some(preset)),
            core: FluxCore::build(preset, image, module)?,
        })
    }
}

impl<
    const NB: usize,
    const NB1: usize,
    const SB: usize,
    const SB1: usize,
    const DB: usize,
    const RB: usize,
    const PB: usize,
    const W: usize,
    const W1: usize,
    const SYNW: usize,
    const FANW: usize,
    const FB: usize,
    const FB1: usize,
    const K: usize,
    const TB: usize,
    const AB: usize,
> Logic for FluxBoard<NB, NB1, SB, SB1, DB, RB, PB, W, W1, SYNW, FANW, FB, FB1, K, TB, AB>
{
    #[hdl_gen]
    fn update(&mut self) {
        self.link.clock.next = self.clock.val();
        self.core.clock.next = self.clock.val();
        self.link.reset.next = self.reset.val();
        self.core.reset.next = self.reset.val();
        self.link.rx.next = self.rx.val();
        self.tx.next = self.link.tx.val();
        self.core.cfg_we.next = self.link.cfg_we.val();
        self.core.cfg_mem.next = self.link.cfg_mem.val();
        self.core.cfg_addr.next = self.link.cfg_addr.val();
        self.core.cfg_data.next = self.link.cfg_data.val();
        self.core.aer_in_valid.next = self.link.aer_in_valid.val();
        self.link.aer_in_ready.next = self.core.aer_in_ready.val();
        self.core.aer_in_inj.next = self.link.aer_in_inj.val();
        self.core.aer_in_addr.next = self.link.aer_in_addr.val();
        self.core.aer_in_value.next = self.link.aer_in_value.val();
        self.core.tick.next = self.link.tick.val();
        self.link.busy.next = self.core.busy.val();
        self.link.aer_out_valid.next = self.core.aer_out_valid.val();
        self.link.aer_out_addr.next = self.core.aer_out_addr.val();
        self.link.t.next = self.core.t.val();
        self.core.dbg_mem.next = self.link.dbg_mem.val();
        self.core.dbg_addr.next = self.link.dbg_addr.val();
        self.link.dbg_data.next = self.core.dbg_data.val();
    }
}

/// Declares the board type of a preset (a `const` [`Preset`]), every width derived from
/// `flux_sim::spec` by the same list as the core's ([`crate::preset_widths`]).
#[macro_export]
macro_rules! preset_board {
    ($(#[$doc:meta])* $alias:ident, $p:path) => {
        $(#[$doc])*
        pub type $alias = $crate::preset_widths!($p, $crate::board_top::FluxBoard);
    };
}

preset_board!(
    /// The board top of preset `small`.
    FluxBoardSmall,
    spec::SMALL
);
preset_board!(
    /// The board top of preset `up5k`.
    FluxBoardUp5k,
    spec::UP5K
);
preset_board!(
    /// The board top of preset `ulx3s`.
    FluxBoardUlx3s,
    spec::ULX3S
);
preset_board!(
    /// The board top of preset `large`.
    FluxBoardLarge,
    spec::LARGE
);

/// The bit time of the board tops committed in `rtl-out/`: the iCEBreaker's (12 MHz, 115,200 baud)
/// for `up5k`, which has a board; a fast simulation value for the others.
pub fn rtl_out_clocks_per_bit(preset: &Preset) -> u32 {
    if *preset == spec::UP5K {
        ICEBREAKER_CLOCKS_PER_BIT
    } else {
        SIM_CLOCKS_PER_BIT
    }
}

/// 12 MHz / 115,200 baud (`docs/host_link.md` §1).
pub const ICEBREAKER_CLOCKS_PER_BIT: u32 = 104;
/// A short bit time for simulation.
pub const SIM_CLOCKS_PER_BIT: u32 = 8;
/// The host link's baud rate on a real board (`docs/host_link.md` §1).
pub const HOST_BAUD: u32 = 115_200;

/// The Verilog module name of a preset's board top.
pub fn board_module_name(preset: &Preset) -> String {
    format!("flux_board_{}", preset.name)
}

/// The Verilog file name of a preset's board top.
pub fn board_file_name(preset: &Preset) -> String {
    format!("{}.v", board_module_name(preset))
}

fn generate<U: Block>(mut uut: U) -> Result<String, EmitError> {
    uut.connect_all();
    check_all(&uut).map_err(|e| EmitError::Check(format!("{e:?}")))?;
    Ok(generate_verilog_unchecked(&uut))
}

fn board_verilog(
    preset: &Preset,
    image: &CoreImage,
    init_files: bool,
    uart: UartConfig,
) -> Result<String, EmitError> {
    let module = board_module_name(preset);
    let files = init_files.then_some(module.as_str());
    let raw = match preset.name {
        "small" if *preset == spec::SMALL => {
            generate(FluxBoardSmall::build(preset, image, files, uart)?)?
        }
        "up5k" if *preset == spec::UP5K => {
            generate(FluxBoardUp5k::build(preset, image, files, uart)?)?
        }
        "ulx3s" if *preset == spec::ULX3S => {
            generate(FluxBoardUlx3s::build(preset, image, files, uart)?)?
        }
        "large" if *preset == spec::LARGE => {
            generate(FluxBoardLarge::build(preset, image, files, uart)?)?
        }
        other => return Err(EmitError::UnknownPreset(other.to_string())),
    };
    let header = board_header(uart, &module, &format!("core `{}`", preset.name));
    Ok(header + &range_signed_localparams(&rename_modules(&raw, &module)))
}

/// The first lines of a board top's Verilog: its bit time (read back by simulations), what it holds
/// (`what`, e.g. "core `small`") and its pins.
pub fn board_header(uart: UartConfig, module: &str, what: &str) -> String {
    format!(
        "// CLOCKS_PER_BIT = {}\n\
         // {module}: the Flux board top ({what} behind the UART host link), emitted by `flux emit --board`\n\
         // (flux-hdl). Do not edit. Pins: clock, reset, rx, tx. Protocol: docs/host_link.md.\n",
        uart.clocks_per_bit()
    )
}

/// The plain Verilog of `preset`'s board top (all memories zero) at `uart`'s bit time.
pub fn emit_board(preset: &Preset, uart: UartConfig) -> Result<String, EmitError> {
    board_verilog(preset, &CoreImage::empty(*preset), false, uart)
}

/// Writes the plain Verilog of `preset`'s board top into `dir`; returns the file.
pub fn emit_board_to_dir(
    preset: &Preset,
    uart: UartConfig,
    dir: &Path,
) -> Result<PathBuf, EmitError> {
    let text = emit_board(preset, uart)?;
    let path = dir.join(board_file_name(preset));
    write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

/// Writes the Verilog of a board top whose core boots holding `image` into `dir`, with one
/// `$readmemh` file per initialised memory (as [`crate::emit::emit_with_image`]). Returns every file
/// written.
pub fn emit_board_with_image(
    preset: &Preset,
    image: &CoreImage,
    uart: UartConfig,
    dir: &Path,
) -> Result<Vec<PathBuf>, EmitError> {
    let text = board_verilog(preset, image, true, uart)?;
    let mut written =
        crate::emit::write_init_files(&board_module_name(preset), preset, image, dir)?;
    let path = dir.join(board_file_name(preset));
    write_atomic(&path, text.as_bytes())?;
    written.push(path);
    Ok(written)
}
