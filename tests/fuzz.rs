//! Mutational fuzz harness for the whole pipeline, in memory.
//!
//! Mutates the bundled corpus (`examples/specs/**`, `tests/fixtures/**`,
//! `tests/fuzz_corpus/**`) at the byte level and at the structure level
//! (values swapped between fields, numbers at extremes, huge strings, deep
//! nesting, hostile Unicode, wrong types), then feeds each input through
//! load → validate → resolve → release model → renderers
//! (`metagen::fuzzing::run`). A panic, an input taking over 1 s of CPU time
//! (its own thread's; wall time is reported beside it), or an input
//! whose live heap peaks over 200 MB (counted by the global allocator below,
//! per thread) is a finding: it is printed and saved under
//! `target/fuzz-findings/`. Every other input must end in `Ok` or a reported
//! `Err`.
//!
//! Not part of `cargo test`: it needs `--features fuzz`. Run it in release:
//!
//! ```text
//! cargo test --release --features fuzz --test fuzz
//! FUZZ_INPUTS=1000000 FUZZ_FULL=10000 FUZZ_SEED=1 cargo test --release --features fuzz --test fuzz
//! FUZZ_ONLY=123456 ...   # replays one input of a run, by index
//! ```
//!
//! Inputs are a pure function of (seed, index), so any finding replays.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use metagen::fuzzing::{Depth, run};
use metagen::spec::SpecFormat;
use serde_json::{Map, Value};

// ---------------------------------------------------------------- allocator

// Live heap bytes of this thread, and their peak since the last reset.
// Frees of memory allocated on another thread saturate at zero.
thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

/// One thread may not hold more than this; past it allocation fails and the
/// process aborts, which keeps a runaway input from taking the machine down.
const HARD_CAP: usize = 2 << 30;

struct Counting;

fn note_alloc(size: usize) -> bool {
    LIVE.try_with(|live| {
        let now = live.get().saturating_add(size);
        if now > HARD_CAP {
            return false;
        }
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
        true
    })
    .unwrap_or(true)
}

fn note_free(size: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(size)));
}

// SAFETY: every call forwards to the system allocator with the same layout;
// the bookkeeping touches only const-initialised thread-locals.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !note_alloc(layout.size()) {
            return std::ptr::null_mut();
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !note_alloc(layout.size()) {
            return std::ptr::null_mut();
        }
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note_free(layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() && !note_alloc(new_size - layout.size()) {
            return std::ptr::null_mut();
        }
        if new_size < layout.size() {
            note_free(layout.size() - new_size);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Starts measuring the peak for one input; returns the baseline.
fn reset_peak() -> usize {
    let live = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(live));
    live
}

fn peak_since(baseline: usize) -> usize {
    PEAK.with(Cell::get).saturating_sub(baseline)
}

// ---------------------------------------------------------------- limits

const TIME_LIMIT: Duration = Duration::from_secs(1);
const MEMORY_LIMIT: usize = 200 * 1000 * 1000;
/// An input still running after this long is saved and the run stops.
const HANG_LIMIT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------- rng

/// SplitMix64: tiny, portable, good enough to choose mutations.
struct Rng(u64);

impl Rng {
    fn for_input(seed: u64, index: u64) -> Self {
        let mut rng = Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------- corpus

struct Seed {
    text: String,
    format: SpecFormat,
    /// The parsed tree, when the text parses as YAML/JSON.
    value: Option<Value>,
}

fn corpus() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["examples/specs", "tests/fixtures", "tests/fuzz_corpus"] {
        walk(&root.join(dir), &mut files);
    }
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("corpus file is readable");
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let format = format_of(&path);
            let value = metagen::spec::load::parse_yaml_value::<Value>(&text).ok();
            Seed {
                text,
                format,
                value,
            }
        })
        .collect()
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, found);
        } else if path.extension().is_none_or(|e| e != "md") {
            found.push(path);
        }
    }
}

fn format_of(path: &Path) -> SpecFormat {
    if path.extension().is_some_and(|e| e == "json") {
        SpecFormat::Json
    } else {
        SpecFormat::Yaml
    }
}

