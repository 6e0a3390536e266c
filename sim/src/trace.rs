//! Traces: what a run did, as readable text (`docs/model.md` §11). JSON Lines: a header line, then one
//! record per timestep with the neurons that spiked, the predicted clock cycles and the state of the
//! probed neurons after the update.
//!
//! ```text
//! {"flux_trace":1,"network":"cpg.toml","preset":"small","neurons":12,"fields":["v","u",...],"probes":[{"neuron":3,"name":"flexor[3]"}]}
//! {"t":0,"spikes":[],"cycles":20,"probes":{"3":{"v":-120,"u":0,"thr_off":4,...}}}
//! ```
//!
//! Probe fields are decoded from the packed state word with [`state::ALL`], in layout order, so the
//! trace names every field exactly as the state word does. [`TraceWriter`] streams records out,
//! [`TraceReader`] streams them back with the file and line of any malformed line, and [`diff`] finds
//! the first divergence between two traces.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::compile::Compiled;
use crate::core::Core;
use crate::image::Event;
use crate::inputs::InputSet;
use crate::spec::{Field, state};

/// Version of the trace format, the value of the header's `flux_trace` key. Bump it whenever a
/// reader of the old format would misread the new one (a state-word layout change included).
pub const FORMAT_VERSION: u32 = 1;

/// The header: the first line of a trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Format version, [`FORMAT_VERSION`]. Its key also marks the file as a Flux trace.
    pub flux_trace: u32,
    /// The network file the run simulated (its file name: traces do not depend on where it lives).
    pub network: String,
    /// The core preset the network was compiled for.
    pub preset: String,
    /// Neurons updated per timestep (`n_neurons`); every spike id is below it.
    pub neurons: u32,
    /// Names of the probe fields, in state-word layout order ([`state::ALL`]).
    pub fields: Vec<String>,
    /// The probed neurons, ascending.
    pub probes: Vec<Probe>,
    /// The probes are read after every `probe_every`-th timestep: the records of `t` with
    /// `(t + 1) % probe_every == 0` carry them, the others none (optional: left out when 1, every
    /// timestep).
    #[serde(default = "every_timestep", skip_serializing_if = "is_every_timestep")]
    pub probe_every: u64,
    /// The network's populations, so that any neuron can be named `population[index]` (optional:
    /// left out when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub populations: Vec<PopulationSpan>,
}

/// One population of the network: neurons `first .. first + size`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PopulationSpan {
    pub name: String,
    pub first: u32,
    pub size: u32,
}

/// One probed neuron.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    /// Neuron id.
    pub neuron: u32,
    /// Its name in the network file, `population[index]`, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

fn every_timestep() -> u64 {
    1
}

fn is_every_timestep(k: &u64) -> bool {
    *k == 1
}

/// Whether the record of timestep `t` carries the probes when they are read every `probe_every`
/// timesteps: after timesteps `probe_every - 1`, `2 * probe_every - 1`, ...
pub const fn probes_due(t: u64, probe_every: u64) -> bool {
    (t % probe_every) + 1 == probe_every
}

impl Header {
    /// A header of the current format. `probes` must be ascending and unique.
    pub fn new(
        network: impl Into<String>,
        preset: impl Into<String>,
        neurons: u32,
        probes: Vec<Probe>,
    ) -> Self {
        Self {
            flux_trace: FORMAT_VERSION,
            network: network.into(),
            preset: preset.into(),
            neurons,
            fields: state::ALL.iter().map(|f| f.name.to_string()).collect(),
            probes,
            probe_every: 1,
            populations: Vec::new(),
        }
    }

    /// The same header, its probes read every `probe_every` timesteps (at least 1).
    pub fn with_probe_every(mut self, probe_every: u64) -> Self {
        self.probe_every = probe_every;
        self
    }

    /// `population[index]` of neuron `n` (from the probes' names or the populations), if known.
    pub fn neuron_name(&self, n: u32) -> Option<String> {
        if let Some(name) = self
            .probes
            .iter()
            .find(|p| p.neuron == n)
            .and_then(|p| p.name.clone())
        {
            return Some(name);
        }
        self.populations
            .iter()
            .find(|p| n >= p.first && n - p.first < p.size)
            .map(|p| format!("{}[{}]", p.name, n - p.first))
    }

    /// The probed neuron ids, ascending.
    pub fn probe_ids(&self) -> Vec<u32> {
        self.probes.iter().map(|p| p.neuron).collect()
    }

