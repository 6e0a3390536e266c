//! Image validation (`docs/model.md` §8): whether a [`CoreImage`] is one the hardware runs exactly
//! as the model does. The compiler never makes an image that fails it; images built by hand, read
//! from elsewhere or loaded by a host are checked here before they are compared with the hardware.
//! `Core::try_new` calls it; `Core::new` accepts any image.

use crate::image::CoreImage;
use crate::learn::LearnRule;
use crate::spec::{self, state};

/// An image the hardware would not run as the model does (`docs/model.md` §8). The compiler never
/// makes one; [`validate`] finds them in images built by hand or read from elsewhere.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("preset {preset}: {field} = {value} must be a power of two from 1 to {max}")]
    Size {
        preset: &'static str,
        field: &'static str,
        value: u32,
        max: u32,
    },
    #[error("preset {preset}: weight_bits = {value} must be in 8..=16")]
    WeightBits { preset: &'static str, value: u32 },
    #[error("the image holds {len} {memory} words, preset {preset} has {expected}")]
    Length {
        preset: &'static str,
        memory: &'static str,
        len: usize,
        expected: usize,
    },
    #[error("n_neurons = {value} exceeds the {max} neurons of preset {preset}")]
    NNeurons {
        preset: &'static str,
        value: u32,
        max: u32,
    },
    #[error("neuron {neuron} uses profile {profile}, preset {preset} has {profiles} profiles")]
    Profile {
        preset: &'static str,
        neuron: usize,
        profile: i64,
        profiles: u32,
    },
    #[error("{memory} word {index} has bits set above its {width}-bit layout")]
    StrayBits {
        memory: &'static str,
        index: usize,
        width: u32,
    },
    #[error(
        "fan-out of source {source_id} covers synapses {start}..{end}, past the {size} of preset {preset}"
    )]
    Fanout {
        preset: &'static str,
        source_id: usize,
        start: u64,
        end: u64,
        size: u32,
    },
    #[error("synapse {index} has type 3, a current synapse, but the preset has no Xylo unit")]
    SynapseType { index: usize },
    #[error("synapse {index} is plastic but not direct (only direct synapses learn)")]
    Plastic { index: usize },
    #[error("preset {preset}: {field} = {value} must be in {lo}..={hi}")]
    LearnSize {
        preset: &'static str,
        field: &'static str,
        value: u32,
        lo: u32,
        hi: u32,
    },
    #[error(
        "learning rule {profile}: w_min = {w_min}, w_max = {w_max} must satisfy w_min <= w_max within {lo}..={hi} (W bits)"
    )]
    LearnBounds {
        profile: usize,
        w_min: i64,
        w_max: i64,
        lo: i64,
        hi: i64,
    },
    #[error("register {register} = {value} exceeds its largest value {max}")]
    Register {
        register: &'static str,
        value: u32,
        max: u32,
    },
}

