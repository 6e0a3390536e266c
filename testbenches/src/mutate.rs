//! Mutation testing of an emitted core (`flux mutate`, issue 11): how strong are the checks behind
//! "the RTL never disagrees with the model"?
//!
//! 1. yosys `mutate -list N -seed S` picks N mutations of the flattened core (a cell port bit
//!    inverted or tied to 0/1, or flipped under a control bit), spread over its cells and wires.
//! 2. All N go into **one** design (`mutate -ctrl mutsel 16 k`, as YosysHQ's MCY does): mutant `k`
//!    is active while the new input `mutsel` equals `k`, none at 0. One Verilator build serves every
//!    mutant; the shim sets `mutsel` ([`crate::rtl::Rtl::set_mutant`]).
//! 3. Each mutant runs the [`Checks`]: the seeded random networks of the differential suites
//!    (`random_network`, `random_plastic_network`: both kinds, every synapse type and delay,
//!    injections at the i16 limits, FIFO bursts, learning on and off, saturation corners), compared
//!    with the model every timestep. The first difference (or a hang the watchdog catches) kills it.
//! 4. A survivor is tried for equivalence ([`prove_equivalent`]): by its output cone after
//!    optimisation, then with yosys' SAT solver, registers and memory ports cut. Both are sound,
//!    but they decide only mutants masked within one clock stage. A full sequential proof of a core
//!    with 4k-word memories does not finish (tried: `equiv_simple`/`equiv_induct` ran out of a
//!    two-minute budget on one mutant), so every undecided survivor counts against the checks:
//!    the score is a lower bound.
//!
//! Before any mutant runs, the checks must pass on the same build with `mutsel = 0`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use flux_sim::spec::Preset;

use crate::cosim::Cosim;
use crate::interface;
use crate::random::{RandomNet, random_network, random_plastic_network};
use crate::rtl::{Mem, Rtl};
use crate::verilate::{self, RtlBuild, VerilateSpec};

/// Width of the `mutsel` input: up to 65,535 mutants in one design.
pub const MUTSEL_BITS: u32 = 16;

/// Watchdog for a mutant's timestep (edges): above any timestep of the check networks on the
/// shipped presets (the longest, a full learning sweep of 32k synapses at 4 cycles each, is about
/// 2^17), far below the default 2^24 so that a mutant that hangs is caught in a fraction of a
/// second.
pub const MUTANT_MAX_CYCLES: u64 = 1 << 19;

/// Why mutation testing could not run. One line each.
#[derive(Debug, thiserror::Error)]
pub enum MutateError {
    #[error("{0}")]
    Tool(#[from] flux_fpga::tools::ToolError),
    #[error("running yosys: {0}")]
    Spawn(std::io::Error),
    #[error("yosys failed while {stage} (log: {log}): {last}")]
    Yosys {
        stage: &'static str,
        log: PathBuf,
        last: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("yosys listed {found} mutations where {asked} were asked for (log: {log})")]
    Listed {
        found: usize,
        asked: usize,
        log: PathBuf,
    },
    #[error("verilating the mutated design: {0}")]
    Build(#[from] verilate::BuildError),
    #[error(
        "the checks fail on the unmutated design (mutsel = 0), so no mutant can be judged: {0}"
    )]
    Baseline(String),
    #[error("{0}")]
    Rtl(#[from] crate::rtl::RtlError),
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> MutateError + '_ {
    move |source| MutateError::Io {
        path: path.to_owned(),
        source,
    }
}

/// One mutation of the design.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mutation {
    /// `mutsel` value that activates it (1-based).
    pub index: u32,
    /// The `mutate` arguments yosys listed (without `mutate` and `-ctrl`).
    pub args: String,
    /// The block it sits in: the first instance name below the top (`neuron_core`, `stdp`, ...),
    /// or `top` for the core top's own logic.
    pub block: String,
    /// `-mode`: `inv`, `const0`, `const1`, `cnot0`, `cnot1`.
    pub mode: String,
    /// The Verilog line the mutated cell comes from, and its module (`file:line (module)`).
    pub source: String,
}

