//! The Xylo kind's rules against xylosim 0.1.3 itself (`docs/model.md` §4.2): every recording of
//! `sim/tests/xylo/xylo_vectors.txt.gz` (designed edge cases, then 2,000 seeded random layers, made
//! by `gen_vectors.py` from `xylosim.v2.XyloLayer`) replayed through `flux_sim::xylo::Layer`, every
//! spike count and every state of every neuron at every timestep. And the rules on their own, with
//! values derived by hand.

use std::io::Read;

use flux_sim::xylo::{self, Layer, Params, State, Synapse};

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/xylo/xylo_vectors.txt.gz"
);

/// One recorded network: the layer and, per timestep, its inputs and what xylosim recorded.
struct Recorded {
    id: usize,
    layer: Layer,
    inputs: Vec<Vec<u8>>,
    steps: Vec<xylo::Step>,
}

fn ints<T: std::str::FromStr>(field: &str) -> Vec<T>
where
    T::Err: std::fmt::Debug,
{
    if field == "-" {
        return Vec::new();
    }
    field
        .split(',')
        .map(|x| {
            x.parse()
                .unwrap_or_else(|e| panic!("bad number {x:?}: {e:?}"))
        })
        .collect()
}

fn params(words: &[&str]) -> Params {
    let dash: Vec<u8> = ints(words[1]);
    Params {
        dash_mem: words[0].parse().unwrap(),
        dash_syn: [dash[0], dash.get(1).copied().unwrap_or(0)],
        v_th: words[2].parse().unwrap(),
        bias: words[3].parse().unwrap(),
    }
}

fn states(v: &[i16], i1: &[i16], i2: &[i16]) -> Vec<State> {
    (0..v.len())
        .map(|k| State {
            v_mem: v[k],
            i_syn: [i1[k], i2[k]],
        })
        .collect()
}

fn load() -> Vec<Recorded> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(VECTORS).expect("the xylosim vectors"))
        .read_to_string(&mut text)
        .expect("a gzip text file");
    let mut nets: Vec<Recorded> = Vec::new();
    let mut has_bias = true;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[0] {
            "net" => {
                let shifts: Vec<u8> = ints(words[7]);
                has_bias = words[6] == "1";
                nets.push(Recorded {
                    id: words[1].parse().unwrap(),
                    layer: Layer {
                        inputs: words[2].parse().unwrap(),
                        syn_in: vec![Vec::new(); words[2].parse().unwrap()],
                        syn_rec: vec![Vec::new(); words[3].parse().unwrap()],
                        syn_out: vec![Vec::new(); words[3].parse().unwrap()],
                        shift_in: shifts[0],
                        shift_rec: shifts[1],
                        shift_out: shifts[2],
                        ..Layer::default()
                    },
                    inputs: Vec::new(),
                    steps: Vec::new(),
                });
            }
            tag @ ("h" | "o") => {
                let mut p = params(&words[1..]);
                if !has_bias {
                    p.bias = 0; // xylosim builds a neuron without bias with bias 0
                }
                let layer = &mut nets.last_mut().unwrap().layer;
                if tag == "h" {
                    layer.hidden.push(p)
                } else {
                    layer.out.push(p)
                }
            }
            tag @ ("si" | "sr" | "so") => {
                let n: Vec<i64> = words[1..].iter().map(|w| w.parse().unwrap()).collect();
                let s = Synapse {
                    post: n[1] as usize,
                    syn: n[2] as usize,
                    weight: n[3] as i8,
                };
                let layer = &mut nets.last_mut().unwrap().layer;
                let table = match tag {
                    "si" => &mut layer.syn_in,
                    "sr" => &mut layer.syn_rec,
                    _ => &mut layer.syn_out,
                };
                table[n[0] as usize].push(s);
            }
            "t" => {
                let f: Vec<&str> = line[2..].split(" / ").collect();
                let net = nets.last_mut().unwrap();
                net.inputs.push(ints(f[0]));
                net.steps.push(xylo::Step {
                    hidden_spikes: ints(f[1]),
                    out_spikes: ints(f[2]),
                    hidden: states(&ints(f[3]), &ints(f[4]), &ints(f[5])),
                    out: states(&ints(f[6]), &ints(f[7]), &ints(f[8])),
                });
            }
            other => panic!("unknown record {other:?} in {VECTORS}"),
        }
    }
    nets
}