    /// Checks what a reader relies on; the message says what is wrong.
    fn validate(&self) -> Result<(), String> {
        if self.probe_every == 0 {
            return Err("probe_every must be at least 1".into());
        }
        if self.flux_trace != FORMAT_VERSION {
            return Err(format!(
                "trace format version {} is not supported (this flux reads version {FORMAT_VERSION})",
                self.flux_trace
            ));
        }
        let expected: Vec<&str> = state::ALL.iter().map(|f| f.name).collect();
        if self.fields != expected {
            return Err(format!(
                "header fields {:?} do not match the state word layout {expected:?}",
                self.fields
            ));
        }
        for pair in self.probes.windows(2) {
            if pair[0].neuron >= pair[1].neuron {
                return Err(format!(
                    "header probes must be ascending and unique, found {} before {}",
                    pair[0].neuron, pair[1].neuron
                ));
            }
        }
        let mut next = 0u64;
        for p in &self.populations {
            if u64::from(p.first) < next
                || u64::from(p.first) + u64::from(p.size) > u64::from(self.neurons)
            {
                return Err(format!(
                    "header population {:?} ({}..{}) overlaps another or lies outside the {} neurons",
                    p.name,
                    p.first,
                    u64::from(p.first) + u64::from(p.size),
                    self.neurons
                ));
            }
            next = u64::from(p.first) + u64::from(p.size);
        }
        if let Some(p) = self.probes.iter().find(|p| p.neuron >= self.neurons) {
            return Err(format!(
                "probe neuron {} is outside the {} neurons",
                p.neuron, self.neurons
            ));
        }
        Ok(())
    }
}

/// The state of one probed neuron after the update of a timestep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProbeState {
    pub neuron: u32,
    /// The packed neuron state word (`docs/model.md` §6); fields are read with [`state::ALL`].
    pub word: u128,
}

impl ProbeState {
    /// The value of one state field.
    pub fn get(&self, field: Field) -> i64 {
        field.get(self.word)
    }
}

/// One timestep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The timestep.
    pub t: u64,
    /// Neurons that spiked in the update of `t`, ascending.
    pub spikes: Vec<u32>,
    /// Predicted clock cycles of the timestep (`sim/src/timing.rs`).
    pub cycles: u64,
    /// The probed neurons, in the header's order (ascending).
    pub probes: Vec<ProbeState>,
}

/// Serialized as `{"t":..,"spikes":[..],"cycles":..,"probes":{"<id>":{"<field>":..}}}`, keys in this
/// order and fields in layout order; `probes` is left out when nothing is probed.
impl Serialize for Record {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("t", &self.t)?;
        m.serialize_entry("spikes", &self.spikes)?;
        m.serialize_entry("cycles", &self.cycles)?;
        if !self.probes.is_empty() {
            m.serialize_entry("probes", &ProbeMap(&self.probes))?;
        }
        m.end()
    }
}

struct ProbeMap<'a>(&'a [ProbeState]);

impl Serialize for ProbeMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for p in self.0 {
            m.serialize_entry(&p.neuron.to_string(), &StateFields(p.word))?;
        }
        m.end()
    }
}

struct StateFields(u128);

impl Serialize for StateFields {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(state::ALL.len()))?;
        for f in state::ALL {
            m.serialize_entry(f.name, &f.get(self.0))?;
        }
        m.end()
    }
}

/// A record as it appears in the file, before it is checked against the header.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecord {
    t: u64,
    spikes: Vec<u32>,
    cycles: u64,
    #[serde(default)]
    probes: BTreeMap<u32, BTreeMap<String, i64>>,
}

/// A trace that could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum TraceError {
    #[error("{file}: {err}")]
    Io {
        file: String,
        #[source]
        err: io::Error,
    },
    #[error("{file}:{line}: {message}")]
    Malformed {
        file: String,
        line: u64,
        message: String,
    },
}

/// Streams a trace out: the header on creation, then one line per [`TraceWriter::write`].
pub struct TraceWriter<W: Write> {
    out: BufWriter<W>,
}

impl<W: Write> TraceWriter<W> {
    /// Writes the header line.
    pub fn new(out: W, header: &Header) -> io::Result<Self> {
        let mut out = BufWriter::new(out);
        serde_json::to_writer(&mut out, header)?;
        out.write_all(b"\n")?;
        Ok(Self { out })
    }

    /// Writes one record line.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, record)?;
        self.out.write_all(b"\n")
    }

    /// Flushes and hands the destination back.
    pub fn finish(self) -> io::Result<W> {
        self.out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
    }
}