/// What became of a mutant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A check saw a difference; the first one, in one line.
    Killed(String),
    /// No check saw a difference and equivalence could not be proved.
    Survived,
    /// Proved unobservable ([`prove_equivalent`]).
    Equivalent,
}

/// A mutant and its verdict.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub mutation: Mutation,
    pub verdict: Verdict,
    /// Wall-clock time its checks took.
    pub time: Duration,
}

/// The differential checks every mutant runs: seeded random networks on the preset, plain and
/// plastic in turn, every timestep compared (spikes, cycles, counter, every state word; every
/// synapse word in use every timestep with learning, at the end without).
#[derive(Clone, Debug)]
pub struct Checks {
    pub preset: Preset,
    /// Random networks (`random_network`), base seed [`Checks::PLAIN_SEED`].
    pub plain: u64,
    /// Random plastic networks (`random_plastic_network`), base seed [`Checks::PLASTIC_SEED`].
    pub plastic: u64,
    /// Timesteps per network.
    pub steps: u64,
    /// Last, the timestep counter: every network is run on, loaded afresh, with register `t`
    /// written to `2^b - 2` for every bit `b` (`2^32 - 2` for the wrap), then [`COUNTER_STEPS`]
    /// timesteps across the carry into bit `b`, compared every timestep (so every bit of `t`, of
    /// `aer_out_t` and of `last[]` turns over both ways). Every network, not only the first of
    /// each kind: a bit of `last[]` past 2^24 matters only where learning pairs spikes just after
    /// that carry, which one network alone rarely does.
    pub counter: bool,
    /// Then the reset (`docs/model.md` §7.1): the first plain and the first plastic network are
    /// run again with resets between timesteps and one in the middle of a timestep
    /// ([`crate::reset::run_with_resets`]).
    pub reset: bool,
}

/// Timesteps run after each write of register `t` in [`Checks::counter`].
pub const COUNTER_STEPS: usize = 4;

impl Checks {
    /// The base seed of `tests/differential.rs`.
    pub const PLAIN_SEED: u64 = 0xF1_0C05;
    /// The base seed of `tests/learning.rs`.
    pub const PLASTIC_SEED: u64 = 0x57D9_0001;

    /// The default checks for `preset`.
    pub fn new(preset: Preset) -> Self {
        Self {
            preset,
            plain: 24,
            plastic: 24,
            steps: 250,
            counter: true,
            reset: true,
        }
    }

    /// The networks, in the order they run: plain and plastic alternating, so that a mutant of
    /// either kind of logic dies early.
    pub fn networks(&self) -> Vec<(String, RandomNet, bool)> {
        type Generator = fn(Preset, u64, u64) -> RandomNet;
        let kinds: [(&str, Generator, u64, u64, bool); 2] = [
            (
                "random_network",
                random_network,
                Self::PLAIN_SEED,
                self.plain,
                false,
            ),
            (
                "random_plastic_network",
                random_plastic_network,
                Self::PLASTIC_SEED,
                self.plastic,
                true,
            ),
        ];
        let mut out = Vec::new();
        for k in 0..self.plain.max(self.plastic) {
            for &(name, generate, base, count, plastic) in &kinds {
                if k < count {
                    let seed = base.wrapping_add(k);
                    let net = generate(self.preset, seed, self.steps);
                    out.push((format!("{name} seed {seed:#x}"), net, plastic));
                }
            }
        }
        out
    }
}

