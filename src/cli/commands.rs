//! One function per subcommand; each returns an exit code or an error.

use std::path::Path;

use super::Terminal;
use super::report::{self, ok_mark, print_warnings, release_summary, table};
use crate::engine::{self, SynthOptions, SynthReport};
use crate::error::{EXIT_INVALID, EXIT_OK, Error};
use crate::examples::example_sources;
use crate::numbers::{self, group_digits as grouped};
use crate::output::WriteOptions;
use crate::release::{self, Release};
use crate::render::paper;
use crate::spec::{self, SpecSource};

pub(super) fn load_and_build(path: &Path, seed: Option<u64>) -> Result<Release, Error> {
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
                    print!("{}", report::read_notes(&release.resolved));
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

/// `metagen migrate SPEC [--out FILE]`
pub fn migrate(spec_path: &Path, out: Option<&Path>, terminal: &Terminal) -> Result<(), Error> {
    let loaded = spec::load_spec_file(spec_path)?;
    let resolved = spec::resolve(&loaded, None)?;
    let migration = spec::migrate::migrate(&loaded, &resolved);
    if !terminal.quiet {
        if migration.changes.is_empty() {
            eprintln!("{}: already in the canonical form", spec_path.display());
        }
        for change in &migration.changes {
            eprintln!("changed {change}");
        }
    }
    if !migration.lost_comments.is_empty() {
        print_warnings(
            &[format!(
                "{} comment(s) could not be kept (the file was rewritten from its canonical form): {}",
                migration.lost_comments.len(),
                migration.lost_comments.join(" | ")
            )],
            terminal,
        );
    }
    match out {
        None => print!("{}", migration.text),
        Some(path) => {
            std::fs::write(path, &migration.text).map_err(|source| Error::Io {
                action: "cannot write the migrated spec to",
                path: path.display().to_string(),
                source,
            })?;
            if !terminal.quiet {
                eprintln!("wrote {}", path.display());
            }
        }
    }
    Ok(())
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

pub(super) fn summary_table(rows: &[(String, Release, SynthReport)]) -> String {
    let mut t = table(&[
        "spec",
        "run id",
        "architecture",
        "parameters",
        "of budget",
        "bf16 weights",
        "files",
        "checks",
    ]);
    for (name, release, report) in rows {
        let bp = &release.blueprint;
        t.add_row(vec![
            name.clone(),
            report.run_id.clone(),
            bp.variant.name.to_string(),
            grouped(bp.total_params),
            format!("{}%", numbers::percent(release.derived.budget_fraction)),
            numbers::memory(release.cost.weights.bf16_bytes),
            report.files.to_string(),
            verdict_counts(release),
        ]);
    }
    format!("{t}\n")
}

/// "5 pass, 1 warn, 1 fail": the feasibility verdicts at a glance.
fn verdict_counts(release: &Release) -> String {
    release
        .derived
        .verdicts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(verdict, n)| format!("{n} {verdict}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `metagen demo`: every bundled example, replacing earlier demo runs.
pub fn demo(out: &Path, seed: Option<u64>, terminal: &Terminal) -> Result<i32, Error> {
    let mut rows = Vec::new();
    let mut code = EXIT_OK;
    for source in example_sources() {
        if crate::output::stop_requested() {
            // SIGINT or SIGTERM: the runs written so far stay; stop here.
            return Err(Error::Write(crate::output::WriteError::Interrupted(
                out.to_path_buf(),
            )));
        }
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

/// How to install what `metagen paper --pdf` needs.
pub const LATEX_INSTALL_HINT: &str = "LaTeX is not installed: `metagen paper --pdf` needs latexmk and \
pdflatex. On Debian or Ubuntu: `sudo apt-get install texlive-latex-base texlive-latex-recommended \
texlive-latex-extra texlive-fonts-recommended latexmk`; on macOS: `brew install --cask mactex-no-gui`. \
The LaTeX project itself was written and builds with `make pdf` once LaTeX is installed.";

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// The latexmk run of `paper --pdf`, hardened beyond escaping: no shell
/// escape, and kpathsea's paranoid mode (`p`) for opening files, so TeX
/// reads and writes only inside the project (no absolute paths, no `..`,
/// no dot files) even if a spec string slipped through unescaped. The engine
/// is the one `dir/main.tex` declares (pdflatex when it cannot be read).
pub fn latexmk_command(dir: &Path) -> std::process::Command {
    let main_tex = std::fs::read_to_string(dir.join("main.tex")).unwrap_or_default();
    let engine = paper::Engine::declared_by(&main_tex);
    let mut command = std::process::Command::new("latexmk");
    command
        .args([
            engine.latexmk_option(),
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-no-shell-escape",
            "main.tex",
        ])
        .env("openin_any", "p")
        .env("openout_any", "p")
        .current_dir(dir)
        .stdin(std::process::Stdio::null());
    command
}

/// Why the paper shows some text as code points: xelatex is missing, so it is
/// built with pdflatex.
fn xelatex_missing_warning() -> String {
    format!(
        "the paper has text outside Latin-1 and xelatex is not installed: it is built \
         with pdflatex, which shows that text as code points (U+...). For the glyphs, \
         install the Debian packages {}",
        paper::XELATEX_PACKAGES
    )
}

/// The `Package metagen Warning` lines of a LaTeX log (a font or glyph the
/// paper shows as code points), each once, joined across the log's line wraps.
fn tex_warnings(log: &str) -> Vec<String> {
    const PREFIX: &str = "Package metagen Warning: ";
    let mut warnings = Vec::new();
    let mut lines = log.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(first) = line.strip_prefix(PREFIX) else {
            continue;
        };
        let mut text = first.to_string();
        // TeX continues a warning on lines starting with "(metagen)".
        while let Some(rest) = lines.next_if(|l| l.starts_with("(metagen)")) {
            text.push(' ');
            text.push_str(rest["(metagen)".len()..].trim());
        }
        let text = match text.split_once(" on input line") {
            Some((message, _)) => message.to_string(),
            None => text.trim_end_matches('.').to_string(),
        };
        if !warnings.contains(&text) {
            warnings.push(text);
        }
    }
    warnings
}

/// `metagen paper SPEC --out DIR [--pdf]`
pub fn paper(
    spec_path: &Path,
    out: &Path,
    seed: Option<u64>,
    pdf: bool,
    force: bool,
    terminal: &Terminal,
) -> Result<(), Error> {
    let release = load_and_build(spec_path, seed)?;
    print_warnings(&release.warnings, terminal);
    let mut tree = engine::render_paper_project(&release)?;
    let declared = tree
        .get("main.tex")
        .map(|tex| paper::Engine::declared_by(&String::from_utf8_lossy(tex)));
    if pdf && declared == Some(paper::Engine::XeLatex) && !on_path("xelatex") {
        print_warnings(&[xelatex_missing_warning()], terminal);
        tree = paper::for_pdflatex(&release, &tree).map_err(|e| Error::Render {
            artifact: "paper",
            reason: e.to_string(),
        })?;
    }
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Usage(format!("--out {} must name a folder", out.display())))?;
    engine::check_run_id(name)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let options = WriteOptions {
        force,
        ..WriteOptions::default()
    };
    let dir = crate::output::write_tree(&tree, parent, name, &options)?;
    if !terminal.quiet {
        println!("wrote {} ({} files)", dir.display(), tree.len());
    }
    if pdf {
        if !on_path("latexmk") || !on_path("pdflatex") {
            return Err(Error::MissingTool(LATEX_INSTALL_HINT.to_string()));
        }
        let output = latexmk_command(&dir).output().map_err(|source| Error::Io {
            action: "cannot run latexmk in",
            path: dir.display().to_string(),
            source,
        })?;
        if !output.status.success() {
            let log = String::from_utf8_lossy(&output.stdout);
            let tail: Vec<&str> = log.lines().rev().take(15).collect();
            return Err(Error::Render {
                artifact: "paper PDF",
                reason: format!(
                    "latexmk failed; see {}/main.log. Last lines:\n{}",
                    dir.display(),
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                ),
            });
        }
        let log = std::fs::read_to_string(dir.join("main.log")).unwrap_or_default();
        print_warnings(&tex_warnings(&log), terminal);
        println!("{}", dir.join("main.pdf").display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::tex_warnings;

    #[test]
    fn tex_warnings_are_joined_across_wraps_and_listed_once() {
        let log = "Package metagen Warning: 'U+0645 U+0631': shown\n\
                   (metagen)                as code points on input line 5.\n\
                   \n\
                   Package metagen Warning: 'U+0645 U+0631': shown\n\
                   (metagen)                as code points on input line 9.\n\
                   Package metagen Warning: Font 'X' is not installed.\n\
                   Package hyperref Warning: unrelated\n";
        assert_eq!(
            tex_warnings(log),
            [
                "'U+0645 U+0631': shown as code points",
                "Font 'X' is not installed"
            ]
        );
    }
}