/// Renders a whole trace as text (golden snapshots and tests).
pub fn to_string(header: &Header, records: &[Record]) -> String {
    let mut w = TraceWriter::new(Vec::new(), header).expect("writing to memory cannot fail");
    for r in records {
        w.write(r).expect("writing to memory cannot fail");
    }
    String::from_utf8(w.finish().expect("writing to memory cannot fail")).expect("JSON is UTF-8")
}

/// Streams a trace in. The header is read and checked on creation; iterating yields the records,
/// each checked against the header (probe set, field names and ranges, spike ids ascending and below
/// `neurons`) and against the previous one (`t` counts up by one). Blank lines are skipped.
pub struct TraceReader<R> {
    input: R,
    file: String,
    line: u64,
    buf: String,
    header: Header,
    prev_t: Option<u64>,
    failed: bool,
}

impl TraceReader<BufReader<File>> {
    /// Opens a trace file.
    pub fn open(path: &Path) -> Result<Self, TraceError> {
        let file = path.display().to_string();
        let f = File::open(path).map_err(|err| TraceError::Io {
            file: file.clone(),
            err,
        })?;
        Self::new(BufReader::new(f), file)
    }
}

impl<R: BufRead> TraceReader<R> {
    /// Reads the header from `input`; `file` names the input in errors.
    pub fn new(input: R, file: impl Into<String>) -> Result<Self, TraceError> {
        let mut reader = Self {
            input,
            file: file.into(),
            line: 0,
            buf: String::new(),
            header: Header::new("", "", 0, Vec::new()),
            prev_t: None,
            failed: false,
        };
        if !reader.next_line()? {
            return Err(reader.malformed("empty file: a trace starts with a header line".into()));
        }
        let value: serde_json::Value = serde_json::from_str(&reader.buf)
            .map_err(|e| reader.malformed(format!("invalid JSON: {e}")))?;
        if value.get("flux_trace").is_none() {
            return Err(reader.malformed(
                "not a Flux trace: the first line must be a header with a \"flux_trace\" version"
                    .into(),
            ));
        }
        let header: Header = serde_json::from_value(value)
            .map_err(|e| reader.malformed(format!("invalid header: {e}")))?;
        header.validate().map_err(|m| reader.malformed(m))?;
        reader.header = header;
        Ok(reader)
    }

    /// The header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The name errors give the input.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Reads the next non-blank line into `buf`; false at the end of the input.
    fn next_line(&mut self) -> Result<bool, TraceError> {
        loop {
            self.buf.clear();
            let n = self
                .input
                .read_line(&mut self.buf)
                .map_err(|err| TraceError::Io {
                    file: self.file.clone(),
                    err,
                })?;
            if n == 0 {
                return Ok(false);
            }
            self.line += 1;
            if !self.buf.trim().is_empty() {
                return Ok(true);
            }
        }
    }

    fn malformed(&self, message: String) -> TraceError {
        TraceError::Malformed {
            file: self.file.clone(),
            line: self.line,
            message,
        }
    }

    fn read_record(&mut self) -> Result<Option<Record>, TraceError> {
        if !self.next_line()? {
            return Ok(None);
        }
        let raw: RawRecord = serde_json::from_str(&self.buf)
            .map_err(|e| self.malformed(format!("invalid record: {e}")))?;
        let record = self.check(raw).map_err(|m| self.malformed(m))?;
        self.prev_t = Some(record.t);
        Ok(Some(record))
    }