/// Runs the checks against mutant `k` of `build`: the memory round trip
/// ([`crate::interface::memory_round_trip`]), then `networks`, each loaded, followed by writes to
/// undefined register addresses and, as the last load write, one state word rewritten with its own
/// value (so the runs start with `cfg_mem` = 1 on the idle port: `cfg_we` low must mean no write),
/// run with every timestep compared, undefined registers written again halfway; on a core with
/// the `net` unit, the first plain and plastic network again with random spike pushes
/// ([`crate::interface::run_with_pushes`]). The first difference, in one line.
fn check_mutant(
    build: &RtlBuild,
    k: u32,
    checks: &Checks,
    networks: &[(String, RandomNet, bool)],
) -> Result<(), String> {
    let preset = &checks.preset;
    let open = || -> Result<Rtl, String> {
        let mut rtl = Rtl::open(build, None).map_err(|e| e.to_string())?;
        rtl.set_mutant(k).map_err(|e| e.to_string())?;
        rtl.max_cycles = MUTANT_MAX_CYCLES;
        Ok(rtl)
    };
    interface::memory_round_trip(&mut open()?, preset, Checks::PLAIN_SEED)
        .map_err(|e| format!("memory round trip: {e}"))?;
    for (name, net, plastic) in networks {
        let mut cosim = Cosim::with_rtl(open()?, &net.image).map_err(|e| format!("{name}: {e}"))?;
        interface::write_undefined_registers(cosim.rtl(), net.seed);
        let n = (net.seed % u64::from(preset.neurons)) as u32;
        cosim
            .rtl()
            .cfg_write(Mem::State, n, &[net.image.state[n as usize]]);
        // Every state word every timestep; the synapse words too where learning changes them,
        // else at the end.
        cosim.set_step_synapses(*plastic);
        let fail = |e: crate::cosim::CosimError| {
            let line = e.to_string();
            format!("{name}: {}", line.lines().next().unwrap_or(""))
        };
        for (t, events) in net.stimulus.iter().enumerate() {
            if t == net.stimulus.len() / 2 {
                interface::write_undefined_registers(cosim.rtl(), !net.seed);
            }
            cosim.step(events, true).map_err(fail)?;
        }
        cosim.check_state().map_err(fail)?;
    }
    // Networks loaded afresh: every one for the counter check, the first plain and the first
    // plastic one for the reset check.
    fn load<'n>(
        open: &impl Fn() -> Result<Rtl, String>,
        (name, net, plastic): &'n (String, RandomNet, bool),
    ) -> Result<(String, &'n RandomNet, Cosim), String> {
        let mut cosim = Cosim::with_rtl(open()?, &net.image).map_err(|e| format!("{name}: {e}"))?;
        cosim.set_step_synapses(*plastic);
        Ok((name.clone(), net, cosim))
    }
    let load = |n| load(&open, n);
    let first_of_each = || {
        let plain = networks.iter().find(|n| !n.2);
        let plastic = networks.iter().find(|n| n.2);
        plain.into_iter().chain(plastic).map(load)
    };
    let first_line = |e: crate::cosim::CosimError| {
        let line = e.to_string();
        line.lines().next().unwrap_or("").to_string()
    };
    if checks.counter {
        for each in networks.iter().map(load) {
            let (name, net, mut cosim) = each?;
            let name = format!("{name}, the timestep counter");
            let mut stimulus = net.stimulus.iter().cycle();
            for b in 1..=32u32 {
                let t = (1u64 << b).wrapping_sub(2) as u32;
                cosim.set_t(t);
                for _ in 0..COUNTER_STEPS {
                    let events = stimulus.next().map_or(&[][..], Vec::as_slice);
                    cosim
                        .step(events, true)
                        .map_err(|e| format!("{name}, t written {t:#x}: {}", first_line(e)))?;
                }
            }
        }
    }
    // The spike buffer's registers (`docs/model.md` §2.1), on a core that has them.
    if preset.net {
        for first in first_of_each() {
            let (name, net, mut cosim) = first?;
            interface::run_with_pushes(&mut cosim, net)
                .map_err(|e| format!("{name}, with spike pushes: {}", first_line(e)))?;
        }
    }
    if checks.reset {
        for first in first_of_each() {
            let (name, net, mut cosim) = first?;
            crate::reset::run_with_resets(&mut cosim, net)
                .map_err(|e| format!("{name}, with resets: {}", first_line(e)))?;
        }
    }
    Ok(())
}

