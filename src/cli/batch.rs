//! `metagen synth SPEC... | DIR`: one spec or many, synthesized in parallel
//! into one output folder, with errors reported at the end in input order.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::Terminal;
use super::commands::{load_and_build, summary_table};
use super::report::{self, print_warnings};
use crate::engine::{self, SynthOptions, SynthReport};
use crate::error::{EXIT_INVALID, EXIT_OK, Error};
use crate::output::{Faults, WriteError, WriteOptions, stop_requested};
use crate::release::Release;

/// What `metagen synth` was asked to do.
#[derive(Debug, Clone)]
pub struct SynthRequest<'a> {
    /// Spec files and folders of specs, as given.
    pub specs: &'a [PathBuf],
    /// The output folder.
    pub out: &'a Path,
    /// An explicit run id (one spec only).
    pub run_id: Option<&'a str>,
    /// Base seed override.
    pub seed: Option<u64>,
    /// Replace existing run folders.
    pub force: bool,
    /// Parallel jobs; `None` uses one per core.
    pub jobs: Option<usize>,
}

/// Worker threads get the main thread's stack size, so a spec that loads
/// on the main thread loads the same way in a batch.
const WORKER_STACK: usize = 8 << 20;

const SPEC_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// Whether an argument is a folder to walk. A folder named like a spec file
/// (`x.yaml/`) is read as a spec, so the loader refuses it as `validate` does.
fn is_spec_folder(arg: &Path) -> bool {
    let spec_named = arg
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SPEC_EXTENSIONS.contains(&e));
    arg.is_dir() && !spec_named
}

/// The spec files named by the arguments: files as given, folders walked
/// (sorted, links to folders not followed) for `.yaml`, `.yml` and `.json`.
pub fn expand_specs(args: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut specs = Vec::new();
    for arg in args {
        if is_spec_folder(arg) {
            let before = specs.len();
            walk(arg, &mut specs)?;
            if specs.len() == before {
                return Err(Error::Usage(format!(
                    "{} holds no .yaml, .yml or .json spec",
                    arg.display()
                )));
            }
        } else {
            specs.push(arg.clone());
        }
    }
    Ok(specs)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), Error> {
    let read_error = |source| Error::Io {
        action: "cannot read folder",
        path: dir.display().to_string(),
        source,
    };
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let is_dir = entry.file_type().map_err(read_error)?.is_dir();
        entries.push((entry.path(), is_dir));
    }
    entries.sort();
    for (path, is_dir) in entries {
        if is_dir {
            walk(&path, found)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| SPEC_EXTENSIONS.contains(&e))
        {
            found.push(path);
        }
    }
    Ok(())
}

/// A progress bar on standard error when it is a terminal; hidden otherwise.
pub fn progress_bar(len: usize, stderr_is_terminal: bool, quiet: bool) -> ProgressBar {
    if !stderr_is_terminal || quiet || len < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} specs {elapsed}") {
        bar.set_style(style);
    }
    bar
}

fn interrupted(out: &Path) -> Error {
    Error::Write(WriteError::Interrupted(out.to_path_buf()))
}