/// Checks that `image` is one the hardware runs exactly as the model does: sizes of the preset,
/// memory lengths, profile indices, fan-out ranges within the synapse memory, synapse types, and no
/// bits outside the word layouts. [`Core::new`] accepts any image; [`Core::try_new`] calls this.
pub fn validate(image: &CoreImage) -> Result<(), ImageError> {
    let p = &image.preset;
    let name = p.name;
    for (field, value, max) in [
        ("neurons", p.neurons, 1 << 16),
        ("channels", p.channels, 1 << 16),
        ("synapses", p.synapses, 1 << 24),
        ("delay_slots", p.delay_slots, 1 << 8),
        ("profiles", p.profiles, 1 << spec::state::PROFILE.width),
        ("input_fifo", p.input_fifo, 1 << 16),
    ] {
        if !value.is_power_of_two() || value > max {
            return Err(ImageError::Size {
                preset: name,
                field,
                value,
                max,
            });
        }
    }
    if !(8..=16).contains(&p.weight_bits) {
        return Err(ImageError::WeightBits {
            preset: name,
            value: p.weight_bits,
        });
    }
    for (field, value, lo, hi) in [
        ("tail", p.tail, 1, 256),
        ("stdp_window", p.stdp_window, 1, 255),
    ] {
        if !(lo..=hi).contains(&value) {
            return Err(ImageError::LearnSize {
                preset: name,
                field,
                value,
                lo,
                hi,
            });
        }
    }
    for (memory, len, expected) in [
        ("profile", image.profiles.len(), p.profiles as usize),
        ("state", image.state.len(), p.neurons as usize),
        ("fan-out", image.fanout.len(), p.sources() as usize),
        ("synapse", image.synapses.len(), p.synapses as usize),
        (
            "learning rule",
            image.learn_rules.len(),
            p.profiles as usize,
        ),
        (
            "learning table",
            image.learn_table.len(),
            p.learn_table_words() as usize,
        ),
    ] {
        if len != expected {
            return Err(ImageError::Length {
                preset: name,
                memory,
                len,
                expected,
            });
        }
    }
    if image.n_neurons > p.neurons {
        return Err(ImageError::NNeurons {
            preset: name,
            value: image.n_neurons,
            max: p.neurons,
        });
    }
    fn stray(
        memory: &'static str,
        words: impl IntoIterator<Item = u128>,
        width: u32,
    ) -> Result<(), ImageError> {
        match words
            .into_iter()
            .position(|w| w.checked_shr(width).unwrap_or(0) != 0)
        {
            Some(index) => Err(ImageError::StrayBits {
                memory,
                index,
                width,
            }),
            None => Ok(()),
        }
    }
    stray(
        "profile",
        image.profiles.iter().copied(),
        spec::PROFILE_BITS,
    )?;
    stray("state", image.state.iter().copied(), spec::STATE_BITS)?;
    stray(
        "learning rule",
        image.learn_rules.iter().map(|&w| w.into()),
        spec::LEARN_RULE_BITS,
    )?;
    stray(
        "fan-out",
        image.fanout.iter().map(|&w| w.into()),
        p.fanout_bits(),
    )?;
    stray(
        "synapse",
        image.synapses.iter().map(|&w| w.into()),
        p.synapse_bits(),
    )?;
    for (neuron, &w) in image.state.iter().enumerate() {
        let profile = state::PROFILE.get(w);
        if profile >= i64::from(p.profiles) {
            return Err(ImageError::Profile {
                preset: name,
                neuron,
                profile,
                profiles: p.profiles,
            });
        }
    }
    for (source_id, &w) in image.fanout.iter().enumerate() {
        let std::ops::Range { start, end } = p.fanout_range(w.into());
        if end > u64::from(p.synapses) {
            return Err(ImageError::Fanout {
                preset: name,
                source_id,
                start,
                end,
                size: p.synapses,
            });
        }
    }
    for (index, &w) in image.synapses.iter().enumerate() {
        if p.syn_type().get(w.into()) == spec::syn_type::CURRENT && !p.xylo {
            return Err(ImageError::SynapseType { index });
        }
        if p.syn_plastic().get(w.into()) != 0
            && p.syn_type().get(w.into()) != spec::syn_type::DIRECT
        {
            return Err(ImageError::Plastic { index });
        }
    }
    let weight = p.syn_weight();
    for (profile, &w) in image.learn_rules.iter().enumerate() {
        let rule = LearnRule::from_word(w);
        let (w_min, w_max) = (i64::from(rule.w_min), i64::from(rule.w_max));
        if w_min > w_max || !weight.fits(w_min) || !weight.fits(w_max) {
            return Err(ImageError::LearnBounds {
                profile,
                w_min,
                w_max,
                lo: weight.min(),
                hi: weight.max(),
            });
        }
    }
    let noise_bits_max = p.stored_noise_bits(u32::MAX);
    for (register, value, max) in [
        ("noise_bits", image.noise_bits, noise_bits_max),
        ("sweep_len", image.sweep_len, p.synapses),
        (
            "sweep_step",
            image.sweep_step,
            (1 << spec::reg::SWEEP_STEP_BITS) - 1,
        ),
    ] {
        if value > max {
            return Err(ImageError::Register {
                register,
                value,
                max,
            });
        }
    }
    Ok(())
}