// ---------------------------------------------------------------- mutations

const HOSTILE: &[&str] = &[
    "\u{0}",
    "\u{7}",
    "\u{1b}[31m",
    "\u{202e}gnp.exe",
    "\u{200b}",
    "\u{feff}",
    "\u{85}",
    "\u{2028}",
    "\r\n",
    "\t",
    "é",
    "🦀",
    "\u{1F469}\u{200D}\u{1F52C}",
    "e\u{301}\u{302}\u{303}",
    "\\",
    "\\input{/etc/passwd}",
    "\\write18{id}",
    "\\catcode`\\@=11",
    "$(id)",
    "`id`",
    "'''",
    "\"\"\"",
    "\"",
    "'",
    "{{ x }}",
    "{% raw %}",
    "{#",
    "<script>alert(1)</script>",
    "---",
    "...",
    "# ",
    "%",
    "&",
    "_",
    "^",
    "~",
    "*",
    "|",
    ">",
    "!!binary",
    "../../etc/passwd",
    "/abs/path",
    "C:\\x",
    "a: b",
    "- x",
    "[",
    "]",
    "}",
    "{",
    ": ",
    "\n",
    "\u{10FFFF}",
    "\u{E000}",
];

const UNIT_STRINGS: &[&str] = &[
    "0",
    "0B",
    "1B",
    "-5M",
    "1e30B",
    "999999999999999999999999B",
    "18446744073709551616",
    "NaN",
    "inf",
    "-inf",
    ".nan",
    "1e400",
    "1.5e20 tokens",
    "0 days",
    "1e9 days",
    "0.0000001 hours",
    "65536xH100",
    "0xA100",
    "1xNONE",
    "256xA100",
    "16GB",
    "0GB",
    "1e12TB",
    "8B",
    "256k",
    "0k",
    "99999999999999999999k",
    "21 days",
    "1 second",
    "1",
    "",
    " ",
];

fn extreme_number(rng: &mut Rng) -> Value {
    match rng.below(14) {
        0 => Value::from(0),
        1 => Value::from(-1),
        2 => Value::from(1),
        3 => Value::from(u64::MAX),
        4 => Value::from(i64::MIN),
        5 => Value::from(1e308),
        6 => Value::from(-1e308),
        7 => Value::from(5e-324),
        8 => Value::from((1u64 << 53) + 1),
        9 => Value::from(u32::MAX),
        10 => Value::from(1e-9),
        11 => Value::from(0.5),
        12 => Value::from(i64::MAX),
        _ => Value::from(rng.next() >> rng.below(64)),
    }
}

fn hostile_string(rng: &mut Rng) -> String {
    let mut text = String::new();
    for _ in 0..=rng.below(6) {
        if rng.chance(30) {
            text.push_str(rng.pick::<&str>(UNIT_STRINGS));
        } else {
            text.push_str(rng.pick::<&str>(HOSTILE));
        }
        if rng.chance(30) {
            text.push_str("plain words");
        }
    }
    text
}

fn huge_string(rng: &mut Rng) -> String {
    let unit = if rng.chance(50) {
        "a".to_string()
    } else {
        hostile_string(rng)
    };
    let target = 10_000 + rng.below(250_000);
    unit.repeat(target / unit.len().max(1) + 1)
}

