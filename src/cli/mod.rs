//! The command line: clap definitions, and one function per subcommand.

mod commands;
mod report;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::{EXIT_OK, Error};

/// MetaGen: turn a short model spec into a deterministic release package.
#[derive(Debug, Parser)]
#[command(name = "metagen", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Print only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// When to use colour on the terminal.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The `--color` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when the output is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate and resolve specs, and print what they resolve to.
    Validate {
        /// Spec files (.yaml, .yml or .json).
        #[arg(required = true, value_name = "SPEC")]
        specs: Vec<PathBuf>,
        /// Base seed (default: the spec's reproducibility.seed, 42).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Rewrite a spec written for the original MetaGen in our canonical form,
    /// keeping its comments; the changes are listed on standard error.
    Migrate {
        /// The spec file.
        #[arg(value_name = "SPEC")]
        spec: PathBuf,
        /// Write the migrated spec to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Print the JSON Schema (draft 2020-12) of the spec format.
    Schema {
        /// Write the schema to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Synthesize a release package from one spec into OUT/RUN_ID/.
    Synth {
        /// The spec file.
        #[arg(value_name = "SPEC")]
        spec: PathBuf,
        /// Output folder; the run is written to OUT/RUN_ID/.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Run id (default: derived from the spec name and resolved seed).
        #[arg(long, value_name = "ID")]
        run_id: Option<String>,
        /// Base seed (default: the spec's reproducibility.seed, 42).
        #[arg(long)]
        seed: Option<u64>,
        /// Replace an existing run folder whole.
        #[arg(long)]
        force: bool,
    },
    /// Write the paper's LaTeX project (with figures and eval_report.md) to DIR.
    Paper {
        /// The spec file.
        #[arg(value_name = "SPEC")]
        spec: PathBuf,
        /// Folder for the LaTeX project.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Base seed (default: the spec's reproducibility.seed, 42).
        #[arg(long)]
        seed: Option<u64>,
        /// Also build the PDF with latexmk and print its path.
        #[arg(long)]
        pdf: bool,
        /// Replace an existing project folder whole.
        #[arg(long)]
        force: bool,
    },
    /// Synthesize every bundled example spec (replacing earlier demo runs).
    Demo {
        /// Output folder.
        #[arg(long, value_name = "DIR", default_value = "outputs")]
        out: PathBuf,
        /// Base seed (default: each spec's reproducibility.seed, 42).
        #[arg(long)]
        seed: Option<u64>,
    },
}

/// Terminal settings shared by every command.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    /// Suppress non-error output.
    pub quiet: bool,
    /// Colour standard error output.
    pub color_stderr: bool,
    /// Colour standard output.
    pub color_stdout: bool,
}

impl Terminal {
    fn new(quiet: bool, choice: ColorChoice) -> Self {
        let auto = |is_terminal: bool| is_terminal && std::env::var_os("NO_COLOR").is_none();
        let (color_stdout, color_stderr) = match choice {
            ColorChoice::Always => (true, true),
            ColorChoice::Never => (false, false),
            ColorChoice::Auto => (
                auto(std::io::stdout().is_terminal()),
                auto(std::io::stderr().is_terminal()),
            ),
        };
        Self {
            quiet,
            color_stderr,
            color_stdout,
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with code 0; usage errors to
            // stderr with code 2.
            let _ = e.print();
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    let terminal = Terminal::new(cli.quiet, cli.color);
    let code = match run(&cli.command, &terminal) {
        Ok(code) => code,
        Err(error) => {
            report::print_error(&error, &terminal);
            error.exit_code()
        }
    };
    ExitCode::from(code.clamp(0, 255) as u8)
}

/// Runs one command; `Ok` carries the exit code for commands that report
/// per-spec failures themselves.
pub fn run(command: &Command, terminal: &Terminal) -> Result<i32, Error> {
    match command {
        Command::Validate { specs, seed } => commands::validate(specs, *seed, terminal),
        Command::Migrate { spec, out } => {
            commands::migrate(spec, out.as_deref(), terminal).map(|()| EXIT_OK)
        }
        Command::Schema { out } => commands::schema(out.as_deref(), terminal).map(|()| EXIT_OK),
        Command::Synth {
            spec,
            out,
            run_id,
            seed,
            force,
        } => commands::synth(spec, out, run_id.clone(), *seed, *force, terminal).map(|()| EXIT_OK),
        Command::Demo { out, seed } => commands::demo(out, *seed, terminal),
        Command::Paper {
            spec,
            out,
            seed,
            pdf,
            force,
        } => commands::paper(spec, out, *seed, *pdf, *force, terminal).map(|()| EXIT_OK),
    }
}
