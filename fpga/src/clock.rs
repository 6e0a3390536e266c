//! The board top's clock: the board oscillator, or a PLL from it. A PLL is used where the oscillator
//! cannot make the UART's line rate within 2 % (issue 12: the ULX3S's 25 MHz gives 8 clocks per bit
//! at 3,000,000 baud, 4.1 % off), or where the user asks for a clock above the oscillator
//! (`flux fpga build --clock-mhz`, issue 14: the iCEBreaker's `up5k` core closes timing well above
//! its 12 MHz oscillator). The clock is the fastest at or below a ceiling, by default the
//! oscillator, whose frequency every shipped preset's timing is met at; the UART rule itself
//! (`clocks per bit`, the 2 % limit) stays with the caller's `fits`
//! (`flux_hdl::uart::UartConfig::for_clock`).

use crate::board::{Board, Family};

/// ECP5 `EHXPLLL` settings with feedback from `CLKOP`: `f_out = f_in * clkfb_div / clki_div`,
/// `f_vco = f_out * clkop_div`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EcpPll {
    pub clki_div: u32,
    pub clkfb_div: u32,
    pub clkop_div: u32,
}

/// iCE40 `SB_PLL40_PAD` settings, feedback `SIMPLE`: `f_out = f_in * (divf + 1) / ((divr + 1) *
/// 2^divq)`, `filter_range` from the phase detector's input (as Project IceStorm's `icepll`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ice40Pll {
    pub divr: u32,
    pub divf: u32,
    pub divq: u32,
    pub filter_range: u32,
}

/// A PLL of either family. In a build report it is the object of its own fields (untagged), so a
/// report written before the iCE40 PLL existed still reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Pll {
    Ecp5(EcpPll),
    Ice40(Ice40Pll),
}

/// The iCE40 PLL's limits (iCE40 sysCLOCK PLL design guide, TN1251, as `icepll` checks them): phase
/// detector input, VCO and output, in Hz, and the dividers' range.
const ICE_PFD_MIN_HZ: u64 = 10_000_000;
const ICE_PFD_MAX_HZ: u64 = 133_000_000;
const ICE_VCO_MIN_HZ: u64 = 533_000_000;
const ICE_VCO_MAX_HZ: u64 = 1_066_000_000;
const ICE_OUT_MIN_HZ: u64 = 16_000_000;
const ICE_DIVR_MAX: u32 = 15;
const ICE_DIVF_MAX: u32 = 127;
const ICE_DIVQ_RANGE: std::ops::RangeInclusive<u32> = 1..=6;

/// `icepll`'s loop filter setting for a phase detector input of `pfd_hz`.
fn ice40_filter_range(pfd_hz: u64) -> u32 {
    match pfd_hz {
        ..17_000_000 => 1,
        17_000_000..26_000_000 => 2,
        26_000_000..44_000_000 => 3,
        44_000_000..66_000_000 => 4,
        66_000_000..101_000_000 => 5,
        _ => 6,
    }
}

/// Every iCE40 PLL output from `f_in` at or below `max_hz`, with its settings.
fn ice40_outputs(f_in: u64, max_hz: u64) -> impl Iterator<Item = (u64, Pll)> {
    let pfd = move |divr: u32| f_in / u64::from(divr + 1);
    (0..=ICE_DIVR_MAX)
        .filter(move |&divr| (ICE_PFD_MIN_HZ..=ICE_PFD_MAX_HZ).contains(&pfd(divr)))
        .flat_map(move |divr| {
            (0..=ICE_DIVF_MAX).flat_map(move |divf| {
                ICE_DIVQ_RANGE.filter_map(move |divq| {
                    let vco = f_in * u64::from(divf + 1) / u64::from(divr + 1);
                    let hz = vco >> divq;
                    let ok = (ICE_VCO_MIN_HZ..=ICE_VCO_MAX_HZ).contains(&vco)
                        && (ICE_OUT_MIN_HZ..=max_hz).contains(&hz);
                    ok.then_some((
                        hz,
                        Pll::Ice40(Ice40Pll {
                            divr,
                            divf,
                            divq,
                            filter_range: ice40_filter_range(pfd(divr)),
                        }),
                    ))
                })
            })
        })
}

/// Every ECP5 PLL output from `f_in` at or below `max_hz`, with its settings (the first `CLKOP_DIV`
/// that puts the VCO in range).
fn ecp5_outputs(f_in: u64, max_hz: u64) -> impl Iterator<Item = (u64, Pll)> {
    (1..=DIV_MAX)
        .take_while(move |&clki_div| f_in / u64::from(clki_div) >= PFD_MIN_HZ)
        .flat_map(move |clki_div| {
            (1..=DIV_MAX).filter_map(move |clkfb_div| {
                let hz = f_in * u64::from(clkfb_div) / u64::from(clki_div);
                if hz > max_hz {
                    return None;
                }
                let clkop_div = (1..=DIV_MAX).find(|&d| {
                    let vco = hz * u64::from(d);
                    (VCO_MIN_HZ..=VCO_MAX_HZ).contains(&vco)
                })?;
                Some((
                    hz,
                    Pll::Ecp5(EcpPll {
                        clki_div,
                        clkfb_div,
                        clkop_div,
                    }),
                ))
            })
        })
}

