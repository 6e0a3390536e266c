//! Reading values of a network file: integers in range, exact decimals, per-neuron arrays.

use super::*;

/// Reads an integer key and checks it against `lo..=hi`.
pub(super) fn int_in(
    v: &Spanned<i64>,
    what: impl Fn() -> String,
    lo: i64,
    hi: i64,
) -> Checked<i64> {
    let x = *v.get_ref();
    if x < lo || x > hi {
        return Err(Problem::at(
            v.span(),
            format!("{} {x} is outside {lo}..={hi}", what()),
        ));
    }
    Ok(x)
}

/// A non-negative plain decimal literal (`12`, `0.02`, `1_000.5`) as `(digits, scale)`, meaning
/// `digits / 10^scale`. Exponents, signs and specials are refused so that the value is exact.
pub(super) fn plain_decimal(literal: &str) -> Option<(u128, u32)> {
    let (int, frac) = literal.split_once('.').unwrap_or((literal, ""));
    let ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    if int.is_empty() || !ok(int) || !ok(frac) || (literal.contains('.') && frac.is_empty()) {
        return None;
    }
    let digits: String = int
        .chars()
        .chain(frac.chars())
        .filter(|c| *c != '_')
        .collect();
    if digits.len() > 20 {
        return None;
    }
    let scale = frac.chars().filter(|c| *c != '_').count() as u32;
    Some((digits.parse().ok()?, scale))
}

/// `round(num / den)`, halves rounded up (`docs/model.md` §9).
pub(super) fn round_half_up(num: u128, den: u128) -> u128 {
    (2 * num + den) / (2 * den)
}

/// A probability written as a plain decimal in `[0, 1]`, converted exactly to
/// `p16 = round_half_up(p * 65536)`.
pub(super) fn decimal_p16(text: &str, v: &Spanned<toml::Value>, what: &str) -> Checked<u32> {
    let literal = text.get(v.span()).unwrap_or("");
    let Some((digits, scale)) = plain_decimal(literal.trim()) else {
        return Err(Problem::at(
            v.span(),
            format!("{what} must be a plain decimal such as 0.02 (got {literal})"),
        ));
    };
    let p16 = round_half_up(digits * P16_ONE as u128, 10u128.pow(scale));
    if p16 > P16_ONE as u128 || digits > 10u128.pow(scale) {
        return Err(Problem::at(
            v.span(),
            format!("{what} {literal} is outside 0..=1"),
        ));
    }
    Ok(p16 as u32)
}

/// Reads an integer-valued TOML value.
pub(super) fn as_int(v: &Spanned<toml::Value>, what: &str) -> Checked<i64> {
    match v.get_ref() {
        toml::Value::Integer(i) => Ok(*i),
        other => Err(Problem::at(
            v.span(),
            format!("{what} must be an integer, not {other}"),
        )),
    }
}

/// Reads a number (an integer or a finite decimal) of a TOML value.
pub(super) fn as_real(v: &Spanned<toml::Value>, what: &str) -> Checked<f64> {
    real(v.get_ref()).ok_or_else(|| {
        Problem::at(
            v.span(),
            format!("{what} must be a number, not {}", v.get_ref()),
        )
    })
}

fn real(x: &toml::Value) -> Option<f64> {
    match x {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(x) if x.is_finite() => Some(*x),
        _ => None,
    }
}

/// A scalar or an array of `n` integers, expanded to `n` values.
pub(super) fn per_neuron(v: &Spanned<toml::Value>, n: usize, what: &str) -> Checked<Vec<i64>> {
    let int = |x: &toml::Value| match x {
        toml::Value::Integer(i) => Some(*i),
        _ => None,
    };
    per_neuron_of(v, n, what, ("an integer", "integers"), int)
}

/// A scalar or an array of `n` numbers (integers or decimals), expanded to `n` values.
pub(super) fn per_neuron_real(v: &Spanned<toml::Value>, n: usize, what: &str) -> Checked<Vec<f64>> {
    per_neuron_of(v, n, what, ("a number", "numbers"), real)
}

/// A scalar or an array of `n` values that `one` reads, expanded to `n` values; `noun` names one
/// value and several in the messages.
fn per_neuron_of<T: Clone>(
    v: &Spanned<toml::Value>,
    n: usize,
    what: &str,
    (one_noun, many): (&str, &str),
    one: impl Fn(&toml::Value) -> Option<T>,
) -> Checked<Vec<T>> {
    match v.get_ref() {
        toml::Value::Array(items) => {
            if items.len() != n {
                return Err(Problem::at(
                    v.span(),
                    format!(
                        "{what} has {} values but the population has {n} neurons",
                        items.len()
                    ),
                ));
            }
            items
                .iter()
                .map(|x| {
                    one(x).ok_or_else(|| {
                        Problem::at(v.span(), format!("{what} must hold {many}, not {x}"))
                    })
                })
                .collect()
        }
        other => match one(other) {
            Some(x) => Ok(vec![x; n]),
            None => Err(Problem::at(
                v.span(),
                format!("{what} must be {one_noun} or an array of {many}, not {other}"),
            )),
        },
    }
}

pub(super) fn describe_field(f: &Field) -> String {
    format!(
        "{}-bit {}",
        f.width,
        if f.signed { "signed" } else { "unsigned" }
    )
}

// ---------------------------------------------------------------------------------------------
// Resolve