/// `metagen synth SPEC... | DIR --out OUT [--jobs N]`
pub fn synth(request: &SynthRequest<'_>, terminal: &Terminal) -> Result<i32, Error> {
    if let Some(id) = request.run_id {
        engine::check_run_id(id)?;
    }
    let single = request.specs.len() == 1 && !is_spec_folder(&request.specs[0]);
    let paths = expand_specs(request.specs)?;
    if request.run_id.is_some() && paths.len() > 1 {
        return Err(Error::Usage(format!(
            "--run-id names a single run, but {} specs were given; leave it out to derive \
             each run id from its spec",
            paths.len()
        )));
    }
    let write = WriteOptions {
        force: request.force,
        faults: Faults::from_env().map_err(Error::Usage)?,
        ..WriteOptions::default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(request.jobs.unwrap_or(0))
        .stack_size(WORKER_STACK)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {:?} jobs: {e}", request.jobs)))?;
    let progress = progress_bar(paths.len(), std::io::stderr().is_terminal(), terminal.quiet);

    // Build every release in parallel; failures count as done.
    let built: Vec<Result<Release, Error>> = pool.install(|| {
        paths
            .par_iter()
            .map(|path| {
                let result = if stop_requested() {
                    Err(interrupted(request.out))
                } else {
                    load_and_build(path, request.seed)
                };
                if result.is_err() {
                    progress.inc(1);
                }
                result
            })
            .collect()
    });

    // Claim run ids in input order, so a clash always blames the later spec.
    let mut claimed: BTreeMap<String, &Path> = BTreeMap::new();
    let jobs: Vec<Result<(Release, String), Error>> = paths
        .iter()
        .zip(built)
        .map(|(path, result)| {
            let release = result?;
            let run_id = request
                .run_id
                .map(str::to_string)
                .unwrap_or_else(|| release.resolved.default_run_id());
            if let Some(first) = claimed.get(&run_id) {
                progress.inc(1);
                return Err(Error::Refused {
                    spec: path.display().to_string(),
                    reason: format!(
                        "its run id `{run_id}` is already taken by {} in this batch; give the \
                         specs different names or seeds",
                        first.display()
                    ),
                });
            }
            claimed.insert(run_id.clone(), path);
            Ok((release, run_id))
        })
        .collect();

    // Render and write in parallel; each run is its own atomic write.
    let outcomes: Vec<Result<(Release, SynthReport), Error>> = pool.install(|| {
        jobs.into_par_iter()
            .map(|job| {
                let (release, run_id) = job?;
                let result = if stop_requested() {
                    Err(interrupted(request.out))
                } else {
                    let options = SynthOptions {
                        run_id: Some(run_id),
                        write: write.clone(),
                    };
                    engine::synthesize(&release, request.out, &options)
                };
                progress.inc(1);
                result.map(|report| (release, report))
            })
            .collect()
    });
    progress.finish_and_clear();

    if single {
        let (release, report) = outcomes
            .into_iter()
            .next()
            .expect("one spec, one outcome")?;
        print_warnings(&release.warnings, terminal);
        if !terminal.quiet {
            let name = release.resolved.spec.name.escape_debug().to_string();
            print!("{}", summary_table(&[(name, release, report.clone())]));
            println!("wrote {}", report.run_dir.display());
        }
        return Ok(EXIT_OK);
    }
    report_batch(&paths, outcomes, request.out, terminal)
}

/// Warnings, then errors, then the table: all in input order.
fn report_batch(
    paths: &[PathBuf],
    outcomes: Vec<Result<(Release, SynthReport), Error>>,
    out: &Path,
    terminal: &Terminal,
) -> Result<i32, Error> {
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for (path, outcome) in paths.iter().zip(outcomes) {
        match outcome {
            Ok((release, report)) => {
                let tagged: Vec<String> = release
                    .warnings
                    .iter()
                    .map(|w| format!("{}: {w}", path.display()))
                    .collect();
                print_warnings(&tagged, terminal);
                rows.push((path.display().to_string(), release, report));
            }
            Err(error) => failures.push((path, error)),
        }
    }
    let mut code = EXIT_OK;
    for (path, error) in &failures {
        eprintln!("{} failed:", path.display());
        report::print_error(error, terminal);
        code = code.max(error.exit_code()).max(EXIT_INVALID);
    }
    if !terminal.quiet {
        if !rows.is_empty() {
            print!("{}", summary_table(&rows));
        }
        println!(
            "wrote {} of {} runs under {}",
            rows.len(),
            paths.len(),
            out.display()
        );
    }
    if !failures.is_empty() {
        eprintln!("{} of {} specs failed", failures.len(), paths.len());
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_hidden_off_a_terminal_and_for_quiet_or_single_runs() {
        assert!(progress_bar(5, false, false).is_hidden());
        assert!(progress_bar(5, true, true).is_hidden());
        assert!(progress_bar(1, true, false).is_hidden());
    }

    #[test]
    fn folders_expand_to_sorted_spec_files_only() {
        let dir = tempfile::tempdir().unwrap();
        for file in ["b.yaml", "a.json", "sub/c.yml", "notes.txt", "sub/d.toml"] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let named = dir.path().join("z_first.yaml");
        let specs = expand_specs(&[named.clone(), dir.path().to_path_buf()]).unwrap();
        let expected: Vec<PathBuf> = std::iter::once(named)
            .chain(["a.json", "b.yaml", "sub/c.yml"].map(|f| dir.path().join(f)))
            .collect();
        assert_eq!(specs, expected);
        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            expand_specs(&[empty.path().to_path_buf()]),
            Err(Error::Usage(_))
        ));
    }
}