    /// Checks a raw record against the header and the previous record, and packs its probes.
    fn check(&self, raw: RawRecord) -> Result<Record, String> {
        // Checked: after t = 2^64 - 1 nothing may follow (a t = 0 there is a wrap, not a successor).
        if let Some(prev) = self.prev_t
            && prev.checked_add(1) != Some(raw.t)
        {
            return Err(format!(
                "t={} follows t={prev}: timesteps must count up by one",
                raw.t
            ));
        }
        for pair in raw.spikes.windows(2) {
            if pair[0] >= pair[1] {
                return Err(format!(
                    "spikes must be ascending and unique, found {} before {}",
                    pair[0], pair[1]
                ));
            }
        }
        if let Some(&n) = raw.spikes.iter().find(|&&n| n >= self.header.neurons) {
            return Err(format!(
                "spike from neuron {n}, but the trace has {} neurons",
                self.header.neurons
            ));
        }
        let ids: Vec<u32> = raw.probes.keys().copied().collect();
        let every = self.header.probe_every;
        if probes_due(raw.t, every) && ids != self.header.probe_ids() {
            return Err(format!(
                "probes {ids:?} differ from the header's {:?}",
                self.header.probe_ids()
            ));
        }
        if !probes_due(raw.t, every) && !ids.is_empty() {
            return Err(format!(
                "probes at t={}, but this trace reads them every {every} timesteps (t = {}, {}, ...)",
                raw.t,
                every - 1,
                2 * every - 1
            ));
        }
        let mut probes = Vec::with_capacity(raw.probes.len());
        for (neuron, fields) in raw.probes {
            let mut word = 0u128;
            for f in state::ALL {
                let value = *fields
                    .get(f.name)
                    .ok_or_else(|| format!("probe {neuron}: field {} is missing", f.name))?;
                if !f.fits(value) {
                    return Err(format!(
                        "probe {neuron}: field {} = {value} is outside {}..={}",
                        f.name,
                        f.min(),
                        f.max()
                    ));
                }
                word = f.set(word, value);
            }
            if let Some(extra) = fields
                .keys()
                .find(|k| !state::ALL.iter().any(|f| f.name == k.as_str()))
            {
                return Err(format!("probe {neuron}: unknown field {extra:?}"));
            }
            probes.push(ProbeState { neuron, word });
        }
        Ok(Record {
            t: raw.t,
            spikes: raw.spikes,
            cycles: raw.cycles,
            probes,
        })
    }
}

/// Yields records until the end of the input or the first error (after which it stops).
impl<R: BufRead> Iterator for TraceReader<R> {
    type Item = Result<Record, TraceError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let result = self.read_record();
        self.failed = result.is_err();
        result.transpose()
    }
}

/// A whole trace in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    pub header: Header,
    pub records: Vec<Record>,
}

impl Trace {
    /// Reads a whole trace file.
    pub fn read(path: &Path) -> Result<Self, TraceError> {
        let reader = TraceReader::open(path)?;
        let header = reader.header().clone();
        let records = reader.collect::<Result<_, _>>()?;
        Ok(Self { header, records })
    }

    /// The trace as text.
    pub fn to_text(&self) -> String {
        to_string(&self.header, &self.records)
    }
}

/// Which of the two compared traces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::A => "A",
            Side::B => "B",
        })
    }
}

/// Where two traces first differ. Within a timestep, spikes are compared first, then the probes
/// (ascending neuron, fields in layout order), then the cycle count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Divergence {
    /// The traces probe different neurons, so their states cannot be compared.
    Probes { a: Vec<u32>, b: Vec<u32> },
    /// The `record`-th records (from 0) are of different timesteps.
    Time { record: u64, a: u64, b: u64 },
    /// `neuron` spiked at `t` in trace `spiked_in` only (the lowest such neuron).
    Spike {
        t: u64,
        neuron: u32,
        spiked_in: Side,
    },
    /// A probe field differs.
    Field {
        t: u64,
        neuron: u32,
        field: &'static str,
        a: i64,
        b: i64,
    },
    /// The predicted cycle counts differ.
    Cycles { t: u64, a: u64, b: u64 },
    /// One trace ends early: all of its `shorter` timesteps agree, the other has `longer`.
    Length {
        ends: Side,
        shorter: u64,
        longer: u64,
    },
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Divergence::Probes { a, b } => {
                write!(f, "the traces probe different neurons: A={a:?} B={b:?}")
            }
            Divergence::Time { record, a, b } => {
                write!(
                    f,
                    "record {record} is of different timesteps: A has t={a}, B has t={b}"
                )
            }
            Divergence::Spike {
                t,
                neuron,
                spiked_in,
            } => {
                write!(
                    f,
                    "first divergence at t={t}: neuron {neuron} spiked in {spiked_in} only"
                )
            }
            Divergence::Field {
                t,
                neuron,
                field,
                a,
                b,
            } => {
                write!(
                    f,
                    "first divergence at t={t}: neuron {neuron} field {field}: A={a} B={b}"
                )
            }
            Divergence::Cycles { t, a, b } => {
                write!(f, "first divergence at t={t}: cycles: A={a} B={b}")
            }
            Divergence::Length {
                ends,
                shorter,
                longer,
            } => write!(
                f,
                "the first {shorter} timesteps agree, then {ends} ends; the other trace has {longer} timesteps"
            ),
        }
    }
}