/// The ECP5 PLL's limits (Lattice TN1263 via Project Trellis' `ecppll`): phase detector input and
/// VCO, in Hz, and the dividers' range.
const PFD_MIN_HZ: u64 = 3_125_000;
const VCO_MIN_HZ: u64 = 400_000_000;
const VCO_MAX_HZ: u64 = 800_000_000;
const DIV_MAX: u32 = 128;

/// How the board top is clocked for a line rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockPlan {
    /// The clock the board top runs at, in Hz (`f_in * clkfb_div / clki_div` rounded down with a
    /// PLL).
    pub clock_hz: u64,
    /// The UART's clocks per bit at that clock.
    pub clocks_per_bit: u32,
    /// The PLL between the oscillator and the board top, if one is needed.
    pub pll: Option<Pll>,
}

impl ClockPlan {
    /// The clock in MHz, as nextpnr's `--freq` takes it.
    pub fn mhz(&self) -> String {
        let mhz = self.clock_hz as f64 / 1e6;
        format!("{mhz:.4}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

/// The clock for `board` with the oscillator as the ceiling: [`plan_up_to`] its frequency.
pub fn plan(board: &Board, fits: impl Fn(u64) -> Option<u32>) -> Option<ClockPlan> {
    plan_up_to(board, u64::from(board.clock_mhz) * 1_000_000, fits)
}

/// The fastest clock for `board` at or below `max_hz` that `fits` (gives clocks per bit): the
/// oscillator, or its family's PLL output; at equal frequencies the oscillator (no PLL); `None`
/// when nothing fits.
pub fn plan_up_to(
    board: &Board,
    max_hz: u64,
    fits: impl Fn(u64) -> Option<u32>,
) -> Option<ClockPlan> {
    let f_in = u64::from(board.clock_mhz) * 1_000_000;
    let oscillator = (f_in <= max_hz).then_some((f_in, None));
    let plls: Box<dyn Iterator<Item = (u64, Pll)>> = match board.family {
        Family::Ecp5 => Box::new(ecp5_outputs(f_in, max_hz)),
        Family::Ice40 => Box::new(ice40_outputs(f_in, max_hz)),
    };
    let mut best: Option<ClockPlan> = None;
    for (clock_hz, pll) in oscillator
        .into_iter()
        .chain(plls.map(|(hz, p)| (hz, Some(p))))
    {
        if best.is_some_and(|b| clock_hz <= b.clock_hz) {
            continue;
        }
        if let Some(clocks_per_bit) = fits(clock_hz) {
            best = Some(ClockPlan {
                clock_hz,
                clocks_per_bit,
                pll,
            });
        }
    }
    best
}

/// The PLL instance of `plan`'s `pll` for `board`, from `clock_in` (the oscillator's pin) to the
/// wire `clock_out`, with `locked` high once the PLL has locked.
pub fn pll_instance(
    board: &Board,
    plan: &ClockPlan,
    pll: &Pll,
    clock_in: &str,
    clock_out: &str,
    locked: &str,
) -> String {
    match pll {
        Pll::Ecp5(p) => ecp5_pll_instance(board, plan, p, clock_in, clock_out, locked),
        Pll::Ice40(p) => ice40_pll_instance(p, clock_in, clock_out, locked),
    }
}

/// The `SB_PLL40_PAD` instance of `pll`: its input is the oscillator's pin itself (the
/// iCEBreaker's 12 MHz comes in on pin 35, a PLL pad), its output on a global net.
pub fn ice40_pll_instance(pll: &Ice40Pll, pad: &str, clock_out: &str, locked: &str) -> String {
    format!(
        "    SB_PLL40_PAD #(\n\
         \x20       .FEEDBACK_PATH(\"SIMPLE\"),\n\
         \x20       .DIVR(4'd{}), .DIVF(7'd{}), .DIVQ(3'd{}), .FILTER_RANGE(3'd{})\n\
         \x20   ) pll (\n\
         \x20       .PACKAGEPIN({pad}), .PLLOUTGLOBAL({clock_out}), .LOCK({locked}),\n\
         \x20       .RESETB(1'b1), .BYPASS(1'b0)\n\
         \x20   );\n",
        pll.divr, pll.divf, pll.divq, pll.filter_range,
    )
}

/// The `EHXPLLL` instance of `pll`, from `clock_in` (the oscillator at `board`'s clock) to the wire
/// `clock_out`, with `locked` high once the PLL has locked.
pub fn ecp5_pll_instance(
    board: &Board,
    plan: &ClockPlan,
    pll: &EcpPll,
    clock_in: &str,
    clock_out: &str,
    locked: &str,
) -> String {
    format!(
        "    (* FREQUENCY_PIN_CLKI=\"{}\" *)\n\
         \x20   (* FREQUENCY_PIN_CLKOP=\"{}\" *)\n\
         \x20   (* ICP_CURRENT=\"12\" *) (* LPF_RESISTOR=\"8\" *) (* MFG_ENABLE_FILTEROPAMP=\"1\" *) (* MFG_GMCREF_SEL=\"2\" *)\n\
         \x20   EHXPLLL #(\n\
         \x20       .PLLRST_ENA(\"DISABLED\"), .INTFB_WAKE(\"DISABLED\"), .STDBY_ENABLE(\"DISABLED\"),\n\
         \x20       .DPHASE_SOURCE(\"DISABLED\"), .OUTDIVIDER_MUXA(\"DIVA\"), .OUTDIVIDER_MUXB(\"DIVB\"),\n\
         \x20       .OUTDIVIDER_MUXC(\"DIVC\"), .OUTDIVIDER_MUXD(\"DIVD\"),\n\
         \x20       .CLKI_DIV({}), .CLKFB_DIV({}), .FEEDBK_PATH(\"CLKOP\"),\n\
         \x20       .CLKOP_ENABLE(\"ENABLED\"), .CLKOP_DIV({}), .CLKOP_CPHASE({}), .CLKOP_FPHASE(0)\n\
         \x20   ) pll (\n\
         \x20       .RST(1'b0), .STDBY(1'b0), .CLKI({clock_in}), .CLKOP({clock_out}), .CLKFB({clock_out}),\n\
         \x20       .CLKINTFB(), .PHASESEL0(1'b0), .PHASESEL1(1'b0), .PHASEDIR(1'b1), .PHASESTEP(1'b1),\n\
         \x20       .PHASELOADREG(1'b1), .PLLWAKESYNC(1'b0), .ENCLKOP(1'b0), .LOCK({locked})\n\
         \x20   );\n",
        board.clock_mhz,
        plan.mhz(),
        pll.clki_div,
        pll.clkfb_div,
        pll.clkop_div,
        pll.clkop_div / 2,
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::board::{ICEBREAKER, ULX3S};

    /// The UART's rule, from the generator (a dev-dependency).
    pub(crate) fn fits(baud: u64) -> impl Fn(u64) -> Option<u32> {
        move |hz| {
            flux_hdl::uart::UartConfig::for_clock(hz, baud)
                .ok()
                .map(|c| c.clocks_per_bit())
        }
    }

    #[test]
    fn an_oscillator_that_makes_the_rate_needs_no_pll() {
        let p = plan(&ICEBREAKER, fits(3_000_000)).unwrap();
        assert_eq!((p.clock_hz, p.clocks_per_bit, p.pll), (12_000_000, 4, None));
        let p = plan(&ULX3S, fits(115_200)).unwrap();
        assert_eq!(
            (p.clock_hz, p.clocks_per_bit, p.pll),
            (25_000_000, 217, None)
        );
    }

    #[test]
    fn the_ulx3s_makes_3_mbaud_with_a_pll_below_its_oscillator() {
        // 25 MHz gives 8 clocks per bit, 3.125 Mbaud (4.1 % off). 24 MHz would be exact but needs a
        // 1 MHz phase detector input (CLKI_DIV 25), below the 3.125 MHz minimum; the fastest that
        // works is 25 * 5 / 6 = 20.833 MHz, 7 clocks per bit, 2.976 Mbaud (0.8 % off).
        let p = plan(&ULX3S, fits(3_000_000)).unwrap();
        let Some(Pll::Ecp5(pll)) = p.pll else {
            panic!("{p:?}")
        };
        assert_eq!(p.clock_hz, 20_833_333);
        assert_eq!(p.clocks_per_bit, 7);
        assert_eq!(
            25_000_000 * u64::from(pll.clkfb_div) / u64::from(pll.clki_div),
            p.clock_hz
        );
        assert!(25_000_000 / u64::from(pll.clki_div) >= PFD_MIN_HZ);
        let vco = p.clock_hz * u64::from(pll.clkop_div);
        assert!((VCO_MIN_HZ..=VCO_MAX_HZ).contains(&vco), "{vco}");
        assert_eq!(p.mhz(), "20.8333");
        let v = ecp5_pll_instance(&ULX3S, &p, &pll, "clk_25mhz", "clock", "locked");
        assert!(v.contains(&format!(
            ".CLKI_DIV({}), .CLKFB_DIV({})",
            pll.clki_div, pll.clkfb_div
        )));
        assert!(v.contains("(* FREQUENCY_PIN_CLKOP=\"20.8333\" *)"));
        assert!(v.contains(".CLKOP(clock), .CLKFB(clock)"));
        // Raising the ceiling to the `ulx3s` core's Fmax gains nothing at 3 Mbaud: no output
        // between 20.833 and 26.77 MHz is within 2 % of 8 clocks per bit (24 MHz).
        let up = plan_up_to(&ULX3S, 26_770_000, fits(3_000_000)).unwrap();
        assert_eq!(up, p);
        // Up to 36 MHz: 25 * 10 / 7 = 35.714 MHz, 12 clocks per bit (0.8 % off); the next, 25 *
        // 11 / 7 = 39.29 MHz (13), is above the `ulx3s` core's Fmax (38.47 MHz).
        let up = plan_up_to(&ULX3S, 36_000_000, fits(3_000_000)).unwrap();
        assert_eq!((up.clock_hz, up.clocks_per_bit), (35_714_285, 12));
        let up = plan_up_to(&ULX3S, 40_000_000, fits(3_000_000)).unwrap();
        assert_eq!((up.clock_hz, up.clocks_per_bit), (39_285_714, 13));
    }

    #[test]
    fn below_the_oscillator_the_ice40_has_no_pll() {
        // 12 MHz / 2,500,000 = 4.8: 5 clocks per bit, 2.4 Mbaud, 4 % off; an iCE40 PLL makes
        // 16 MHz at the least.
        assert_eq!(plan(&ICEBREAKER, fits(2_500_000)), None);
    }

    #[test]
    fn above_the_oscillator_the_icebreaker_clocks_from_its_pll_as_icepll_does() {
        // `icepll -i 12 -o 18`: DIVR 0, DIVF 47, DIVQ 5, FILTER_RANGE 1 (PFD 12 MHz, VCO 576 MHz);
        // 6 clocks per bit at 3 Mbaud.
        let p = plan_up_to(&ICEBREAKER, 18_000_000, fits(3_000_000)).unwrap();
        let want = Ice40Pll {
            divr: 0,
            divf: 47,
            divq: 5,
            filter_range: 1,
        };
        assert_eq!(p.pll, Some(Pll::Ice40(want)));
        assert_eq!(
            (p.clock_hz, p.clocks_per_bit, p.mhz()),
            (18_000_000, 6, "18".into())
        );
        // Below 20 MHz the outputs are 12 * (DIVF + 1) / 32; from 18 MHz on at 3 Mbaud they are
        // 6.125 clocks per bit (2.1 % off, refused) or worse, so 18 MHz again. At 2.5 Mbaud (no
        // rate at 12 MHz) 19.875 MHz (DIVF 52) makes 8 clocks per bit, 0.6 % off.
        let p = plan_up_to(&ICEBREAKER, 19_900_000, fits(3_000_000)).unwrap();
        assert_eq!(p.clock_hz, 18_000_000);
        let p = plan_up_to(&ICEBREAKER, 20_000_000, fits(2_500_000)).unwrap();
        assert_eq!((p.clock_hz, p.clocks_per_bit), (19_875_000, 8));
        // With the oscillator as the ceiling nothing changes: 12 MHz, no PLL.
        let p = plan_up_to(&ICEBREAKER, 12_000_000, fits(3_000_000)).unwrap();
        assert_eq!((p.clock_hz, p.pll), (12_000_000, None));
        let v = ice40_pll_instance(&want, "clk_12mhz", "clock", "locked");
        assert!(
            v.contains(".DIVR(4'd0), .DIVF(7'd47), .DIVQ(3'd5), .FILTER_RANGE(3'd1)"),
            "{v}"
        );
        assert!(
            v.contains(".PACKAGEPIN(clk_12mhz), .PLLOUTGLOBAL(clock), .LOCK(locked)"),
            "{v}"
        );
    }

    #[test]
    fn every_ice40_pll_output_keeps_to_the_limits() {
        for (hz, pll) in ice40_outputs(12_000_000, 100_000_000) {
            let Pll::Ice40(p) = pll else {
                panic!("{pll:?}")
            };
            let pfd = 12_000_000 / u64::from(p.divr + 1);
            let vco = pfd * u64::from(p.divf + 1);
            assert!((ICE_PFD_MIN_HZ..=ICE_PFD_MAX_HZ).contains(&pfd), "{p:?}");
            assert!((ICE_VCO_MIN_HZ..=ICE_VCO_MAX_HZ).contains(&vco), "{p:?}");
            assert_eq!(hz, vco >> p.divq, "{p:?}");
            assert!((ICE_OUT_MIN_HZ..=100_000_000).contains(&hz), "{p:?}");
            assert!(ICE_DIVQ_RANGE.contains(&p.divq), "{p:?}");
        }
    }
}
