//! `metagen train SPEC --out DIR`: synthesize the release, then run its generated `train.py`
//! with the Python named by `METAGEN_PYTHON` (default `python3`), streaming its output.

use std::path::Path;
use std::process::Command;

use super::Terminal;
use super::commands::load_and_build;
use crate::engine::{self, SynthOptions};
use crate::error::{EXIT_NO_TORCH, Error};
use crate::output::WriteOptions;

/// How to install what the generated training needs.
pub const TORCH_INSTALL_HINT: &str = "PyTorch is not installed for this Python: `metagen train` runs \
the generated code/train.py. Install it with `python3 -m pip install -r DIR/RUN_ID/code/requirements.txt` \
(see https://pytorch.org/get-started/locally/ for CUDA builds), or point METAGEN_PYTHON at a Python \
that has torch. The release itself was written.";

/// The Python that runs the generated code.
fn python() -> std::ffi::OsString {
    std::env::var_os("METAGEN_PYTHON").unwrap_or_else(|| "python3".into())
}

/// Synthesizes `spec` into `out/RUN_ID/` and runs `code/train.py --out RUN_DIR/runs/train`,
/// with `--epochs` and the extra arguments passed on. Returns the training process's exit
/// code, or [`EXIT_NO_TORCH`] when the Python cannot import torch.
pub fn train(
    spec: &Path,
    out: &Path,
    epochs: Option<u64>,
    train_args: &[String],
    terminal: &Terminal,
) -> Result<i32, Error> {
    let release = load_and_build(spec, None)?;
    super::report::print_warnings(&release.warnings, terminal);
    let options = SynthOptions {
        run_id: None,
        write: WriteOptions::default(),
    };
    let report = engine::synthesize(&release, out, &options)?;
    let code = report.run_dir.join("code");
    if !terminal.quiet {
        println!("wrote {}", report.run_dir.display());
    }
    let python = python();
    let has_torch = Command::new(&python)
        .args(["-c", "import torch"])
        .output()
        .is_ok_and(|probe| probe.status.success());
    if !has_torch {
        eprintln!(
            "error: {} cannot import torch\n  {TORCH_INSTALL_HINT}",
            python.to_string_lossy()
        );
        return Ok(EXIT_NO_TORCH);
    }
    let mut command = Command::new(&python);
    command
        .arg("train.py")
        .arg("--out")
        .arg(report.run_dir.join("runs").join("train"))
        .current_dir(&code);
    if let Some(epochs) = epochs {
        command.arg("--epochs").arg(epochs.to_string());
    }
    command.args(train_args);
    // Standard output and error are inherited, so the training log streams as it runs.
    let status = command.status().map_err(|source| Error::Io {
        action: "run the generated train.py with",
        path: python.to_string_lossy().into_owned(),
        source,
    })?;
    Ok(status.code().unwrap_or(1))
}