impl Divergence {
    /// The divergence in words, each neuron followed by its name (`left[3]`) where `name` knows it.
    pub fn describe(&self, name: impl Fn(u32) -> Option<String>) -> String {
        let text = self.to_string();
        let neuron = match self {
            Divergence::Spike { neuron, .. } | Divergence::Field { neuron, .. } => *neuron,
            _ => return text,
        };
        match name(neuron) {
            Some(n) => text.replacen(
                &format!("neuron {neuron} "),
                &format!("neuron {neuron} ({}) ", quote_name(&n)),
                1,
            ),
            None => text,
        }
    }
}

/// A name from a trace for a message: control characters escaped, at most 64 characters.
fn quote_name(name: &str) -> String {
    let short: String = name.chars().take(64).collect();
    let escaped: String = short.escape_debug().collect();
    if name.chars().count() > 64 {
        format!("{escaped}…")
    } else {
        escaped
    }
}

/// The result of comparing two traces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffOutcome {
    /// Same probes, same number of timesteps, every record equal.
    Identical {
        timesteps: u64,
    },
    /// The probe sets or the probe intervals differ; the spikes, the cycles and the probes both
    /// traces share are equal in every timestep of both (probes where both records carry them).
    /// `only_a` / `only_b`: probes of one trace, not compared; `every`: the two `probe_every`.
    Agree {
        timesteps: u64,
        shared: Vec<u32>,
        only_a: Vec<u32>,
        only_b: Vec<u32>,
        every: (u64, u64),
    },
    Diverged(Divergence),
}

/// Where two records of the same timestep first differ, if they do.
pub fn first_difference(a: &Record, b: &Record) -> Option<Divergence> {
    let t = a.t;
    if a.t != b.t {
        return Some(Divergence::Time {
            record: 0,
            a: a.t,
            b: b.t,
        });
    }
    if let Some((neuron, spiked_in)) = first_spike_difference(&a.spikes, &b.spikes) {
        return Some(Divergence::Spike {
            t,
            neuron,
            spiked_in,
        });
    }
    for (pa, pb) in a.probes.iter().zip(&b.probes) {
        if pa.neuron != pb.neuron {
            return Some(Divergence::Probes {
                a: a.probes.iter().map(|p| p.neuron).collect(),
                b: b.probes.iter().map(|p| p.neuron).collect(),
            });
        }
        for field in state::ALL {
            let (va, vb) = (pa.get(field), pb.get(field));
            if va != vb {
                return Some(Divergence::Field {
                    t,
                    neuron: pa.neuron,
                    field: field.name,
                    a: va,
                    b: vb,
                });
            }
        }
    }
    if a.cycles != b.cycles {
        return Some(Divergence::Cycles {
            t,
            a: a.cycles,
            b: b.cycles,
        });
    }
    None
}

/// The lowest neuron in one ascending spike list and not the other, and which list holds it.
fn first_spike_difference(a: &[u32], b: &[u32]) -> Option<(u32, Side)> {
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i), b.get(j)) {
            (None, None) => return None,
            (Some(&x), None) => return Some((x, Side::A)),
            (None, Some(&y)) => return Some((y, Side::B)),
            (Some(&x), Some(&y)) if x == y => (i, j) = (i + 1, j + 1),
            (Some(&x), Some(&y)) => return Some(if x < y { (x, Side::A) } else { (y, Side::B) }),
        }
    }
}

/// Compares two traces record by record and stops at the first divergence. Reading errors of either
/// trace are returned as errors, not divergences.
pub fn diff<A: BufRead, B: BufRead>(
    mut a: TraceReader<A>,
    mut b: TraceReader<B>,
) -> Result<DiffOutcome, TraceError> {
    // Different probe sets: the probes both traces share are compared (with the spikes and cycles).
    let (probes_a, probes_b) = (a.header().probe_ids(), b.header().probe_ids());
    let shared: Vec<u32> = probes_a
        .iter()
        .copied()
        .filter(|n| probes_b.contains(n))
        .collect();
    // Probes read at different intervals are compared where both records carry them.
    let same_probes = probes_a == probes_b && a.header().probe_every == b.header().probe_every;
    let keep = |mut r: Record| {
        if !same_probes {
            r.probes.retain(|p| shared.contains(&p.neuron));
        }
        r
    };
    let mut count = 0u64;
    loop {
        match (
            a.next().transpose()?.map(keep),
            b.next().transpose()?.map(keep),
        ) {
            (None, None) if same_probes => {
                return Ok(DiffOutcome::Identical { timesteps: count });
            }
            (None, None) => {
                return Ok(DiffOutcome::Agree {
                    timesteps: count,
                    every: (a.header().probe_every, b.header().probe_every),
                    only_a: probes_a
                        .iter()
                        .copied()
                        .filter(|n| !shared.contains(n))
                        .collect(),
                    only_b: probes_b
                        .iter()
                        .copied()
                        .filter(|n| !shared.contains(n))
                        .collect(),
                    shared,
                });
            }
            (Some(_), None) => return Ok(DiffOutcome::Diverged(length(Side::B, count, 1, a)?)),
            (None, Some(_)) => return Ok(DiffOutcome::Diverged(length(Side::A, count, 1, b)?)),
            (Some(ra), Some(rb)) => {
                if let Some(d) = first_difference(&ra, &rb) {
                    let d = match d {
                        Divergence::Time { a, b, .. } => Divergence::Time {
                            record: count,
                            a,
                            b,
                        },
                        other => other,
                    };
                    return Ok(DiffOutcome::Diverged(d));
                }
                count += 1;
            }
        }
    }
}

