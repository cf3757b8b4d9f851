//! Shared by the benchmarks: criterion settings that keep the whole suite to a few minutes, and
//! the table of ratios printed at the end of a `cargo bench` run.
//!
//! Every figure that matters is a ratio between two benchmarks of the same run, so a machine
//! busy with other work moves both sides alike. The ratios use criterion's median estimate
//! (`<criterion dir>/<group>/<id>/new/estimates.json`), which shrugs off the odd slow sample a
//! compiler running next door causes.
#![allow(dead_code)]

pub mod binance;
pub mod s3;
pub mod template;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use criterion::Criterion;

/// Criterion with short warm-up and measurement times (command-line flags still override them).
pub fn criterion(warm_up: Duration, measurement: Duration) -> Criterion {
    Criterion::default()
        .warm_up_time(warm_up)
        .measurement_time(measurement)
        .output_directory(&output_directory())
        .configure_from_args()
}

/// Where criterion writes its estimates: `$CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`,
/// else the workspace's `target/criterion` (criterion's own order, minus its `cargo metadata` call).
fn output_directory() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    );
    target.join("criterion")
}

/// `cargo bench` passes `--bench`; `cargo test --benches` does not (criterion then runs each
/// benchmark once, as a test, and writes no estimates).
pub fn measuring() -> bool {
    let mut args = std::env::args().skip(1);
    let (mut bench, mut test) = (false, false);
    for arg in args.by_ref() {
        bench |= arg == "--bench";
        test |= arg == "--test";
    }
    bench && !test
}

/// What a ratio is expected to be.
#[derive(Clone, Copy)]
pub enum Goal {
    /// `subject / baseline <= x`.
    AtMost(f64),
    /// `baseline / subject >= x`: the subject is at least `x` times faster.
    FasterBy(f64),
    /// Reported, no goal.
    None,
}

/// One line of the table: `subject` (`group/id`) against `baseline` (`group/id`).
pub struct Ratio {
    pub what: String,
    pub subject: String,
    pub baseline: String,
    pub goal: Goal,
}

impl Ratio {
    pub fn new(what: impl Into<String>, subject: &str, baseline: &str, goal: Goal) -> Ratio {
        Ratio {
            what: what.into(),
            subject: subject.to_owned(),
            baseline: baseline.to_owned(),
            goal,
        }
    }
}

/// Prints the table, reading the estimates this run wrote (older ones, from benchmarks a filter
/// left out, are not used).
pub fn print_ratios(title: &str, started: SystemTime, ratios: &[Ratio]) {
    if !measuring() {
        return;
    }
    let dir = output_directory();
    print_table(&format!("{title}: criterion medians"), ratios, |id| {
        median_ns(&dir, id, started)
    });
}

/// A case for [`interleaved`]: its id (`group/bench`) and one iteration.
pub type Case<'a> = (&'a str, Box<dyn FnMut() + 'a>);

/// The cross-check for a busy machine: every case runs `batch` iterations in turn, `rounds`
/// times over, and each keeps its fastest batch. Other processes slow some batches of every
/// case alike, and the fastest batches are the least disturbed, so these ratios hold when the
/// criterion medians (measured one benchmark after another) drift with the load.
pub fn interleaved(title: &str, rounds: u32, batch: u32, cases: Vec<Case<'_>>, ratios: &[Ratio]) {
    if !measuring() {
        return;
    }
    let mut cases = cases;
    let mut best = vec![f64::MAX; cases.len()];
    for _ in 0..rounds {
        for (i, (_, f)) in cases.iter_mut().enumerate() {
            let start = std::time::Instant::now();
            for _ in 0..batch {
                f();
            }
            let ns = start.elapsed().as_nanos() as f64 / f64::from(batch);
            best[i] = best[i].min(ns);
        }
    }
    let ids: Vec<&str> = cases.iter().map(|(id, _)| *id).collect();
    print_table(
        &format!("{title}: interleaved, fastest of {rounds} batches of {batch}"),
        ratios,
        |id| ids.iter().position(|c| *c == id).map(|i| best[i]),
    );
}

fn print_table(title: &str, ratios: &[Ratio], ns: impl Fn(&str) -> Option<f64>) {
    println!("\n### {title}\n");
    println!("| measurement | subject | baseline | ratio | goal |");
    println!("|---|---:|---:|---:|---|");
    for r in ratios {
        let (Some(s), Some(b)) = (ns(&r.subject), ns(&r.baseline)) else {
            println!("| {} | not measured in this run | | | |", r.what);
            continue;
        };
        let ratio = s / b;
        let (shown, goal) = match r.goal {
            Goal::AtMost(x) => (
                format!("{ratio:.2}x"),
                format!("<= {x}x: {}", if ratio <= x { "met" } else { "MISSED" }),
            ),
            Goal::FasterBy(x) => (
                format!("{:.2}x faster", 1.0 / ratio),
                format!(
                    ">= {x}x faster: {}",
                    if 1.0 / ratio >= x { "met" } else { "MISSED" }
                ),
            ),
            Goal::None => (format!("{ratio:.2}x"), String::new()),
        };
        println!(
            "| {} | {} | {} | {shown} | {goal} |",
            r.what,
            time(s),
            time(b)
        );
    }
    println!();
}

fn time(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.3} ms", ns / 1e6)
    } else if ns >= 1e4 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// Criterion's median estimate for `id` (`group/bench`), in nanoseconds per iteration, if this
/// run wrote it.
fn median_ns(dir: &Path, id: &str, started: SystemTime) -> Option<f64> {
    let path = dir.join(id).join("new").join("estimates.json");
    let fresh = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t >= started);
    if !fresh {
        return None;
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    json["median"]["point_estimate"].as_f64()
}
