//! `FluxChipBoard`: a chip (`chip_top.rs`) behind the UART host link, the board top of a chip
//! (`flux fpga build --chip`). Its pins are a board top's: `clock`, `reset`, `rx`, `tx`. The link
//! reaches the chip through the host interface of one core, with the chip's addresses
//! (`docs/model.md` §15.4); it has no input generators and no `BURST`.

use crate::board_top::board_header;
use crate::chip_top::FluxChip;
use crate::emit::{EmitError, range_signed_localparams, rename_modules, write_atomic};
use crate::host_link::HostLink;
use crate::uart::UartConfig;
use flux_sim::chip::ChipPreset;
use rust_hdl::prelude::*;
use std::path::{Path, PathBuf};

/// The board top of a chip: the chip's const parameters ([`FluxChip`]), then `GB1 = GB + 1`
/// (the link's spike stream carries chip neuron ids).
#[derive(LogicBlock)]
pub struct FluxChipBoard<
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
    const C: usize,
    const CB: usize,
    const GB: usize,
    const GB1: usize,
> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, bool>,
    pub rx: Signal<In, bool>,
    pub tx: Signal<Out, bool>,
    link: HostLink<GB, GB1>,
    chip: FluxChip<NB, NB1, SB, SB1, DB, RB, PB, W, W1, SYNW, FANW, FB, FB1, K, TB, AB, C, CB, GB>,
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
    const C: usize,
    const CB: usize,
    const GB: usize,
    const GB1: usize,
>
    FluxChipBoard<
        NB,
        NB1,
        SB,
        SB1,
        DB,
        RB,
        PB,
        W,
        W1,
        SYNW,
        FANW,
        FB,
        FB1,
        K,
        TB,
        AB,
        C,
        CB,
        GB,
        GB1,
    >
{
    /// The board top of `chip`, its UART at `uart`'s bit time.
    pub fn new(chip: &ChipPreset, uart: UartConfig) -> Result<Self, crate::core_top::CoreError> {
        Ok(Self {
            clock: Default::default(),
            reset: Default::default(),
            rx: Default::default(),
            tx: Default::default(),
            link: HostLink::new(uart).with_generators(false, false),
            chip: FluxChip::new(chip)?,
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
    const C: usize,
    const CB: usize,
    const GB: usize,
    const GB1: usize,
> Logic
    for FluxChipBoard<
        NB,
        NB1,
        SB,
        SB1,
        DB,
        RB,
        PB,
        W,
        W1,
        SYNW,
        FANW,
        FB,
        FB1,
        K,
        TB,
        AB,
        C,
        CB,
        GB,
        GB1,
    >
{
    #[hdl_gen]
    fn update(&mut self) {
        self.link.clock.next = self.clock.val();
        self.chip.clock.next = self.clock.val();
        self.link.reset.next = self.reset.val();
        self.chip.reset.next = self.reset.val();
        self.link.rx.next = self.rx.val();
        self.tx.next = self.link.tx.val();
        self.chip.cfg_we.next = self.link.cfg_we.val();
        self.chip.cfg_mem.next = self.link.cfg_mem.val();
        self.chip.cfg_addr.next = self.link.cfg_addr.val();
        self.chip.cfg_data.next = self.link.cfg_data.val();
        self.chip.aer_in_valid.next = self.link.aer_in_valid.val();
        self.link.aer_in_ready.next = self.chip.aer_in_ready.val();
        self.chip.aer_in_inj.next = self.link.aer_in_inj.val();
        self.chip.aer_in_addr.next = self.link.aer_in_addr.val();
        self.chip.aer_in_value.next = self.link.aer_in_value.val();
        self.chip.tick.next = self.link.tick.val();
        self.link.busy.next = self.chip.busy.val();
        self.link.aer_out_valid.next = self.chip.aer_out_valid.val();
        self.link.aer_out_addr.next = self.chip.aer_out_addr.val();
        self.link.t.next = self.chip.t.val();
        self.chip.dbg_mem.next = self.link.dbg_mem.val();
        self.chip.dbg_addr.next = self.link.dbg_addr.val();
        self.link.dbg_data.next = self.chip.dbg_data.val();
    }
}

/// Declares the board top type of a chip (a `const` [`ChipPreset`]): the chip's widths, then
/// `GB1`.
macro_rules! chip_board_type {
    ($(#[$doc:meta])* $alias:ident, $chip:path) => {
        $(#[$doc])*
        pub type $alias = $crate::preset_widths!(
            $chip.core,
            [
                { $chip.cores as usize },
                { $chip.core_bits() as usize },
                { ($chip.core_bits() + $chip.core.neuron_bits()) as usize },
                { ($chip.core_bits() + $chip.core.neuron_bits()) as usize + 1 },
            ],
            FluxChipBoard
        );
    };
}

chip_board_type!(
    /// The board top of chip `duo`.
    FluxChipBoardDuo,
    flux_sim::chip::DUO
);
chip_board_type!(
    /// The board top of chip `ulx3s-quad`.
    FluxChipBoardUlx3sQuad,
    flux_sim::chip::ULX3S_QUAD
);

/// The Verilog module name of a chip's board top.
pub fn chip_board_module_name(chip: &ChipPreset) -> String {
    format!("flux_chip_board_{}", chip.name.replace('-', "_"))
}

/// Writes the Verilog of `chip`'s board top (its UART at `uart`'s bit time) into `dir`; returns
/// the file.
pub fn emit_chip_board_to_dir(
    chip: &ChipPreset,
    uart: UartConfig,
    dir: &Path,
) -> Result<PathBuf, EmitError> {
    let c = *chip;
    let raw = crate::emit::generate_deep(move || match c.name {
        "duo" if c == flux_sim::chip::DUO => {
            Ok(Box::new(FluxChipBoardDuo::new(&c, uart)?) as Box<dyn crate::emit::Generate>)
        }
        "ulx3s-quad" if c == flux_sim::chip::ULX3S_QUAD => {
            Ok(Box::new(FluxChipBoardUlx3sQuad::new(&c, uart)?) as Box<dyn crate::emit::Generate>)
        }
        other => Err(EmitError::UnknownPreset(other.to_string())),
    })?;
    let module = chip_board_module_name(chip);
    let header = board_header(
        uart,
        &module,
        &format!("chip `{}`, {} cores `{}`", c.name, c.cores, c.core.name),
    );
    let text = header + &range_signed_localparams(&rename_modules(&raw, &module));
    let path = dir.join(format!("{module}.v"));
    write_atomic(&path, text.as_bytes())?;
    Ok(path)
}