/// Runs yosys on `script` in `dir` (log `dir/<name>.log`).
fn yosys(dir: &Path, name: &str, script: &str, stage: &'static str) -> Result<String, MutateError> {
    let tool = flux_fpga::tools::yosys()?;
    let ys = dir.join(format!("{name}.ys"));
    let log = dir.join(format!("{name}.log"));
    std::fs::write(&ys, script).map_err(io_err(&ys))?;
    let out = tool
        .command()
        .arg("-q")
        .arg("-l")
        .arg(&log)
        .arg(&ys)
        .current_dir(dir)
        .output()
        .map_err(MutateError::Spawn)?;
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = stderr
            .lines()
            .chain(text.lines())
            .rfind(|l| l.contains("ERROR"))
            .unwrap_or("no error line")
            .trim()
            .chars()
            .take(300)
            .collect();
        return Err(MutateError::Yosys { stage, log, last });
    }
    Ok(text)
}

/// The yosys lines that read `verilog` and flatten it under `top` (the design every mutation
/// refers to).
fn prepare_script(verilog: &Path, top: &str) -> String {
    format!(
        "read_verilog {}\nprep -top {top}\nflatten\nopt_clean\n",
        verilog.display()
    )
}

/// `(first line, module)` of every `module` in a Verilog text, in order.
fn module_lines(verilog: &str) -> Vec<(u32, String)> {
    verilog
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let rest = l.strip_prefix("module ")?;
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                .collect();
            Some((i as u32 + 1, name))
        })
        .collect()
}

/// Reads one line of `mutate -list` output into a [`Mutation`].
fn parse_mutation(index: u32, line: &str, modules: &[(u32, String)]) -> Option<Mutation> {
    let args = line.trim().strip_prefix("mutate ")?.to_string();
    let words: Vec<&str> = args.split_whitespace().collect();
    let value = |flag: &str| -> Option<&str> {
        let i = words.iter().position(|w| *w == flag)?;
        words.get(i + 1).copied()
    };
    let mode = value("-mode")?.to_string();
    // `$flatten\neuron_core.$and$...` or `$flatten\neuron_core.\s1_mag_v.$procdff$...`: the first
    // instance below the top; cells of the top itself have no `$flatten` prefix.
    let cell = value("-cell").unwrap_or("");
    let block = match cell.strip_prefix("$flatten\\") {
        Some(rest) => rest.split('.').next().unwrap_or("top").to_string(),
        None => "top".to_string(),
    };
    // Of the `-src file:line.col-line.col` entries, the one in the deepest module (the longest
    // name: submodules are named `<parent>_<instance>`).
    let mut best: Option<(String, u32, &str)> = None;
    for (i, w) in words.iter().enumerate() {
        if *w != "-src" {
            continue;
        }
        let Some(src) = words.get(i + 1) else {
            continue;
        };
        let Some((file, pos)) = src.rsplit_once(':') else {
            continue;
        };
        let Some(line_no) = pos.split('.').next().and_then(|l| l.parse::<u32>().ok()) else {
            continue;
        };
        let module = modules
            .iter()
            .rev()
            .find(|(start, _)| *start <= line_no)
            .map_or("", |(_, m)| m.as_str());
        if best.as_ref().is_none_or(|(_, _, m)| module.len() > m.len()) {
            let file = Path::new(file)
                .file_name()
                .map_or(file.to_string(), |f| f.to_string_lossy().into_owned());
            best = Some((file, line_no, module));
        }
    }
    let source = best.map_or("(no source line)".to_string(), |(file, line, module)| {
        format!("{file}:{line} ({module})")
    });
    Some(Mutation {
        index,
        args,
        block,
        mode,
        source,
    })
}

