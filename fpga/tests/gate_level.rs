//! Gate-level verification: the core synthesised for the iCE40 (`write_verilog -noattr` over yosys'
//! `cells_sim.v` models) runs under Verilator through the same bridge as the RTL, and must behave
//! identically: same spikes, same cycle counts, same memory contents, every timestep.
//!
//! Until the real core emits, the design is the placeholder `tests/fixtures/mini_core.v`, which uses
//! the same kinds of primitives as the core (block RAM behind a shared read port, an SB_MAC16
//! multiplier, carry chains, flip-flops with enables and resets).

use std::path::{Path, PathBuf};

use flux_fpga::flow::{self, Design};
use flux_sim::image::Event;
use flux_testbenches::rtl::{Mem, Rtl};
use flux_testbenches::verilate::{self, VerilateSpec};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A build directory under the workspace's `target/`, one per test.
fn work_dir(name: &str) -> PathBuf {
    verilate::target_dir().join("flux-fpga-tests").join(name)
}

/// Writes the same configuration into both instances and runs the same random timesteps, comparing
/// everything observable after each.
fn compare(rtl: &mut Rtl, gates: &mut Rtl, seed: u64, steps: u32) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // The fixture's registers: gain (signed 16 bits) at 4/0, thr (signed 32 bits) at 4/1; the
    // threshold sits near zero so both spike outcomes occur.
    let gain = rng.gen_range(-300i32..300) as i16;
    let thr = rng.gen_range(-1000i32..1000);
    let acc: Vec<u128> = (0..256)
        .map(|_| rng.gen_range(-5000i32..5000) as u32 as u128)
        .collect();
    for dut in [&mut *rtl, &mut *gates] {
        dut.cfg_write(Mem::Register, 0, &[gain as u16 as u128]);
        dut.cfg_write(Mem::Register, 1, &[thr as u32 as u128]);
        dut.cfg_write(Mem::State, 0, &acc);
    }
    assert_eq!(
        rtl.dbg_read(Mem::State, 0, 256),
        gates.dbg_read(Mem::State, 0, 256),
        "seed {seed}: after loading"
    );
    let (mut events_total, mut spikes_total) = (0, 0);
    for step in 0..steps {
        // Up to the fixture's 16-deep FIFO; addresses repeat so read-after-write through the block
        // RAM is exercised; injection values reach the i16 extremes.
        let n = rng.gen_range(0..=16);
        let events: Vec<Event> = (0..n)
            .map(|_| Event::Current {
                neuron: rng.gen_range(0..8) * 32 + rng.gen_range(0..2),
                value: match rng.gen_range(0..4) {
                    0 => i16::MIN,
                    1 => i16::MAX,
                    _ => rng.r#gen(),
                },
            })
            .collect();
        events_total += events.len();
        let a = rtl
            .step(&events)
            .unwrap_or_else(|e| panic!("seed {seed}: RTL step {step}: {e}"));
        let b = gates
            .step(&events)
            .unwrap_or_else(|e| panic!("seed {seed}: gate-level step {step}: {e}"));
        assert_eq!(
            a, b,
            "seed {seed}: timestep {step} differs (RTL left, gate level right)"
        );
        // The fixture's own rule: 1 tick cycle + 2 per event + 1 to find the FIFO empty.
        assert_eq!(a.cycles, 2 + 2 * n as u64, "seed {seed}: timestep {step}");
        spikes_total += a.spikes.len();
        let (sa, sb) = (
            rtl.dbg_read(Mem::State, 0, 256),
            gates.dbg_read(Mem::State, 0, 256),
        );
        if let Some(i) = (0..256).find(|&i| sa[i] != sb[i]) {
            panic!(
                "seed {seed}: after timestep {step}, acc[{i}]: RTL {:#x}, gate level {:#x}",
                sa[i], sb[i]
            );
        }
    }
    // The comparison means something only if both outcomes of the threshold test occurred.
    assert!(
        spikes_total > 0 && spikes_total < events_total,
        "seed {seed}: {spikes_total} spikes of {events_total} events"
    );
}

#[test]
fn ice40_netlist_of_the_fixture_matches_its_rtl() {
    let source = fixture("mini_core.v");
    let yosys = flux_fpga::tools::yosys().unwrap();
    let netlist = flow::ice40_netlist(
        &Design::new(&source, "mini_core"),
        &yosys,
        &work_dir("gate-mini-core"),
    )
    .unwrap();
    // The netlist is made of iCE40 primitives only: the block RAM and the multiplier were mapped.
    let text = std::fs::read_to_string(&netlist.verilog).unwrap();
    for cell in ["SB_RAM40_4K", "SB_MAC16", "SB_LUT4", "SB_CARRY"] {
        assert!(text.contains(cell), "netlist has no {cell}");
    }

    let rtl_build = verilate::build(&VerilateSpec::new(&source, "mini_core")).unwrap();
    let gate_spec = VerilateSpec {
        sources: netlist.sources(),
        data_files: Vec::new(),
        top: "mini_core".into(),
        trace: false,
    };
    let gate_build = verilate::build(&gate_spec).unwrap();
    eprintln!(
        "netlist: yosys {:.0} s; verilator: RTL {:.0} s, gate level {:.0} s",
        netlist.seconds, rtl_build.seconds, gate_build.seconds
    );
    let seed = 0x5eed_f0a6;
    eprintln!("seed {seed:#x}");
    let mut rtl = Rtl::open(&rtl_build, None).unwrap();
    let mut gates = Rtl::open(&gate_build, None).unwrap();
    compare(&mut rtl, &mut gates, seed, 40);
}

/// The shipped `small` core (`rtl-out/flux_core_small.v`), synthesised for the iCE40, against the
/// bit-exact model on seeded random networks (the cosim crate's generator: both neuron kinds, all
/// synapse types, saturating weights), every timestep: spikes, cycle counts and every state word.
/// Ignored by default: yosys and Verilator on the whole core take several minutes on this machine.
#[test]
#[ignore = "slow: yosys + Verilator on the whole small core (several minutes)"]
fn ice40_netlist_of_the_small_core_matches_the_model() {
    use flux_sim::spec::SMALL;
    use flux_testbenches::cosim::Cosim;
    use flux_testbenches::random::random_network;

    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rtl-out/flux_core_small.v");
    let top = "flux_core_small";
    let yosys = flux_fpga::tools::yosys().unwrap();
    let netlist =
        flow::ice40_netlist(&Design::new(&source, top), &yosys, &work_dir("gate-small")).unwrap();
    let spec = VerilateSpec {
        sources: netlist.sources(),
        data_files: Vec::new(),
        top: top.into(),
        trace: false,
    };
    let build = verilate::build(&spec).unwrap();
    eprintln!(
        "netlist: yosys {:.0} s, verilator {:.0} s",
        netlist.seconds, build.seconds
    );

    const STEPS: u64 = 60;
    let (mut spikes, mut cycles) = (0, 0);
    for seed in 0x6a7e_0000..0x6a7e_0004u64 {
        eprintln!("seed {seed:#x}");
        let net = random_network(SMALL, seed, STEPS);
        let mut cosim =
            Cosim::new(&build, &net.image).unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
        for events in &net.stimulus {
            cosim
                .step(events, true)
                .unwrap_or_else(|e| panic!("seed {seed:#x}: gate level vs model: {e}"));
        }
        spikes += cosim.stats().spikes;
        cycles += cosim.stats().cycles;
    }
    eprintln!("{spikes} spikes, {cycles} cycles, zero mismatches");
    assert!(
        spikes > 0,
        "the networks never spiked: the comparison checked nothing but silence"
    );
}
