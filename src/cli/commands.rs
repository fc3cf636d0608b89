//! One function per subcommand; each returns an exit code or an error.

use std::path::Path;

use super::Terminal;
use super::report::{self, ok_mark, print_warnings, release_summary, table};
use crate::engine::{self, SynthOptions, SynthReport};
use crate::error::{EXIT_INVALID, EXIT_OK, Error};
use crate::examples::example_sources;
use crate::numbers::group_digits as grouped;
use crate::output::WriteOptions;
use crate::release::{self, Release};
use crate::spec::{self, SpecSource};

fn load_and_build(path: &Path, seed: Option<u64>) -> Result<Release, Error> {
    let loaded = spec::load_spec_file(path)?;
    release::build(spec::resolve(&loaded, seed)?)
}

/// `metagen validate SPEC...`
pub fn validate(
    specs: &[std::path::PathBuf],
    seed: Option<u64>,
    terminal: &Terminal,
) -> Result<i32, Error> {
    let mut code = EXIT_OK;
    for path in specs {
        match load_and_build(path, seed) {
            Ok(release) => {
                if !terminal.quiet {
                    println!("{} {}", ok_mark(terminal), path.display());
                    print!("{}", release_summary(&release));
                }
                print_warnings(&release.warnings, terminal);
            }
            Err(error) => {
                report::print_error(&error, terminal);
                code = code.max(error.exit_code());
            }
        }
    }
    Ok(code)
}

/// `metagen schema [--out FILE]`
pub fn schema(out: Option<&Path>, terminal: &Terminal) -> Result<(), Error> {
    let text = spec::schema::spec_schema_json();
    match out {
        None => print!("{text}"),
        Some(path) => {
            std::fs::write(path, text).map_err(|source| Error::Io {
                action: "cannot write schema to",
                path: path.display().to_string(),
                source,
            })?;
            if !terminal.quiet {
                println!("wrote {}", path.display());
            }
        }
    }
    Ok(())
}

fn summary_table(rows: &[(String, Release, SynthReport)]) -> String {
    let mut t = table(&[
        "spec",
        "run id",
        "architecture",
        "parameters",
        "of budget",
        "bf16 weights",
        "files",
        "warnings",
    ]);
    for (name, release, report) in rows {
        let bp = &release.blueprint;
        t.add_row(vec![
            name.clone(),
            report.run_id.clone(),
            bp.variant.clone(),
            grouped(bp.total_params),
            format!(
                "{:.1}%",
                100.0 * bp.total_params as f64 / release.resolved.param_max as f64
            ),
            format!("{:.2} GB", release.cost.weights.bf16_gb),
            report.files.to_string(),
            release.warnings.len().to_string(),
        ]);
    }
    format!("{t}\n")
}

/// `metagen synth SPEC --out DIR`
pub fn synth(
    spec_path: &Path,
    out: &Path,
    run_id: Option<String>,
    seed: Option<u64>,
    force: bool,
    terminal: &Terminal,
) -> Result<(), Error> {
    if let Some(id) = &run_id {
        engine::check_run_id(id)?;
    }
    let release = load_and_build(spec_path, seed)?;
    print_warnings(&release.warnings, terminal);
    let options = SynthOptions {
        run_id,
        write: WriteOptions {
            force,
            ..WriteOptions::default()
        },
    };
    let report = engine::synthesize(&release, out, &options)?;
    if !terminal.quiet {
        let name = release.resolved.spec.name.escape_debug().to_string();
        print!("{}", summary_table(&[(name, release, report.clone())]));
        println!("wrote {}", report.run_dir.display());
    }
    Ok(())
}

/// `metagen demo`: every bundled example, replacing earlier demo runs.
pub fn demo(out: &Path, seed: Option<u64>, terminal: &Terminal) -> Result<i32, Error> {
    let mut rows = Vec::new();
    let mut code = EXIT_OK;
    for source in example_sources() {
        match demo_one(&source, out, seed) {
            Ok((release, report)) => {
                print_warnings(&release.warnings, terminal);
                rows.push((source.name.clone(), release, report));
            }
            Err(error) => {
                report::print_error(&error, terminal);
                code = code.max(error.exit_code()).max(EXIT_INVALID);
            }
        }
    }
    if !terminal.quiet {
        print!("{}", summary_table(&rows));
        println!("wrote {} runs under {}", rows.len(), out.display());
    }
    Ok(code)
}

fn demo_one(
    source: &SpecSource,
    out: &Path,
    seed: Option<u64>,
) -> Result<(Release, SynthReport), Error> {
    let loaded = spec::parse_spec(source)?;
    let release = release::build(spec::resolve(&loaded, seed)?)?;
    let options = SynthOptions {
        run_id: None,
        write: WriteOptions {
            force: true,
            ..WriteOptions::default()
        },
    };
    let report = engine::synthesize(&release, out, &options)?;
    Ok((release, report))
}