/// A mutation run's working files: a copy of the source Verilog, `dir/mutations.txt`, `dir/mutated.v`, yosys
/// logs.
pub struct Design {
    pub dir: PathBuf,
    /// The Verilog the mutations were listed from, copied: the equivalence proofs read it again at
    /// the end of a run, and must see the cells the listing named even if the original file was
    /// emitted anew meanwhile.
    pub source: PathBuf,
    pub mutations: Vec<Mutation>,
    /// The Verilog with every mutation behind `mutsel`.
    pub mutated: PathBuf,
    pub top: String,
}

/// Lists `n` mutations of `verilog` (top `top`) with yosys seed `seed` and writes the design that
/// holds them all behind `mutsel`, in `dir`.
pub fn make_design(
    verilog: &Path,
    top: &str,
    n: usize,
    seed: u64,
    dir: &Path,
) -> Result<Design, MutateError> {
    assert!(n < 1 << MUTSEL_BITS, "at most 65,535 mutants");
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let text = std::fs::read_to_string(verilog).map_err(io_err(verilog))?;
    // The copy keeps the file name, which the listing's source locations show.
    let name = verilog
        .file_name()
        .unwrap_or(std::ffi::OsStr::new("source.v"));
    let source = std::path::absolute(dir.join(name)).map_err(io_err(dir))?;
    std::fs::write(&source, &text).map_err(io_err(&source))?;
    let verilog = source.clone();
    let modules = module_lines(&text);
    let list = dir.join("mutations.txt");
    let _ = std::fs::remove_file(&list);
    // yosys takes a 32-bit seed.
    let seed32 = (seed ^ (seed >> 32)) as u32;
    let script = format!(
        "{}mutate -list {n} -seed {seed32} -o {}\n",
        prepare_script(&verilog, top),
        list.display()
    );
    yosys(dir, "list", &script, "listing mutations")?;
    let listed = std::fs::read_to_string(&list).map_err(io_err(&list))?;
    let mutations: Vec<Mutation> = listed
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .filter_map(|(i, l)| parse_mutation(i as u32 + 1, l, &modules))
        .collect();
    if mutations.len() != n {
        return Err(MutateError::Listed {
            found: mutations.len(),
            asked: n,
            log: dir.join("list.log"),
        });
    }
    let mutated = dir.join("mutated.v");
    let mut script = prepare_script(&verilog, top);
    for m in &mutations {
        let _ = writeln!(
            script,
            "mutate -ctrl mutsel {MUTSEL_BITS} {} {}",
            m.index, m.args
        );
    }
    let _ = writeln!(
        script,
        "opt_clean\nwrite_verilog -noattr {}",
        mutated.display()
    );
    yosys(dir, "mutate", &script, "writing the mutated design")?;
    Ok(Design {
        dir: dir.to_owned(),
        source,
        mutations,
        mutated,
        top: top.to_string(),
    })
}

/// Seconds one SAT instance of the equivalence check may take (yosys `sat -timeout`).
pub const SAT_TIMEOUT_S: u32 = 30;