/// The first difference between two recordings, named: timestep, group, neuron, field, both values.
fn first_difference(id: usize, want: &[xylo::Step], got: &[xylo::Step]) -> Option<String> {
    for (t, (w, g)) in want.iter().zip(got).enumerate() {
        let groups = [
            (
                "hidden",
                &w.hidden_spikes,
                &g.hidden_spikes,
                &w.hidden,
                &g.hidden,
            ),
            ("readout", &w.out_spikes, &g.out_spikes, &w.out, &g.out),
        ];
        for (name, ws, gs, wst, gst) in groups {
            for n in 0..ws.len() {
                let fields = [
                    ("spikes", ws[n] as i64, gs[n] as i64),
                    ("v_mem", wst[n].v_mem as i64, gst[n].v_mem as i64),
                    ("i_syn1", wst[n].i_syn[0] as i64, gst[n].i_syn[0] as i64),
                    ("i_syn2", wst[n].i_syn[1] as i64, gst[n].i_syn[1] as i64),
                ];
                for (field, x, y) in fields {
                    if x != y {
                        return Some(format!(
                            "network {id}, timestep {t}, {name} neuron {n}, {field}: xylosim {x}, Flux {y}"
                        ));
                    }
                }
            }
        }
    }
    None
}

#[test]
fn equals_xylosim_on_every_recorded_network() {
    let nets = load();
    assert!(
        nets.len() > 2000,
        "the vector file holds {} networks",
        nets.len()
    );
    let (mut steps, mut spikes, mut saturated) = (0, 0u64, 0);
    for net in &nets {
        let got = net.layer.run(&net.inputs);
        assert_eq!(got.len(), net.steps.len());
        if let Some(diff) = first_difference(net.id, &net.steps, &got) {
            panic!("{diff}");
        }
        steps += got.len();
        for s in &got {
            spikes += s
                .hidden_spikes
                .iter()
                .chain(&s.out_spikes)
                .map(|&k| k as u64)
                .sum::<u64>();
            let all = s.hidden.iter().chain(&s.out);
            // A current or membrane within 1/64 of a bound has (nearly) saturated: after a
            // saturating addition, the decay moves it off the bound by at least 1.
            let near = |x: i16| (x as i32).abs() >= 32_256;
            saturated += all
                .filter(|x| near(x.v_mem) || x.i_syn.iter().any(|&i| near(i)))
                .count();
        }
    }
    // The vectors must exercise what they are there for: many spikes, and the saturation bounds.
    assert!(
        spikes > 100_000 && saturated > 1_000,
        "{spikes} spikes, {saturated} states near a bound"
    );
    println!(
        "{} networks, {steps} timesteps, {spikes} spikes, {saturated} states near a bound",
        nets.len()
    );
}

#[test]
fn decay_moves_at_least_one_toward_zero() {
    // asr(100, 3) = 12; asr(5, 3) = 0 -> 1; asr(-5, 3) = -1 (the shift floors); 0 stays.
    assert_eq!(xylo::decay_step(100, 3), 12);
    assert_eq!(xylo::decay_step(5, 3), 1);
    assert_eq!(xylo::decay_step(-5, 3), -1);
    assert_eq!(xylo::decay_step(-1, 15), -1);
    assert_eq!(xylo::decay_step(0, 0), 0);
    // dash 0 takes the whole value: the current is gone after one step.
    assert_eq!(xylo::decay_step(-32768, 0), -32768);
}