/// A path from the root to one node of a JSON tree.
type NodePath = Vec<Step>;

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn node_paths(value: &Value, here: &mut NodePath, found: &mut Vec<NodePath>) {
    found.push(here.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                here.push(Step::Key(key.clone()));
                node_paths(child, here, found);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                here.push(Step::Index(index));
                node_paths(child, here, found);
                here.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(mut value: &'a mut Value, path: &NodePath) -> Option<&'a mut Value> {
    for step in path {
        value = match (step, value) {
            (Step::Key(key), Value::Object(map)) => map.get_mut(key)?,
            (Step::Index(index), Value::Array(items)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(value)
}

fn node(mut value: &Value, path: &NodePath) -> Option<Value> {
    for step in path {
        value = match (step, value) {
            (Step::Key(key), Value::Object(map)) => map.get(key)?,
            (Step::Index(index), Value::Array(items)) => items.get(*index)?,
            _ => return None,
        };
    }
    Some(value.clone())
}

fn mutate_value(root: &mut Value, rng: &mut Rng, donors: &[&Value]) {
    let mut paths = Vec::new();
    node_paths(root, &mut Vec::new(), &mut paths);
    let target = rng.pick(&paths).clone();
    let replacement = match rng.below(12) {
        // Swap in another field's value (same spec or another seed).
        0 | 1 => {
            let donor = if rng.chance(50) {
                &*root
            } else {
                *rng.pick(donors)
            };
            let mut donor_paths = Vec::new();
            node_paths(donor, &mut Vec::new(), &mut donor_paths);
            node(donor, rng.pick(&donor_paths))
        }
        2 | 3 => Some(extreme_number(rng)),
        4 | 5 => Some(Value::from(hostile_string(rng))),
        6 => Some(Value::from(rng.pick(UNIT_STRINGS).to_string())),
        7 => Some(Value::from(huge_string(rng))),
        8 => {
            // Deep nesting around the current value.
            let mut nested = node(root, &target).unwrap_or(Value::Null);
            for _ in 0..rng.below(200) {
                nested = if rng.chance(50) {
                    Value::Array(vec![nested])
                } else {
                    let mut map = Map::new();
                    map.insert("n".into(), nested);
                    Value::Object(map)
                };
            }
            Some(nested)
        }
        9 => Some(match rng.below(5) {
            0 => Value::Null,
            1 => Value::Bool(rng.chance(50)),
            2 => Value::Array(Vec::new()),
            3 => Value::Object(Map::new()),
            _ => Value::Array(
                (0..rng.below(2000))
                    .map(|i| Value::from(i as u64))
                    .collect(),
            ),
        }),
        10 => {
            // Remove the node from its parent, or add an unknown key.
            if let Some((last, parent_path)) = target.split_last()
                && let Some(parent) = node_mut(root, &parent_path.to_vec())
            {
                match (last, parent) {
                    (Step::Key(key), Value::Object(map)) => {
                        map.remove(key);
                    }
                    (Step::Index(index), Value::Array(items)) if *index < items.len() => {
                        items.remove(*index);
                    }
                    _ => {}
                }
            }
            None
        }
        _ => {
            // Grow a map or list: an unknown key, a hostile key, a copy.
            if let Some(Value::Object(map)) = node_mut(root, &target) {
                map.insert(hostile_string(rng), extreme_number(rng));
            } else if let Some(Value::Array(items)) = node_mut(root, &target) {
                let copy = items.first().cloned().unwrap_or(Value::Null);
                for _ in 0..rng.below(50) {
                    items.push(copy.clone());
                }
            }
            None
        }
    };
    if let Some(new) = replacement
        && let Some(slot) = node_mut(root, &target)
    {
        *slot = new;
    }
}

fn mutate_bytes(text: &str, rng: &mut Rng, donors: &[Seed]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..=rng.below(8) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(8) {
            0 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] ^= 1 << rng.below(8);
            }
            1 => bytes.insert(at, rng.next() as u8),
            2 if !bytes.is_empty() => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            3 => {
                let token = rng.pick(HOSTILE).as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            4 => {
                let token = rng.pick(UNIT_STRINGS).as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            5 => {
                // Splice a line range from another seed.
                let donor = rng.pick(donors).text.as_bytes();
                let start = rng.below(donor.len());
                let end = (start + rng.below(200)).min(donor.len());
                bytes.splice(at..at, donor[start..end].iter().copied());
            }
            6 if !bytes.is_empty() => {
                // Duplicate a chunk (repeated keys, runaway lists).
                let start = at.min(bytes.len() - 1);
                let end = (start + rng.below(120)).min(bytes.len());
                let chunk = bytes[start..end].to_vec();
                for _ in 0..rng.below(4) {
                    bytes.splice(end..end, chunk.iter().copied());
                }
            }
            _ => {
                // Indentation and YAML structure characters.
                let structural: [&[u8]; 7] =
                    [b"  ", b"\n", b": ", b"- ", b"&a ", b"*a", b"<<: *a\n"];
                let token = *rng.pick(&structural);
                bytes.splice(at..at, token.iter().copied());
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The input with this index: a pure function of (seed, index).
fn make_input(corpus: &[Seed], donors: &[&Value], seed: u64, index: u64) -> (String, SpecFormat) {
    let mut rng = Rng::for_input(seed, index);
    let base = rng.pick(corpus);
    // One input in fifty is a seed as is, so the good path stays covered.
    if rng.chance(2) {
        return (base.text.clone(), base.format);
    }
    if let Some(value) = &base.value
        && rng.chance(65)
    {
        let mut value = value.clone();
        for _ in 0..=rng.below(4) {
            mutate_value(&mut value, &mut rng, donors);
        }
        return match rng.below(3) {
            0 => (
                serde_json::to_string_pretty(&value).unwrap(),
                SpecFormat::Json,
            ),
            1 => (serde_json::to_string(&value).unwrap(), SpecFormat::Yaml),
            _ => match serde_saphyr::to_string(&value) {
                Ok(yaml) => (yaml, SpecFormat::Yaml),
                Err(_) => (serde_json::to_string(&value).unwrap(), SpecFormat::Json),
            },
        };
    }
    let format = if rng.chance(80) {
        base.format
    } else {
        *rng.pick(&[SpecFormat::Yaml, SpecFormat::Json])
    };
    (mutate_bytes(&base.text, &mut rng, corpus), format)
}

// ---------------------------------------------------------------- running

#[derive(Default)]
struct Stats {
    inputs: AtomicU64,
    ok: AtomicU64,
    spec_errors: AtomicU64,
    refused: AtomicU64,
    render_errors: AtomicU64,
    other_errors: AtomicU64,
    max_nanos: AtomicU64,
    max_nanos_index: AtomicU64,
    max_wall_nanos: AtomicU64,
    max_wall_nanos_index: AtomicU64,
    max_bytes: AtomicUsize,
    max_bytes_index: AtomicU64,
    total_nanos: AtomicU64,
}

struct Finding {
    index: u64,
    kind: &'static str,
    detail: String,
    text: String,
    format: SpecFormat,
}

/// The input each worker is running, for the hang watchdog.
type InFlight = Mutex<BTreeMap<usize, (Instant, u64, String, SpecFormat)>>;

thread_local! {
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

fn run_one(
    text: &str,
    format: SpecFormat,
    depth: Depth,
    index: u64,
    stats: &Stats,
    findings: &Mutex<Vec<Finding>>,
) {
    let baseline = reset_peak();
    let started = Instant::now();
    let cpu_started = thread_cpu_time();
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
        run(text, format, depth).map(|t| t.len())
    }));
    let cpu = thread_cpu_time().saturating_sub(cpu_started);
    let elapsed = started.elapsed();
    let peak = peak_since(baseline);
    stats.inputs.fetch_add(1, Ordering::Relaxed);
    let nanos = cpu.as_nanos() as u64;
    stats.total_nanos.fetch_add(nanos, Ordering::Relaxed);
    if stats.max_nanos.fetch_max(nanos, Ordering::Relaxed) < nanos {
        stats.max_nanos_index.store(index, Ordering::Relaxed);
    }
    let wall_nanos = elapsed.as_nanos() as u64;
    if stats
        .max_wall_nanos
        .fetch_max(wall_nanos, Ordering::Relaxed)
        < wall_nanos
    {
        stats.max_wall_nanos_index.store(index, Ordering::Relaxed);
    }
    if stats.max_bytes.fetch_max(peak, Ordering::Relaxed) < peak {
        stats.max_bytes_index.store(index, Ordering::Relaxed);
    }
    let found = |kind: &'static str, detail: String| {
        findings.lock().unwrap().push(Finding {
            index,
            kind,
            detail,
            text: text.to_string(),
            format,
        });
    };
    match result {
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let location = LAST_PANIC.with(|p| p.borrow().clone());
            found("panic", format!("{message} at {location}"));
        }
        Ok(Ok(_)) => {
            stats.ok.fetch_add(1, Ordering::Relaxed);
        }
        Ok(Err(error)) => {
            let counter = match error {
                metagen::Error::Spec(_) => &stats.spec_errors,
                metagen::Error::Refused { .. } => &stats.refused,
                metagen::Error::Render { .. } => &stats.render_errors,
                _ => &stats.other_errors,
            };
            counter.fetch_add(1, Ordering::Relaxed);
            // A reported error must still say something.
            if error.to_string().trim().is_empty() {
                found("empty-error", format!("{error:?}"));
            }
        }
    }
    if cpu > TIME_LIMIT {
        found(
            "slow",
            format!(
                "{:.3} s of CPU time ({:.3} s wall)",
                cpu.as_secs_f64(),
                elapsed.as_secs_f64()
            ),
        );
    }
    if peak > MEMORY_LIMIT {
        found("memory", format!("{:.1} MB", peak as f64 / 1e6));
    }
}

/// CPU time consumed by the calling thread. The time limit is on CPU time, so an
/// input is judged by its own cost, not by how loaded the machine was; wall time
/// is reported beside it.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_THREAD_CPUTIME_ID is
    // supported on every Linux this harness runs on.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// Worker threads: `FUZZ_THREADS`, or one per core.
fn fuzz_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    (env_u64("FUZZ_THREADS", cores as u64) as usize).max(1)
}

fn findings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-findings")
}

fn save(kind: &str, index: u64, text: &str, format: SpecFormat) -> PathBuf {
    let ext = if format == SpecFormat::Json {
        "json"
    } else {
        "yaml"
    };
    let dir = findings_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{kind}-{index}.{ext}"));
    std::fs::write(&path, text).unwrap();
    path
}

fn watchdog(in_flight: &'static InFlight) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(500));
            let guard = in_flight.lock().unwrap();
            for (start, index, text, format) in guard.values() {
                if start.elapsed() > HANG_LIMIT {
                    let path = save("hang", *index, text, *format);
                    eprintln!(
                        "HANG: input {index} ran past {HANG_LIMIT:?}; saved to {}",
                        path.display()
                    );
                    std::process::exit(2);
                }
            }
        }
    });
}

