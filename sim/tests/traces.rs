//! The trace format (`sim/src/trace.rs`, `docs/model.md` §11): round trips, errors on malformed input,
//! and the first divergence found by `diff`.

use std::io::Cursor;
use std::path::Path;

use flux_sim::spec::{STATE_BITS, state};
use flux_sim::trace::{
    DiffOutcome, Divergence, Header, Probe, ProbeState, Record, Side, Trace, TraceError,
    TraceReader, diff, to_string,
};

const FILE: &str = "mem.jsonl";

fn header(neurons: u32, probes: &[u32]) -> Header {
    let probes = probes
        .iter()
        .map(|&neuron| Probe {
            neuron,
            name: Some(format!("pop[{neuron}]")),
        })
        .collect();
    Header::new("net.toml", "small", neurons, probes)
}

/// A state word with the given fields set (the others 0).
fn word(fields: &[(&str, i64)]) -> u128 {
    fields.iter().fold(0, |w, &(name, v)| {
        state::ALL
            .iter()
            .find(|f| f.name == name)
            .unwrap()
            .set(w, v)
    })
}

fn record(t: u64, spikes: &[u32], cycles: u64, probes: &[(u32, u128)]) -> Record {
    Record {
        t,
        spikes: spikes.to_vec(),
        cycles,
        probes: probes
            .iter()
            .map(|&(neuron, word)| ProbeState { neuron, word })
            .collect(),
    }
}

fn read_str(text: &str) -> Result<Trace, TraceError> {
    let reader = TraceReader::new(Cursor::new(text.to_string()), FILE)?;
    let header = reader.header().clone();
    let records = reader.collect::<Result<_, _>>()?;
    Ok(Trace { header, records })
}

fn reader(text: &str) -> TraceReader<Cursor<String>> {
    TraceReader::new(Cursor::new(text.to_string()), FILE).unwrap()
}

/// A three-timestep trace probing neurons 1 and 3 of 4.
fn base() -> (Header, Vec<Record>) {
    let h = header(4, &[1, 3]);
    let records = vec![
        record(0, &[], 12, &[(1, word(&[("v", -5)])), (3, 0)]),
        record(
            1,
            &[0, 2],
            14,
            &[
                (1, word(&[("v", 7), ("ref_cnt", 2)])),
                (3, word(&[("thr_off", -3)])),
            ],
        ),
        record(
            2,
            &[3],
            13,
            &[(1, word(&[("v", 8)])), (3, word(&[("mod_level", 100)]))],
        ),
    ];
    (h, records)
}

fn text_of(h: &Header, records: &[Record]) -> String {
    to_string(h, records)
}

#[test]
fn round_trip_keeps_every_field_at_its_limits() {
    // Each probe word holds every field at its minimum (neuron 0) or maximum (neuron 1): a sign or
    // width slip in the decoder or the repacking shows up as an inequality.
    let h = header(2, &[0, 1]);
    let min = state::ALL.iter().fold(0, |w, f| f.set(w, f.min()));
    let max = state::ALL.iter().fold(0, |w, f| f.set(w, f.max()));
    let records = vec![
        record(0, &[0, 1], u64::MAX, &[(0, min), (1, max)]),
        record(1, &[], 0, &[(0, max), (1, min)]),
    ];
    let back = read_str(&text_of(&h, &records)).unwrap();
    assert_eq!(back.header, h);
    assert_eq!(back.records, records);
}

#[test]
fn round_trip_of_seeded_random_state_words() {
    // The stimulus kit's generator, seeded; the seed is printed so a failure can be replayed.
    let seed: u64 = 0x005E_EDF1_u64;
    println!("seed = {seed:#x}");
    let mut rng = flux_sim::testing::SplitMix64(seed);
    let mut next = || rng.next();
    let probes: Vec<u32> = (0..8).map(|i| i * 3).collect();
    let h = header(32, &probes);
    let mask = (1u128 << STATE_BITS) - 1;
    let records: Vec<Record> = (0..50)
        .map(|t| {
            let spikes: Vec<u32> = (0..32).filter(|_| next() % 4 == 0).collect();
            let words: Vec<(u32, u128)> = probes
                .iter()
                .map(|&n| (n, ((u128::from(next()) << 64) | u128::from(next())) & mask))
                .collect();
            record(t, &spikes, next() % 100_000, &words)
        })
        .collect();
    let back = read_str(&text_of(&h, &records)).unwrap();
    assert_eq!(back.records, records, "seed {seed:#x}");
}