/// The yosys commands that try to prove mutation `m` equivalent, on the design of
/// [`prepare_script`] saved as `base` (the same flow that listed the mutations and wrote the
/// simulated design, so every cell name means the same cell). Two sound tests, either of which
/// proves it:
/// 1. after optimisation nothing that reaches an output port depends on `mutsel` (`FLUX-CONE`,
///    `select -count` prints `0 objects.`; memories are `$mem_v2` cells, whose read data depends
///    on their write inputs). `opt -full` folds what `prep` leaves (`x & 16'hffff` on a zero-extended
///    `x`), so a register bit that holds its initial 0 forever (the upper bits of a 16-bit neuron tag
///    on a 256-neuron core) becomes the constant it is, and a mutant of it is seen to change nothing;
/// 2. registers and memory ports cut (`expose -evert-dff` on single-bit nets, since it leaves a
///    register that drives part of a wider net in place, then the everted flip-flops deleted,
///    after checking that none of them drives anything; memories with `-cut`), for **every** register and
///    memory value, not only reachable ones, every output, every register's next value and every
///    memory port input are the same with and without the mutation (`FLUX-SAT`, yosys `sat`). It
///    is incomplete: a mutant masked one pipeline stage later stays undecided. `expose` is given
///    the cells only (`c:*`): with wires selected it also makes every named internal wire an
///    output, so a mutant whose change a later slice drops (bit 6 of a product of which only bits
///    8 and up are used) was never proved, until session 21. (No
///    `-ignore_gold_x`: in `sat`'s two-valued model it hides every difference where gold is 0.)
///    A mutation on a memory's read data (`-port RD_DATA`) is not tried here: the cut of the read
///    ports takes the mutated bit with it, so its consumers read a free input and the mutation
///    hides behind the cut (a `cnot` of `last[]`'s read data was "proved" that way, and a network
///    that ran past t = 2^24 killed it; `tests/mutation.rs` keeps a small case). Only test 1 can
///    prove such a mutant.
fn equivalence_script(m: &Mutation, top: &str) -> String {
    let sat = if m.args.contains("-port RD_DATA") {
        "log FLUX-SAT-SKIPPED (a mutation on a memory's read data)".to_string()
    } else {
        format!("log FLUX-SAT\nsat -timeout {SAT_TIMEOUT_S} -prove trigger 0 miter")
    };
    format!(
        "design -load base
mutate -ctrl mutsel 1 1 {args}
opt -full
opt_clean
log FLUX-CONE
select -count i:mutsel %co* o:* %i
dffunmap
splitnets
expose -evert-dff c:*
select -assert-none t:$dff %co:+[Q] w:* %i %co c:* %i
delete t:$dff
expose t:$mem_v2 %ci:+[WR_ADDR,WR_DATA,WR_EN,RD_ADDR,RD_EN,RD_SRST,RD_ARST]
expose -cut t:$mem_v2 %co:+[RD_DATA]
delete t:$mem_v2
opt_clean
rename {top} gate
copy gate gold
cd gold
delete -port w:mutsel
connect -set mutsel 1'0
cd ..
cd gate
delete -port w:mutsel
connect -set mutsel 1'1
cd ..
miter -equiv -flatten -make_outputs gold gate miter
hierarchy -top miter
opt -fast
{sat}
",
        args = m.args,
    )
}

/// Whether the log of [`equivalence_script`] shows a proof (also when yosys stopped after the
/// first test, e.g. on a cell it cannot put into its SAT database).
fn proved_in(log: &str) -> bool {
    let mut lines = log.lines().map(str::trim);
    let cone_empty = lines
        .by_ref()
        .skip_while(|l| *l != "FLUX-CONE")
        .find(|l| l.ends_with(" objects."))
        .is_some_and(|l| l == "0 objects.");
    let sat = lines
        .skip_while(|l| *l != "FLUX-SAT")
        .any(|l| l == "SAT proof finished - no model found: SUCCESS!");
    cone_empty || sat
}

/// Of `candidates`, the mutations proved equivalent ([`equivalence_script`]), one yosys process
/// each on `jobs` threads. A mutant whose proofs fail, time out or cannot be built stays
/// undecided.
pub fn prove_equivalent(
    design: &Design,
    candidates: &[&Mutation],
    jobs: usize,
) -> Result<Vec<u32>, MutateError> {
    let next = AtomicUsize::new(0);
    let proved = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                while let Some(m) = candidates.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let script = format!(
                        "{}design -save base\n{}",
                        prepare_script(&design.source, &design.top),
                        equivalence_script(m, &design.top),
                    );
                    let name = format!("equivalence-{}", m.index);
                    let log = match yosys(&design.dir, &name, &script, "proving equivalence") {
                        Ok(log) => log,
                        Err(MutateError::Yosys { log, .. }) => {
                            std::fs::read_to_string(log).unwrap_or_default()
                        }
                        Err(_) => continue,
                    };
                    if proved_in(&log) {
                        proved
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(m.index);
                    }
                }
            });
        }
    });
    let mut out = proved.into_inner().unwrap_or_else(|e| e.into_inner());
    out.sort_unstable();
    Ok(out)
}

