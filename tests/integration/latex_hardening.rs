//! Defence in depth for LaTeX: `metagen paper --pdf` and the generated
//! Makefile run TeX without shell escape and in kpathsea's paranoid mode, so
//! even a missed escape could neither run a command nor read a file outside
//! the project. Checked on the command and Makefile text, and for real.

use std::ffi::OsStr;
use std::path::Path;

use crate::support::{examples_dir, tool};

/// A one-page document that reads a file outside its folder by absolute path.
fn project_reading_outside(root: &Path) -> std::path::PathBuf {
    let outside = root.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.tex"), "SECRETWORD\n").unwrap();
    let project = root.join("project");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(
        project.join("main.tex"),
        format!(
            "\\documentclass{{article}}\n\\begin{{document}}\nInside.\n\\input{{{}}}\n\\end{{document}}\n",
            outside.join("secret.tex").display()
        ),
    )
    .unwrap();
    std::fs::write(project.join("bibliography.bib"), "").unwrap();
    project
}

fn paper_makefile() -> String {
    let path = examples_dir().join("text/text_llm_tiny.yaml");
    let loaded = metagen::spec::load_spec_file(&path).unwrap();
    let release = metagen::release::build(metagen::spec::resolve(&loaded, None).unwrap()).unwrap();
    let tree = metagen::engine::render_paper_project(&release).unwrap();
    String::from_utf8(tree.get("Makefile").unwrap().to_vec()).unwrap()
}

#[test]
fn paper_pdf_command_has_no_shell_escape_and_paranoid_file_access() {
    let command = metagen::cli::latexmk_command(Path::new("."));
    assert_eq!(command.get_program(), "latexmk");
    let args: Vec<&OsStr> = command.get_args().collect();
    assert!(args.contains(&OsStr::new("-no-shell-escape")), "{args:?}");
    assert!(!args.iter().any(|a| *a == "-shell-escape"), "{args:?}");
    let envs: Vec<(&OsStr, Option<&OsStr>)> = command.get_envs().collect();
    for var in ["openin_any", "openout_any"] {
        assert!(
            envs.contains(&(OsStr::new(var), Some(OsStr::new("p")))),
            "{var} is not set to p: {envs:?}"
        );
    }
}

#[test]
fn paper_makefile_passes_the_flags_to_every_tex_run() {
    let makefile = paper_makefile();
    let lines: Vec<&str> = makefile.lines().collect();
    assert!(lines.contains(&"export openin_any := p"), "{makefile}");
    assert!(lines.contains(&"export openout_any := p"), "{makefile}");
    let flags = lines
        .iter()
        .find(|l| l.starts_with("LATEX_FLAGS :="))
        .expect("a LATEX_FLAGS line");
    assert!(flags.contains("-no-shell-escape"), "{flags}");
    let runs: Vec<&&str> = lines
        .iter()
        .filter(|l| {
            let command = l.trim_start();
            command.starts_with("latexmk ") || command.starts_with("pdflatex ")
        })
        .collect();
    assert_eq!(runs.len(), 4, "{runs:?}");
    for run in runs {
        assert!(run.contains("$(LATEX_FLAGS)"), "{run}");
    }
    if !tool("make") {
        return;
    }
    // make itself expands the flags into the commands it would run.
    let dir = tempfile::tempdir().unwrap();
    let project = project_reading_outside(dir.path());
    std::fs::write(project.join("Makefile"), &makefile).unwrap();
    let dry = std::process::Command::new("make")
        .args(["-n", "pdf"])
        .current_dir(&project)
        .output()
        .unwrap();
    let dry = String::from_utf8_lossy(&dry.stdout);
    assert!(dry.contains("-no-shell-escape"), "{dry}");
}

#[test]
fn the_hardened_runs_refuse_outside_files_yet_compile_the_paper() {
    if !(tool("latexmk") && tool("make")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let project = project_reading_outside(dir.path());
    // Control: plain latexmk reads the outside file, so the refusals below
    // come from the hardening, not from a broken document.
    let plain = std::process::Command::new("latexmk")
        .args([
            "-pdf",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "main.tex",
        ])
        .env_remove("openin_any")
        .current_dir(&project)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(plain.status.success(), "control compile failed");
    let plain_log = std::fs::read_to_string(project.join("main.log")).unwrap();
    assert!(
        plain_log.contains("secret.tex"),
        "the control did not read it"
    );
    assert!(plain_log.contains("\\write18 enabled"), "{plain_log}");
    for name in [
        "main.pdf",
        "main.log",
        "main.aux",
        "main.fls",
        "main.fdb_latexmk",
    ] {
        let _ = std::fs::remove_file(project.join(name));
    }
    let hardened = metagen::cli::latexmk_command(&project).output().unwrap();
    assert!(
        !hardened.status.success(),
        "paranoid mode read an outside file"
    );
    let log = std::fs::read_to_string(project.join("main.log")).unwrap();
    assert!(log.contains("secret.tex' not found"), "{log}");
    assert!(
        !log.contains("\\write18 enabled"),
        "shell escape is on: {log}"
    );
    // The generated Makefile refuses it too.
    std::fs::write(project.join("Makefile"), paper_makefile()).unwrap();
    let make = std::process::Command::new("make")
        .arg("pdf")
        .current_dir(&project)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!make.status.success(), "make pdf read an outside file");
    // The real paper still compiles under the hardened Makefile (the
    // `paper --pdf` path is compiled in paper.rs).
    let out = tempfile::tempdir().unwrap();
    let paper = out.path().join("paper");
    let output = crate::support::metagen()
        .args(["--quiet", "paper"])
        .arg(examples_dir().join("text/text_llm_tiny.yaml"))
        .arg("--out")
        .arg(&paper)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let built = std::process::Command::new("make")
        .arg("pdf")
        .current_dir(&paper)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "make pdf failed:\n{}",
        String::from_utf8_lossy(&built.stdout)
    );
    assert!(paper.join("main.pdf").is_file());
}