#[test]
fn record_lines_name_fields_in_layout_order() {
    // The text itself is the interface people read: keys in the order t, spikes, cycles, probes,
    // and the state fields in state-word layout order (state::ALL), each with its decoded value.
    let h = header(4, &[3]);
    let w = word(&[("v", -120), ("thr_off", 4), ("ref_cnt", 2)]);
    let text = text_of(&h, &[record(12, &[3], 1402, &[(3, w)])]);
    let line = text.lines().nth(1).unwrap();
    let fields: Vec<String> = state::ALL
        .iter()
        .map(|f| {
            format!(
                "\"{}\":{}",
                f.name,
                match f.name {
                    "v" => -120,
                    "thr_off" => 4,
                    "ref_cnt" => 2,
                    _ => 0,
                }
            )
        })
        .collect();
    let expected = format!(
        "{{\"t\":12,\"spikes\":[3],\"cycles\":1402,\"probes\":{{\"3\":{{{}}}}}}}",
        fields.join(",")
    );
    assert_eq!(line, expected);
    assert!(
        text.starts_with("{\"flux_trace\":1,\"network\":\"net.toml\""),
        "{text}"
    );
}

#[test]
fn records_without_probes_leave_the_key_out() {
    let h = header(4, &[]);
    let text = text_of(&h, &[record(0, &[1], 9, &[])]);
    assert_eq!(
        text.lines().nth(1).unwrap(),
        r#"{"t":0,"spikes":[1],"cycles":9}"#
    );
    assert_eq!(
        read_str(&text).unwrap().records,
        vec![record(0, &[1], 9, &[])]
    );
}

#[test]
fn an_empty_run_has_a_header_and_no_records() {
    let h = header(0, &[]);
    let back = read_str(&text_of(&h, &[])).unwrap();
    assert_eq!(back.header, h);
    assert!(back.records.is_empty());
}

/// Replaces line `n` (1-based) of the base trace and expects an error at that line containing `needle`.
fn assert_malformed(n: usize, replacement: &str, needle: &str) {
    let (h, records) = base();
    let text = text_of(&h, &records);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[n - 1] = replacement.to_string();
    let err = read_str(&lines.join("\n")).expect_err(replacement);
    let msg = err.to_string();
    assert!(
        matches!(err, TraceError::Malformed { line, .. } if line == n as u64),
        "{msg}"
    );
    assert!(msg.starts_with(&format!("{FILE}:{n}: ")), "{msg}");
    assert!(msg.contains(needle), "expected {needle:?} in {msg:?}");
}

#[test]
fn malformed_lines_name_file_and_line() {
    assert_malformed(3, "{\"t\":1, spikes", "invalid record");
    assert_malformed(
        1,
        "{\"t\":0,\"spikes\":[],\"cycles\":1}",
        "not a Flux trace",
    );
    assert_malformed(1, "hello", "invalid JSON");
    let probe_line = |t: u64, extra: &str| {
        let fields: Vec<String> = state::ALL
            .iter()
            .map(|f| format!("\"{}\":0", f.name))
            .collect();
        let f = fields.join(",");
        format!(
            "{{\"t\":{t},\"spikes\":[],\"cycles\":1,\"probes\":{{\"1\":{{{f}{extra}}},\"3\":{{{f}}}}}}}"
        )
    };
    // t must count up by one: the third line is t=1, so t=5 is refused.
    assert_malformed(3, &probe_line(5, ""), "t=5 follows t=0");
    assert_malformed(3, &probe_line(1, ",\"w\":1"), "unknown field \"w\"");
    assert_malformed(3, "{\"t\":1,\"spikes\":[2,0],\"cycles\":1}", "ascending");
    // Neuron ids are 0..3 in a 4-neuron trace.
    assert_malformed(
        3,
        "{\"t\":1,\"spikes\":[4],\"cycles\":1}",
        "spike from neuron 4",
    );
    // The header probes 1 and 3; a record without probes disagrees.
    assert_malformed(
        3,
        "{\"t\":1,\"spikes\":[],\"cycles\":1}",
        "differ from the header",
    );
    assert_malformed(
        3,
        "{\"t\":1,\"spikes\":[],\"cycles\":1,\"extra\":0}",
        "unknown field `extra`",
    );
    // ref_cnt is 8 bits unsigned: 256 does not fit.
    let big = probe_line(1, "").replacen("\"ref_cnt\":0", "\"ref_cnt\":256", 1);
    assert_malformed(3, &big, "ref_cnt = 256 is outside 0..=255");
    let missing = probe_line(1, "").replacen("\"v\":0,", "", 1);
    assert_malformed(3, &missing, "field v is missing");
}

#[test]
fn a_timestep_wrapping_past_the_largest_is_refused() {
    // t = 2^64 - 1 has no successor: a following t = 0 is a wrap, not the next timestep (issue 11).
    let h = header(4, &[]);
    let records = vec![record(u64::MAX, &[], 1, &[]), record(0, &[], 1, &[])];
    let err = read_str(&text_of(&h, &records)).expect_err("a wrapped t");
    let msg = err.to_string();
    // Line 3: the header is line 1, t = 2^64 - 1 line 2.
    assert!(
        matches!(err, TraceError::Malformed { line: 3, .. }),
        "{msg}"
    );
    assert_eq!(
        msg,
        format!(
            "{FILE}:3: t=0 follows t={}: timesteps must count up by one",
            u64::MAX
        )
    );
}