fn phase(
    name: &str,
    depth: Depth,
    indices: std::ops::Range<u64>,
    corpus: &[Seed],
    seed: u64,
    in_flight: &'static InFlight,
) -> Vec<Finding> {
    let donors: Vec<&Value> = corpus.iter().filter_map(|s| s.value.as_ref()).collect();
    let stats = Stats::default();
    let findings = Mutex::new(Vec::new());
    let total = indices.end - indices.start;
    let done = AtomicU64::new(0);
    let started = Instant::now();
    let trace = std::env::var_os("FUZZ_TRACE").is_some();
    let next = AtomicU64::new(indices.start);
    let threads = fuzz_threads();
    std::thread::scope(|scope| {
        for worker in 0..threads {
            let (next, donors, stats, findings, done) = (&next, &donors, &stats, &findings, &done);
            std::thread::Builder::new()
                .name(format!("fuzz-{worker}"))
                // The CLI parses on the main thread (8 MiB of stack); give workers the same.
                .stack_size(8 << 20)
                .spawn_scoped(scope, move || {
                    // The renderers run in parallel on the current rayon pool. A
                    // one-thread pool made of this thread keeps all of an input's
                    // work here, where its CPU time and heap are counted.
                    let pool = rayon::ThreadPoolBuilder::new()
                        .num_threads(1)
                        .use_current_thread()
                        .build()
                        .expect("a one-thread pool on the worker");
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= indices.end {
                            break;
                        }
                        let (text, format) = make_input(corpus, donors, seed, index);
                        if trace {
                            eprintln!("input {index}");
                        }
                        in_flight
                            .lock()
                            .unwrap()
                            .insert(worker, (Instant::now(), index, text.clone(), format));
                        run_one(&text, format, depth, index, stats, findings);
                        in_flight.lock().unwrap().remove(&worker);
                        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                        if n.is_multiple_of((total / 20).max(1)) {
                            eprintln!(
                                "  {name}: {n}/{total} inputs, {:.0} s",
                                started.elapsed().as_secs_f64()
                            );
                        }
                    }
                    drop(pool);
                })
                .expect("a fuzz worker starts");
        }
    });
    let wall = started.elapsed();
    let load = |a: &AtomicU64| a.load(Ordering::Relaxed);
    let inputs = load(&stats.inputs);
    println!(
        "== {name}: {inputs} inputs in {:.1} s wall ({} threads)",
        wall.as_secs_f64(),
        threads
    );
    println!(
        "   ok {} | spec errors {} | refused {} | render errors {} | other errors {}",
        load(&stats.ok),
        load(&stats.spec_errors),
        load(&stats.refused),
        load(&stats.render_errors),
        load(&stats.other_errors)
    );
    println!(
        "   CPU time per input: mean {:.3} ms, max {:.1} ms (input {}); max wall {:.1} ms (input {})",
        load(&stats.total_nanos) as f64 / inputs.max(1) as f64 / 1e6,
        load(&stats.max_nanos) as f64 / 1e6,
        load(&stats.max_nanos_index),
        load(&stats.max_wall_nanos) as f64 / 1e6,
        load(&stats.max_wall_nanos_index)
    );
    println!(
        "   peak live heap per input: max {:.1} MB (input {})",
        stats.max_bytes.load(Ordering::Relaxed) as f64 / 1e6,
        load(&stats.max_bytes_index)
    );
    findings.into_inner().unwrap()
}