#[test]
fn weight_shift_truncates_to_16_bits() {
    // -128 << 8 = -32768 fits; 127 << 9 = 65024 = 0xFE00 -> -512; 1 << 15 = 0x8000 -> -32768.
    assert_eq!(xylo::shifted_weight(-128, 8), -32768);
    assert_eq!(xylo::shifted_weight(127, 9) as i32, 65024 - 65536);
    assert_eq!(xylo::shifted_weight(1, 15), -32768);
    assert_eq!(xylo::shifted_weight(-1, 15), -32768);
}

#[test]
fn counted_delivery_equals_one_addition_per_spike() {
    // Same-sign additions saturate once: 31 spikes of 2000 onto 30000 reach 32767 and stay.
    let per_spike = |i: i16, w: i16, n: u8| (0..n).fold(i, |x, _| xylo::sat16(x as i64 + w as i64));
    let mut seed = 0x2026_1205u32;
    println!("seed {seed:#x}");
    for _ in 0..20_000 {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let (i, w, n) = (seed as i16, (seed >> 8) as i16, (seed >> 24) as u8 % 32);
        assert_eq!(
            xylo::receive(i, w, n),
            per_spike(i, w, n),
            "i {i} w {w} n {n}"
        );
    }
}

#[test]
fn evolve_orders_decay_leak_bias_and_reset() {
    let p = Params {
        dash_mem: 1,
        dash_syn: [2, 0],
        v_th: 100,
        bias: 7,
    };
    let mut s = State {
        v_mem: 50,
        i_syn: [400, -30],
    };
    // i1 = 400 - 100 = 300; i2 = -30 - (-30) = 0; dv = -(50 >> 1) + 300 + 0 + 7 = 282;
    // v = 50 + 282 = 332 -> 3 spikes, v = 32.
    assert_eq!(xylo::evolve(&p, &mut s, xylo::MAX_SPIKES), 3);
    assert_eq!(
        s,
        State {
            v_mem: 32,
            i_syn: [300, 0]
        }
    );
    // The readout's cap of 1 leaves the rest on the membrane: 332 -> 1 spike, 232.
    let mut s = State {
        v_mem: 50,
        i_syn: [400, -30],
    };
    assert_eq!(xylo::evolve(&p, &mut s, xylo::MAX_OUT_SPIKES), 1);
    assert_eq!(s.v_mem, 232);
    // The leak of -32768 with dash 0 is +32768, which wraps to -32768 (xylosim's int16).
    let p = Params {
        dash_mem: 0,
        dash_syn: [0, 0],
        v_th: 1,
        bias: 0,
    };
    let mut s = State {
        v_mem: -32768,
        i_syn: [0, 0],
    };
    assert_eq!(xylo::evolve(&p, &mut s, 31), 0);
    assert_eq!(s.v_mem, -32768);
}