#[test]
fn bad_headers_are_refused() {
    let (h, records) = base();
    let text = text_of(&h, &records);
    let first = text.lines().next().unwrap();
    assert_malformed(
        1,
        &first.replace("\"flux_trace\":1", "\"flux_trace\":2"),
        "version 2 is not supported",
    );
    assert_malformed(
        1,
        &first.replace("\"thr_off\"", "\"thr\""),
        "do not match the state word layout",
    );
    assert_malformed(
        1,
        &first.replace("\"neuron\":3", "\"neuron\":0"),
        "ascending and unique",
    );
    assert_malformed(
        1,
        &first.replace("\"neurons\":4", "\"neurons\":3"),
        "probe neuron 3 is outside the 3 neurons",
    );
}

#[test]
fn empty_and_missing_files_are_errors() {
    let err = TraceReader::new(Cursor::new(String::new()), FILE)
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        format!("{FILE}:0: empty file: a trace starts with a header line")
    );
    let err = Trace::read(Path::new("/nonexistent/dir/x.jsonl")).unwrap_err();
    assert!(matches!(err, TraceError::Io { .. }));
    assert!(
        err.to_string().starts_with("/nonexistent/dir/x.jsonl: "),
        "{err}"
    );
}

#[test]
fn the_reader_stops_after_the_first_error() {
    let (h, records) = base();
    let mut text = text_of(&h, &records[..1]);
    text.push_str("garbage\n");
    text.push_str(
        &text_of(&h, &records[1..])
            .lines()
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let results: Vec<_> = reader(&text).collect();
    assert_eq!(results.len(), 2, "one record, then one error, then nothing");
    assert!(results[0].is_ok() && results[1].is_err());
}

fn diff_of(a: &(Header, Vec<Record>), b: &(Header, Vec<Record>)) -> DiffOutcome {
    diff(reader(&text_of(&a.0, &a.1)), reader(&text_of(&b.0, &b.1))).unwrap()
}

#[test]
fn diff_of_a_trace_with_itself_is_identical() {
    let a = base();
    assert_eq!(diff_of(&a, &a), DiffOutcome::Identical { timesteps: 3 });
}

#[test]
fn diff_finds_the_first_spike_difference() {
    let a = base();
    let mut b = base();
    // t=1: A spikes [0, 2]; B spikes [0, 1, 2]: neuron 1 spiked in B only. A later difference at t=2
    // must not be the one reported.
    b.1[1].spikes = vec![0, 1, 2];
    b.1[2].spikes = vec![];
    assert_eq!(
        diff_of(&a, &b),
        DiffOutcome::Diverged(Divergence::Spike {
            t: 1,
            neuron: 1,
            spiked_in: Side::B
        })
    );
    // The other way round: neuron 2 is missing from B, so it spiked in A only.
    b.1[1].spikes = vec![0];
    assert_eq!(
        diff_of(&a, &b),
        DiffOutcome::Diverged(Divergence::Spike {
            t: 1,
            neuron: 2,
            spiked_in: Side::A
        })
    );
}

#[test]
fn diff_finds_the_first_probe_field_difference() {
    let a = base();
    let mut b = base();
    // t=2, neuron 3: mod_level 100 in A, 101 in B; neuron 1 at t=2 also differs in v, and neuron 1
    // comes first, so v of neuron 1 is reported.
    b.1[2].probes[1].word = word(&[("mod_level", 101)]);
    b.1[2].probes[0].word = word(&[("v", 9)]);
    let d = diff_of(&a, &b);
    assert_eq!(
        d,
        DiffOutcome::Diverged(Divergence::Field {
            t: 2,
            neuron: 1,
            field: "v",
            a: 8,
            b: 9
        })
    );
    let DiffOutcome::Diverged(d) = d else {
        unreachable!()
    };
    assert_eq!(
        d.to_string(),
        "first divergence at t=2: neuron 1 field v: A=8 B=9"
    );
    b.1[2].probes[0].word = word(&[("v", 8)]);
    assert_eq!(
        diff_of(&a, &b),
        DiffOutcome::Diverged(Divergence::Field {
            t: 2,
            neuron: 3,
            field: "mod_level",
            a: 100,
            b: 101
        })
    );
}

#[test]
fn diff_finds_cycle_differences() {
    let a = base();
    let mut b = base();
    b.1[0].cycles = 13;
    assert_eq!(
        diff_of(&a, &b),
        DiffOutcome::Diverged(Divergence::Cycles { t: 0, a: 12, b: 13 })
    );
}

#[test]
fn diff_reports_length_mismatches() {
    let a = base();
    let mut b = base();
    b.1.truncate(1);
    // B stops after its first timestep; A goes on to 3.
    assert_eq!(
        diff_of(&a, &b),
        DiffOutcome::Diverged(Divergence::Length {
            ends: Side::B,
            shorter: 1,
            longer: 3
        })
    );
    assert_eq!(
        diff_of(&b, &a),
        DiffOutcome::Diverged(Divergence::Length {
            ends: Side::A,
            shorter: 1,
            longer: 3
        })
    );
    b.1.clear();
    assert_eq!(
        diff_of(&b, &a),
        DiffOutcome::Diverged(Divergence::Length {
            ends: Side::A,
            shorter: 0,
            longer: 3
        })
    );
}

#[test]
fn diff_reports_different_probe_sets_and_start_times() {
    let a = base();
    let mut b = base();
    b.0.probes.pop();
    for r in &mut b.1 {
        r.probes.pop();
    }
    // Different probe sets: the spikes, cycles and the shared probe (1) are compared, and agree.
    assert_eq!(
        diff_of(&a, &b),
        DiffOutcome::Agree {
            timesteps: 3,
            shared: vec![1],
            only_a: vec![3],
            only_b: vec![],
            every: (1, 1),
        }
    );
    // A difference in the shared probe is still found.
    let mut d = b.clone();
    let w = d.1[1].probes[0].word;
    d.1[1].probes[0].word = state::V.set(w, state::V.get(w) + 1);
    assert!(matches!(
        diff_of(&a, &d),
        DiffOutcome::Diverged(Divergence::Field {
            t: 1,
            neuron: 1,
            field: "v",
            ..
        })
    ));

    let mut c = base();
    for r in &mut c.1 {
        r.t += 10;
    }
    assert_eq!(
        diff_of(&a, &c),
        DiffOutcome::Diverged(Divergence::Time {
            record: 0,
            a: 0,
            b: 10
        })
    );
}

#[test]
fn diff_passes_reading_errors_through() {
    let (h, records) = base();
    let good = text_of(&h, &records);
    let bad = good.replacen("\"t\":2", "\"t\":7", 1);
    let err = diff(reader(&good), reader(&bad)).unwrap_err();
    assert!(err.to_string().contains(&format!("{FILE}:4:")), "{err}");
}

/// `probe_every` K: the records of t = K-1, 2K-1, ... carry the probes, the others none; the
/// reader refuses either kind of mistake, and `diff` compares the probes where both traces read
/// them (agreeing, not identical, when the intervals differ).
#[test]
fn probes_read_every_k_timesteps() {
    let (h, records) = base();
    let h2 = h.clone().with_probe_every(2);
    let mut sparse = records.clone();
    sparse[0].probes.clear();
    sparse[2].probes.clear();
    let text = text_of(&h2, &sparse);
    assert!(
        text.lines().next().unwrap().contains("\"probe_every\":2"),
        "{text}"
    );
    // Left out when 1: a trace probed every timestep is written as before.
    assert!(!text_of(&h, &records).contains("probe_every"));
    let back = read_str(&text).unwrap();
    assert_eq!(back.header.probe_every, 2);
    assert_eq!(back.records, sparse);

    // Probes where none are due, and none where they are.
    let err = read_str(&text_of(&h2, &records)).unwrap_err().to_string();
    assert!(
        err.contains(&format!("{FILE}:2:")) && err.contains("every 2 timesteps (t = 1, 3, ...)"),
        "{err}"
    );
    let mut missing = sparse.clone();
    missing[1].probes.clear();
    let err = read_str(&text_of(&h2, &missing)).unwrap_err().to_string();
    assert!(err.contains(&format!("{FILE}:3:")), "{err}");
    let err = read_str(&text.replacen("\"probe_every\":2", "\"probe_every\":0", 1))
        .unwrap_err()
        .to_string();
    assert!(err.contains("probe_every must be at least 1"), "{err}");

    // Against the trace probed every timestep: they agree on the probes of t = 1 ...
    assert_eq!(
        diff_of(&(h.clone(), records.clone()), &(h2.clone(), sparse.clone())),
        DiffOutcome::Agree {
            timesteps: 3,
            shared: vec![1, 3],
            only_a: vec![],
            only_b: vec![],
            every: (1, 2),
        }
    );
    // ... and a different word there is found.
    let mut d = sparse.clone();
    let w = d[1].probes[1].word;
    d[1].probes[1].word = state::V.set(w, state::V.get(w) - 1);
    assert!(matches!(
        diff_of(&(h, records), &(h2, d)),
        DiffOutcome::Diverged(Divergence::Field {
            t: 1,
            neuron: 3,
            field: "v",
            ..
        })
    ));
}