/// The length divergence once trace `ends` ran out after `shorter` records, counting the rest of the other.
fn length<R: BufRead>(
    ends: Side,
    shorter: u64,
    read: u64,
    rest: TraceReader<R>,
) -> Result<Divergence, TraceError> {
    let mut longer = shorter + read;
    for r in rest {
        r?;
        longer += 1;
    }
    Ok(Divergence::Length {
        ends,
        shorter,
        longer,
    })
}

/// Runs a compiled network on the model one timestep at a time and records each timestep: the
/// single way the command line and the golden tests turn a run into a trace.
pub struct Recorder {
    core: Core,
    inputs: InputSet,
    probes: Vec<u32>,
    probe_every: u64,
    events: Vec<Event>,
    t: u64,
}

impl Recorder {
    /// A recorder of the network from timestep 0, probing `probes` (ascending, below `n_neurons`).
    pub fn new(compiled: &Compiled, probes: &[u32]) -> Self {
        Self::with_core(compiled, probes, Core::new(&compiled.image))
    }

    /// [`Recorder::new`] with the model stepping on `threads` threads ([`Core::with_threads`]; the
    /// records are identical for any count).
    pub fn with_threads(
        compiled: &Compiled,
        probes: &[u32],
        threads: usize,
    ) -> Result<Self, crate::core::ThreadError> {
        let core = Core::with_threads(&compiled.image, threads)?;
        Ok(Self::with_core(compiled, probes, core))
    }

    fn with_core(compiled: &Compiled, probes: &[u32], core: Core) -> Self {
        let mut inputs = compiled.inputs.clone();
        inputs.reset();
        Self {
            core,
            inputs,
            probes: probes.to_vec(),
            probe_every: 1,
            events: Vec::new(),
            t: 0,
        }
    }

    /// The same recorder, reading the probes after every `probe_every`-th timestep only
    /// ([`probes_due`]; at least 1).
    pub fn with_probe_every(mut self, probe_every: u64) -> Self {
        assert!(probe_every >= 1, "probe_every must be at least 1");
        self.probe_every = probe_every;
        self
    }

    /// Runs the next timestep and returns its record.
    pub fn step(&mut self) -> Record {
        let t = self.t;
        self.inputs.events_at(t, &mut self.events);
        let report = self.core.step(&self.events);
        let mut record = Record {
            t,
            spikes: report.spikes.to_vec(),
            cycles: report.cycles,
            probes: Vec::new(),
        };
        if probes_due(t, self.probe_every) {
            record.probes = self
                .probes
                .iter()
                .map(|&neuron| ProbeState {
                    neuron,
                    word: self.core.state_word(neuron),
                })
                .collect();
        }
        self.t += 1;
        record
    }
}

/// The header of a trace of `compiled`, naming each probe `population[index]`. `network` is the file
/// name to record; `probes` must be ascending and unique.
pub fn header_for(compiled: &Compiled, network: &str, probes: &[u32]) -> Header {
    let probes = probes
        .iter()
        .map(|&neuron| Probe {
            neuron,
            name: compiled
                .population_of(neuron)
                .map(|p| format!("{}[{}]", p.name, neuron - p.first)),
        })
        .collect();
    let mut header = Header::new(
        network,
        compiled.image.preset.name,
        compiled.image.n_neurons,
        probes,
    );
    header.populations = compiled
        .neurons
        .iter()
        .map(|p| PopulationSpan {
            name: p.name.clone(),
            first: p.first,
            size: p.size,
        })
        .collect();
    header
}