/// `examples/xylo.toml` on the core (`Core::step`: the Xylo profile kind, current synapses, the
/// currents carried in the ring, counted delivery) against the same layer run by
/// `flux_sim::xylo::Layer` (xylosim's semantics, checked above against xylosim itself): every
/// neuron's spike count, membrane and both currents at every timestep. The two deliver in different
/// orders across neurons (the core a neuron's recurrent and readout synapses together), which is
/// the same result: they add into different currents.
#[test]
fn the_core_runs_the_example_layer_as_xylosim_does() {
    use flux_sim::compile::compile_str;
    use flux_sim::core::Core;
    use flux_sim::image::Event;
    use flux_sim::spec::{profile as pf, state};

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("examples/xylo.toml")).unwrap();
    let c = compile_str(&text, "xylo.toml", None).unwrap();
    let (img, p) = (&c.image, c.image.preset);
    let (hidden, readout) = (&c.neurons[0], &c.neurons[1]);
    let channels = c.channels[0].count as usize;
    let params = |n: u32| {
        let w = img.profiles[state::PROFILE.get(img.state[n as usize]) as usize];
        assert_eq!(pf::KIND.get(w), pf::KIND_XYLO);
        xylo::profile_params(w).0
    };
    // The layer: each source's synapses in address order, split by target group, one shift each.
    let mut layer = Layer {
        inputs: channels,
        hidden: (0..hidden.size).map(|i| params(hidden.first + i)).collect(),
        out: (0..readout.size)
            .map(|i| params(readout.first + i))
            .collect(),
        syn_in: vec![Vec::new(); channels],
        syn_rec: vec![Vec::new(); hidden.size as usize],
        syn_out: vec![Vec::new(); hidden.size as usize],
        ..Layer::default()
    };
    let mut shifts = [None; 3];
    for source in 0..(p.neurons as usize + channels) {
        let fo = u128::from(img.fanout[source]);
        let start = p.fanout_start().get(fo) as usize;
        for a in start..start + p.fanout_count().get(fo) as usize {
            let w = u128::from(img.synapses[a]);
            let target = p.syn_target().get(w) as u32;
            let (group, post) = if target >= readout.first {
                (2, target - readout.first)
            } else {
                (
                    usize::from(source < p.neurons as usize),
                    target - hidden.first,
                )
            };
            let shift = p.syn_shift().get(w) as u8;
            assert_eq!(
                *shifts[group].get_or_insert(shift),
                shift,
                "one shift per group"
            );
            let s = Synapse {
                post: post as usize,
                syn: p.syn_current().get(w) as usize,
                weight: p.syn_weight().get(w) as i8,
            };
            match group {
                0 => layer.syn_in[source - p.neurons as usize].push(s),
                1 => layer.syn_rec[source].push(s),
                _ => layer.syn_out[source].push(s),
            }
        }
    }
    [layer.shift_in, layer.shift_rec, layer.shift_out] = shifts.map(|s| s.unwrap_or(0));

    let steps = 500;
    let mut inputs = c.inputs.clone();
    let mut events = Vec::new();
    let mut counts = Vec::new();
    let mut core = Core::new(img);
    let mut got = Vec::new();
    for t in 0..steps {
        inputs.events_at(t, &mut events);
        let mut x = vec![0u8; channels];
        for e in &events {
            if let Event::Spike { channel } = e {
                x[*channel as usize] += 1;
            }
        }
        counts.push(x);
        let spikes = core.step(&events).spikes.to_vec();
        let of = |first: u32, size: u32| -> Vec<u8> {
            (first..first + size)
                .map(|n| spikes.iter().filter(|&&s| s == n).count() as u8)
                .collect()
        };
        let states = |first: u32, size: u32| -> Vec<State> {
            (first..first + size)
                .map(|n| {
                    let w = core.state_word(n);
                    State {
                        v_mem: state::V.get(w) as i16,
                        i_syn: [state::THR_OFF.get(w) as i16, state::MOD_LEVEL.get(w) as i16],
                    }
                })
                .collect()
        };
        got.push(xylo::Step {
            hidden_spikes: of(hidden.first, hidden.size),
            out_spikes: of(readout.first, readout.size),
            hidden: states(hidden.first, hidden.size),
            out: states(readout.first, readout.size),
        });
    }
    let want = layer.run(&counts);
    if let Some(diff) = first_difference(0, &want, &got) {
        panic!("examples/xylo.toml: {diff}");
    }
    let bursts: usize = want
        .iter()
        .map(|s| s.hidden_spikes.iter().filter(|&&k| k > 1).count())
        .sum();
    let readout_spikes: u64 = want
        .iter()
        .flat_map(|s| &s.out_spikes)
        .map(|&k| u64::from(k))
        .sum();
    println!("{steps} timesteps: {bursts} multi-spike bursts, {readout_spikes} readout spikes");
    assert!(
        bursts > 100 && readout_spikes > 100,
        "{bursts} bursts, {readout_spikes} readout spikes"
    );
}