/// Verilates the mutated design (cached by content).
pub fn build(design: &Design) -> Result<RtlBuild, MutateError> {
    Ok(verilate::build(&VerilateSpec::new(
        &design.mutated,
        &design.top,
    ))?)
}

/// The whole run's result.
#[derive(Clone, Debug)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
    pub seed: u64,
    pub preset: &'static str,
    pub time: Duration,
}

impl Report {
    pub fn killed(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Killed(_)))
    }
    pub fn survived(&self) -> usize {
        self.count(|v| *v == Verdict::Survived)
    }
    pub fn equivalent(&self) -> usize {
        self.count(|v| *v == Verdict::Equivalent)
    }
    fn count(&self, f: impl Fn(&Verdict) -> bool) -> usize {
        self.outcomes.iter().filter(|o| f(&o.verdict)).count()
    }

    /// Killed over non-equivalent mutants, in percent (100 when every mutant is equivalent).
    pub fn score(&self) -> f64 {
        let judged = self.killed() + self.survived();
        if judged == 0 {
            100.0
        } else {
            100.0 * self.killed() as f64 / judged as f64
        }
    }

    /// Survivors grouped by block, each with its source line and mutation.
    pub fn survivors_by_block(&self) -> BTreeMap<&str, Vec<&Mutation>> {
        let mut map: BTreeMap<&str, Vec<&Mutation>> = BTreeMap::new();
        for o in &self.outcomes {
            if o.verdict == Verdict::Survived {
                map.entry(o.mutation.block.as_str())
                    .or_default()
                    .push(&o.mutation);
            }
        }
        map
    }

    /// The human report: score line, survivors by block, equivalents, seed.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (block, ms) in self.survivors_by_block() {
            let _ = writeln!(s, "survivors in {block} ({}):", ms.len());
            for m in ms {
                let _ = writeln!(s, "  #{:<4} {:<6} {}", m.index, m.mode, m.source);
            }
        }
        let eq: Vec<String> = self
            .outcomes
            .iter()
            .filter(|o| o.verdict == Verdict::Equivalent)
            .map(|o| format!("#{}", o.mutation.index))
            .collect();
        if !eq.is_empty() {
            let _ = writeln!(
                s,
                "equivalent (proved: no output, register or memory port can differ): {}",
                eq.join(" ")
            );
        }
        let _ = writeln!(
            s,
            "preset {}, seed {}, {} mutants in {:.0} s: {} killed, {} survived, {} equivalent; score {:.1} % of non-equivalent mutants killed",
            self.preset,
            self.seed,
            self.outcomes.len(),
            self.time.as_secs_f64(),
            self.killed(),
            self.survived(),
            self.equivalent(),
            self.score()
        );
        s
    }
}