fn main() {
    // `cargo test` passes harness flags (e.g. --nocapture); none apply here.
    let seed = env_u64("FUZZ_SEED", 1);
    let inputs = env_u64("FUZZ_INPUTS", 20_000);
    let full = env_u64("FUZZ_FULL", 200);
    let corpus = corpus();
    assert!(
        corpus.len() > 30,
        "the corpus is missing: {} files",
        corpus.len()
    );
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = location);
    }));
    let in_flight: &'static InFlight = Box::leak(Box::new(Mutex::new(BTreeMap::new())));
    watchdog(in_flight);
    println!(
        "fuzz: seed {seed}, {} corpus files, limits {TIME_LIMIT:?} and {} MB per input",
        corpus.len(),
        MEMORY_LIMIT / 1_000_000
    );
    let mut findings = Vec::new();
    if let Ok(only) = std::env::var("FUZZ_ONLY") {
        let index: u64 = only.parse().expect("FUZZ_ONLY is an input index");
        let depth = if std::env::var("FUZZ_ONLY_FULL").is_ok() {
            Depth::Full
        } else {
            Depth::NoRaster
        };
        let donors: Vec<&Value> = corpus.iter().filter_map(|s| s.value.as_ref()).collect();
        let (text, format) = make_input(&corpus, &donors, seed, index);
        let path = save("only", index, &text, format);
        println!("input {index} saved to {}", path.display());
        println!("{:?}", run(&text, format, depth).map(|t| t.len()));
        return;
    }
    // The full pipeline draws its inputs from a separate index range.
    findings.extend(phase(
        "full pipeline (figures exported)",
        Depth::Full,
        (1 << 40)..(1 << 40) + full,
        &corpus,
        seed,
        in_flight,
    ));
    findings.extend(phase(
        "no-raster pipeline",
        Depth::NoRaster,
        0..inputs,
        &corpus,
        seed,
        in_flight,
    ));
    findings.sort_by_key(|f| f.index);
    for finding in &findings {
        let path = save(finding.kind, finding.index, &finding.text, finding.format);
        println!(
            "FINDING {} input {}: {} (saved to {})",
            finding.kind,
            finding.index,
            finding.detail,
            path.display()
        );
    }
    if findings.is_empty() {
        println!("no findings");
    } else {
        println!("{} findings", findings.len());
        std::process::exit(1);
    }
}
