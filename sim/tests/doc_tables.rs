//! The *checked* tables of `docs/model.md` §6 (and the synapse type codes of §5) must equal the
//! layouts in `flux_sim::spec`, so that the document and the code cannot drift apart.

use flux_sim::spec::{self, Field, profile, slot, state, syn_type};

const MODEL_MD: &str = include_str!("../../docs/model.md");

/// One row of a layout table: field, lsb, width, signed.
type Row = (String, u32, u32, bool);

/// The text of section `## {number}.` up to the next `## ` heading.
fn section(number: u32) -> &'static str {
    let start = MODEL_MD
        .find(&format!("\n## {number}. "))
        .unwrap_or_else(|| panic!("no section {number}"));
    let rest = &MODEL_MD[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3);
    &rest[..end]
}

/// The layout tables of §6, in order, each under the `### ` heading it follows.
fn layout_tables() -> Vec<(String, Vec<Row>)> {
    let mut tables: Vec<(String, Vec<Row>)> = Vec::new();
    let mut heading = String::new();
    let mut in_table = false;
    for line in section(6).lines() {
        if let Some(h) = line.strip_prefix("### ") {
            heading = h.to_string();
        }
        if !line.starts_with('|') {
            in_table = false;
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells == ["field", "lsb", "width", "signed"] {
            tables.push((heading.clone(), Vec::new()));
            in_table = true;
            continue;
        }
        if !in_table || cells.iter().all(|c| c.chars().all(|ch| ch == '-')) {
            continue;
        }
        let [name, lsb, width, signed] = cells[..] else {
            panic!("§6 row {line:?} has not 4 cells")
        };
        let signed = match signed {
            "yes" => true,
            "no" => false,
            other => panic!("§6 row {line:?}: signed is {other:?}, not yes/no"),
        };
        let row = (
            name.trim_matches('`').to_string(),
            lsb.parse().unwrap(),
            width.parse().unwrap(),
            signed,
        );
        tables.last_mut().unwrap().1.push(row);
    }
    tables
}

fn rows(fields: &[Field]) -> Vec<Row> {
    fields
        .iter()
        .map(|f| (f.name.to_string(), f.lsb, f.width, f.signed))
        .collect()
}

fn tables_under(prefix: &str) -> Vec<Vec<Row>> {
    layout_tables()
        .into_iter()
        .filter(|(h, _)| h.starts_with(prefix))
        .map(|(_, t)| t)
        .collect()
}

#[test]
fn state_word_table_matches_spec() {
    assert_eq!(tables_under("Neuron state word"), [rows(&state::ALL)]);
}

#[test]
fn profile_word_tables_match_spec() {
    assert_eq!(
        tables_under("Profile word"),
        [
            rows(&profile::COMMON),
            rows(&profile::FLUX),
            rows(&profile::CUBA),
            rows(&profile::IZH),
            rows(&profile::XYLO)
        ]
    );
}

#[test]
fn slot_word_table_matches_spec() {
    assert_eq!(tables_under("Dendritic slot word"), [rows(&slot::ALL)]);
}

#[test]
fn learning_word_tables_match_spec() {
    assert_eq!(
        tables_under("Learning rule word"),
        [rows(&spec::learn_rule::ALL)]
    );
    assert_eq!(
        tables_under("Learning table word"),
        [rows(&spec::learn_table::ALL)]
    );
}

#[test]
fn fifo_word_table_matches_spec() {
    assert_eq!(tables_under("Input-FIFO word"), [rows(&spec::fifo::ALL)]);
}

#[test]
fn word_widths_in_the_headings_match_spec() {
    // "### Neuron state word (100 bits)" and so on.
    for (heading, bits) in [
        ("### Neuron state word", spec::STATE_BITS),
        ("### Profile word", spec::PROFILE_BITS),
        ("### Dendritic slot word", spec::SLOT_BITS),
        ("### Learning rule word", spec::LEARN_RULE_BITS),
        ("### Learning table word", spec::LEARN_TABLE_BITS),
        ("### Input-FIFO word", spec::FIFO_BITS),
    ] {
        assert!(
            section(6).contains(&format!("{heading} ({bits} bits)"))
                || section(6).contains(&format!("{heading} ({bits} bits,")),
            "{heading} ({bits} bits) missing"
        );
    }
}

#[test]
fn synapse_type_codes_match_spec() {
    // §5: | direct | 0 | ..., | modulatory | 1 | ..., | electric | 2 | ...
    for (name, code) in [
        ("direct", syn_type::DIRECT),
        ("modulatory", syn_type::MODULATORY),
        ("electric", syn_type::ELECTRIC),
        ("current", syn_type::CURRENT),
    ] {
        assert!(
            section(5).contains(&format!("| {name} | {code} |")),
            "§5 lacks type {name} = {code}"
        );
    }
}

#[test]
fn every_layout_table_was_checked() {
    // A table added to §6 must be added to these tests too.
    let headings: Vec<String> = layout_tables().into_iter().map(|(h, _)| h).collect();
    assert_eq!(headings.len(), 10, "{headings:?}");
}

const HOST_LINK_MD: &str = include_str!("../../docs/host_link.md");

/// `docs/host_link.md`'s command table, reply kinds and NAK reasons equal `flux_sim::link`, the
/// constants the hardware and the host share.
#[test]
fn host_link_codes_match_the_protocol_module() {
    use flux_sim::link::{self, cmd, kind, nak};
    // The command table: `| 1 | `WRITE` | ...`.
    let commands: Vec<(u8, String)> = HOST_LINK_MD
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let code = cells.first()?.parse::<u8>().ok()?;
            let name = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            name.chars()
                .all(|c| c.is_ascii_uppercase())
                .then(|| (code, name.to_string()))
        })
        .collect();
    let want: Vec<(u8, String)> = cmd::ALL.iter().map(|&(c, n)| (c, n.to_string())).collect();
    assert_eq!(commands, want, "docs/host_link.md command table");

    // The reply kinds: "| 1 | `kind` | 1 `ACK`, 2 `NAK`, 3 `DATA`, 4 `REPORT` |".
    let kinds: String = kind::ALL
        .iter()
        .map(|(c, n)| format!("{c} `{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    assert!(
        HOST_LINK_MD.contains(&format!("| `kind` | {kinds} |")),
        "docs/host_link.md reply kinds are not {kinds}"
    );
    // The NAK reasons: "1 byte reason: 1 bad CRC, 2 truncated frame, ...".
    let reasons: String = nak::ALL
        .iter()
        .map(|(c, n)| format!("{c} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    assert!(
        HOST_LINK_MD.contains(&format!("1 byte reason: {reasons} |")),
        "docs/host_link.md NAK reasons are not {reasons}"
    );
    // Sync bytes, frame length and the idle gap.
    for needle in [
        format!("| 0 | `sync` | `0x{:02X}` |", link::COMMAND_SYNC),
        format!("| 0 | `sync` | `0x{:02X}` |", link::REPLY_SYNC),
        format!("| {}..{} | `crc` |", link::field::CRC, link::FRAME_BYTES),
        format!("`IDLE_BYTES` = {} byte times", link::IDLE_BYTES),
        format!("`RESYNC_BYTES` = {} byte times", link::RESYNC_BYTES),
        "`RESYNC_BYTES > IDLE_BYTES`".to_string(),
    ] {
        assert!(
            HOST_LINK_MD.contains(&needle),
            "docs/host_link.md lacks {needle:?}"
        );
    }
    assert_eq!(link::field::CRC + link::CRC_BYTES, link::FRAME_BYTES);
}

#[test]
fn preset_table_matches_the_presets() {
    // §1's table of generator parameters, one column per shipped preset in `spec::PRESETS` order.
    let table: Vec<Vec<&str>> = section(1)
        .lines()
        .skip_while(|l| !l.starts_with("| parameter | meaning |"))
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    let header = &table[0];
    let names: Vec<String> = spec::PRESETS
        .iter()
        .map(|p| format!("`{}`", p.name))
        .collect();
    assert_eq!(header[2..], names[..], "§1 table columns");
    let mut rows = Vec::new();
    for cells in &table[2..] {
        let name = cells[0].split('`').nth(1).expect("a `parameter` cell");
        rows.push(name);
        for (p, cell) in spec::PRESETS.iter().zip(&cells[2..]) {
            let number = |v: u32| v.to_string();
            let flag = |b: bool| if b { "yes" } else { "no" }.to_string();
            let want = match name {
                "neurons" => number(p.neurons),
                "channels" => number(p.channels),
                "synapses" => number(p.synapses),
                "delay_slots" => number(p.delay_slots),
                "profiles" => number(p.profiles),
                "weight_bits" => number(p.weight_bits),
                "input_fifo" => number(p.input_fifo),
                "cuba" => flag(p.cuba),
                "izh" => flag(p.izh),
                "xylo" => flag(p.xylo),
                "learning" => flag(p.learning),
                "generators" => flag(p.generators),
                "spike_lists" => flag(p.spike_lists),
                "burst" => flag(p.burst),
                "net" => flag(p.net),
                other => panic!("§1 table row {other:?} is no preset field this test knows"),
            };
            assert_eq!(*cell, want, "§1 table: {name} of {}", p.name);
        }
    }
    assert_eq!(
        rows,
        [
            "neurons",
            "channels",
            "synapses",
            "delay_slots",
            "profiles",
            "weight_bits",
            "input_fifo",
            "cuba",
            "izh",
            "xylo",
            "learning",
            "generators",
            "spike_lists",
            "burst",
            "net"
        ],
        "§1 table rows"
    );
}

/// The chip table of `docs/model.md` §15 lists every shipped chip with its core's sizes.
#[test]
fn chip_table_matches_the_chips() {
    let table: Vec<Vec<&str>> = section(15)
        .lines()
        .skip_while(|l| !l.starts_with("| chip | cores |"))
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    let rows: Vec<&Vec<&str>> = table[2..].iter().collect();
    assert_eq!(
        rows.len(),
        flux_sim::chip::CHIPS.len(),
        "§15: one row per chip"
    );
    let thousands = |v: u32| {
        let s = v.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    for (chip, cells) in flux_sim::chip::CHIPS.iter().zip(rows) {
        let want = [
            format!("`{}`", chip.name),
            chip.cores.to_string(),
            format!("`{}`", chip.core.name),
            thousands(chip.core.neurons),
            thousands(chip.core.channels),
            thousands(chip.core.synapses),
        ];
        assert_eq!(
            cells[..6],
            want.each_ref().map(String::as_str)[..],
            "§15 table row of {}",
            chip.name
        );
    }
}
