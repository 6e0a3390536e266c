//! The board top's clock: the board oscillator, or an ECP5 PLL where the oscillator cannot make the
//! UART's line rate within 2 % (issue 12: the ULX3S's 25 MHz gives 8 clocks per bit at 3,000,000
//! baud, 4.1 % off). The PLL output is chosen as fast as possible but never above the oscillator,
//! whose frequency the shipped presets' timing is met at; the UART rule itself (`clocks per bit`,
//! the 2 % limit) stays with the caller's `fits` (`flux_hdl::uart::UartConfig::for_clock`).

use crate::board::{Board, Family};

/// ECP5 `EHXPLLL` settings with feedback from `CLKOP`: `f_out = f_in * clkfb_div / clki_div`,
/// `f_vco = f_out * clkop_div`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EcpPll {
    pub clki_div: u32,
    pub clkfb_div: u32,
    pub clkop_div: u32,
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
    pub pll: Option<EcpPll>,
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

/// The clock for `board`: its oscillator when `fits(oscillator Hz)` gives clocks per bit, else (on
/// an ECP5) the fastest PLL output up to the oscillator's frequency that `fits`, else `None`.
pub fn plan(board: &Board, fits: impl Fn(u64) -> Option<u32>) -> Option<ClockPlan> {
    let f_in = u64::from(board.clock_mhz) * 1_000_000;
    if let Some(clocks_per_bit) = fits(f_in) {
        return Some(ClockPlan {
            clock_hz: f_in,
            clocks_per_bit,
            pll: None,
        });
    }
    if board.family != Family::Ecp5 {
        return None;
    }
    let mut best: Option<ClockPlan> = None;
    for clki_div in 1..=DIV_MAX {
        if f_in / u64::from(clki_div) < PFD_MIN_HZ {
            break;
        }
        for clkfb_div in 1..=DIV_MAX {
            let clock_hz = f_in * u64::from(clkfb_div) / u64::from(clki_div);
            if clock_hz > f_in {
                break;
            }
            let Some(clkop_div) = (1..=DIV_MAX).find(|&d| {
                let vco = clock_hz * u64::from(d);
                (VCO_MIN_HZ..=VCO_MAX_HZ).contains(&vco)
            }) else {
                continue;
            };
            let Some(clocks_per_bit) = fits(clock_hz) else {
                continue;
            };
            if best.is_none_or(|b| clock_hz > b.clock_hz) {
                best = Some(ClockPlan {
                    clock_hz,
                    clocks_per_bit,
                    pll: Some(EcpPll {
                        clki_div,
                        clkfb_div,
                        clkop_div,
                    }),
                });
            }
        }
    }
    best
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
mod tests {
    use super::*;
    use crate::board::{ICEBREAKER, ULX3S};

    /// The UART's rule, from the generator (a dev-dependency).
    fn fits(baud: u64) -> impl Fn(u64) -> Option<u32> {
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
        let pll = p.pll.unwrap();
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
    }

    #[test]
    fn the_ice40_has_no_pll_plan() {
        // 12 MHz / 2,500,000 = 4.8: 5 clocks per bit, 2.4 Mbaud, 4 % off.
        assert_eq!(plan(&ICEBREAKER, fits(2_500_000)), None);
    }
}