/// Runs the mutants of `design` (those numbered in `only`, or all when it is empty) against
/// `checks` on `jobs` threads, then tries the survivors for equivalence. `progress` is called after
/// each mutant (from worker threads).
#[allow(clippy::too_many_arguments)]
pub fn run(
    design: &Design,
    build: &RtlBuild,
    checks: &Checks,
    seed: u64,
    jobs: usize,
    only: &[u32],
    progress: &(dyn Fn(&Outcome) + Sync),
) -> Result<Report, MutateError> {
    let start = Instant::now();
    let selected: Vec<&Mutation> = design
        .mutations
        .iter()
        .filter(|m| only.is_empty() || only.contains(&m.index))
        .collect();
    let networks = checks.networks();
    check_mutant(build, 0, checks, &networks).map_err(MutateError::Baseline)?;

    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Outcome>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&m) = selected.get(i) else {
                        break;
                    };
                    let t0 = Instant::now();
                    let verdict = match check_mutant(build, m.index, checks, &networks) {
                        Err(why) => Verdict::Killed(why),
                        Ok(()) => Verdict::Survived,
                    };
                    let outcome = Outcome {
                        mutation: m.clone(),
                        verdict,
                        time: t0.elapsed(),
                    };
                    progress(&outcome);
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(outcome);
                }
            });
        }
    });
    let mut outcomes = results.into_inner().unwrap_or_else(|e| e.into_inner());
    outcomes.sort_by_key(|o| o.mutation.index);
    let survivors: Vec<&Mutation> = outcomes
        .iter()
        .filter(|o| o.verdict == Verdict::Survived)
        .map(|o| &o.mutation)
        .collect();
    let equivalent = prove_equivalent(design, &survivors, jobs)?;
    for o in &mut outcomes {
        if equivalent.contains(&o.mutation.index) {
            o.verdict = Verdict::Equivalent;
        }
    }
    Ok(Report {
        outcomes,
        seed,
        preset: checks.preset.name,
        time: start.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_mutation_is_read_with_its_block_and_deepest_source() {
        let modules = vec![
            (5, "flux_core_small".to_string()),
            (1274, "flux_core_small_neuron_core".to_string()),
            (3180, "flux_core_small_neuron_core_s1_mag_v".to_string()),
            (3200, "flux_core_small_neuron_core_s1_x".to_string()),
        ];
        let line = "mutate -mode inv -module flux_core_small -cell $flatten\\neuron_core.\\s1_mag_v.$procdff$4603 -port Q -portbit 0 -wire neuron_core.s1_mag_v.q -wirebit 0 -src /x/flux_core_small.v:3183.24-3183.25 -src /x/flux_core_small.v:259.33-270.6 -src /x/flux_core_small.v:1971.42-1975.6";
        let m = parse_mutation(7, line, &modules).unwrap();
        assert_eq!(m.index, 7);
        assert_eq!(m.block, "neuron_core");
        assert_eq!(m.mode, "inv");
        assert_eq!(
            m.source,
            "flux_core_small.v:3183 (flux_core_small_neuron_core_s1_mag_v)"
        );
        assert!(m.args.starts_with("-mode inv -module flux_core_small"));
        let top = "mutate -mode const1 -module flux_core_small -cell $and$/x/flux_core_small.v:30$5 -port A -portbit 0 -src /x/flux_core_small.v:30.1-30.9";
        let m = parse_mutation(1, top, &modules).unwrap();
        assert_eq!(m.block, "top");
        assert_eq!(m.source, "flux_core_small.v:30 (flux_core_small)");
        assert!(parse_mutation(1, "garbage", &modules).is_none());
    }

    #[test]
    fn the_score_counts_survivors_against_and_equivalents_not_at_all() {
        let m = |i| Mutation {
            index: i,
            args: String::new(),
            block: "stdp".into(),
            mode: "inv".into(),
            source: String::new(),
        };
        let o = |i, verdict| Outcome {
            mutation: m(i),
            verdict,
            time: Duration::ZERO,
        };
        let r = Report {
            outcomes: vec![
                o(1, Verdict::Killed("x".into())),
                o(2, Verdict::Killed("y".into())),
                o(3, Verdict::Killed("z".into())),
                o(4, Verdict::Survived),
                o(5, Verdict::Equivalent),
            ],
            seed: 1,
            preset: "small",
            time: Duration::ZERO,
        };
        assert_eq!((r.killed(), r.survived(), r.equivalent()), (3, 1, 1));
        assert_eq!(r.score(), 75.0);
        let text = r.text();
        assert!(text.contains("survivors in stdp (1):"), "{text}");
        assert!(text.contains("score 75.0 %"), "{text}");
    }
}
