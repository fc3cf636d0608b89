//! The paper, compiled for real with latexmk: clean logs, at least six
//! pages, the exact parameter count in the text, and hostile strings shown
//! literally without reading any file into the paper.

use std::path::{Path, PathBuf};

use metagen::render::paper::Engine;
use unicode_normalization::UnicodeNormalization;

use crate::support::{adversarial_spec, example_files, metagen, run_tool, stderr, tool};

fn write_paper(spec: &Path, out: &Path) {
    let output = metagen()
        .args(["--quiet", "paper"])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// The engine a written paper project declares in its `main.tex`.
fn declared_engine(dir: &Path) -> Engine {
    Engine::declared_by(&std::fs::read_to_string(dir.join("main.tex")).unwrap_or_default())
}

/// Compiles a paper project with the engine its `main.tex` declares and checks
/// its log; returns pdftotext's output.
fn compile_and_check(dir: &Path) -> Result<String, String> {
    let status = std::process::Command::new("latexmk")
        .args([
            declared_engine(dir).latexmk_option(),
            "-interaction=nonstopmode",
            "-halt-on-error",
            "main.tex",
        ])
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    let log = std::fs::read_to_string(dir.join("main.log")).unwrap_or_default();
    if !status.status.success() {
        return Err(format!(
            "{}: latexmk failed:\n{}",
            dir.display(),
            tail(&log)
        ));
    }
    let problems: Vec<&str> = log
        .lines()
        .filter(|line| {
            line.starts_with('!')
                || line.contains("undefined")
                || line.contains("multiply defined")
                || line.contains("Multiply defined")
                || line.starts_with("Missing character")
                || overfull_points(line).is_some_and(|pt| pt > 10.0)
        })
        .collect();
    if !problems.is_empty() {
        return Err(format!("{}: log problems: {problems:?}", dir.display()));
    }
    let info = run_tool("pdfinfo", &["main.pdf"], dir);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    if pages < 6 {
        return Err(format!("{}: only {pages} pages", dir.display()));
    }
    Ok(run_tool("pdftotext", &["main.pdf", "-"], dir))
}

/// "Overfull \hbox (12.3pt too wide)" → 12.3.
fn overfull_points(line: &str) -> Option<f64> {
    let rest = line.strip_prefix("Overfull \\hbox (")?;
    rest.split("pt").next()?.parse().ok()
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

#[test]
fn every_example_paper_compiles_cleanly_with_the_exact_count() {
    if !(tool("latexmk") && tool("pdfinfo") && tool("pdftotext")) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let jobs: Vec<(PathBuf, u64)> = example_files()
        .into_iter()
        .map(|file| {
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            let dir = out.path().join(&name);
            write_paper(&file, &dir);
            let loaded = metagen::spec::load_spec_file(&file).unwrap();
            let release =
                metagen::release::build(metagen::spec::resolve(&loaded, None).unwrap()).unwrap();
            (dir, release.blueprint.total_params)
        })
        .collect();
    let half = jobs.len().div_ceil(2);
    let handles: Vec<_> = jobs
        .chunks(half)
        .map(|chunk| {
            let chunk = chunk.to_vec();
            std::thread::spawn(move || {
                chunk
                    .into_iter()
                    .map(|(dir, total)| {
                        compile_and_check(&dir).and_then(|text| {
                            let formatted = metagen::numbers::group_digits(total);
                            if text.contains(&formatted) {
                                Ok(())
                            } else {
                                Err(format!(
                                    "{}: {formatted} not in the PDF text",
                                    dir.display()
                                ))
                            }
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let failures: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .filter_map(Result::err)
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn hostile_strings_compile_and_show_literally() {
    // The adversarial spec has non-Latin text: its paper is built with xelatex.
    if !(tool("latexmk") && tool("xelatex") && tool("pdfinfo") && tool("pdftotext")) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("adversarial");
    write_paper(&adversarial_spec(), &dir);
    let text = compile_and_check(&dir).unwrap_or_else(|e| panic!("{e}"));
    // pdftotext joins lines with newlines and may hyphenate nothing else, so
    // compare with whitespace collapsed.
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "\\input{/etc/passwd}",
        "\\write18{touch /tmp/pwned}",
        "100% & $x^2$ _under_ ~tilde #hash {braces}",
        "__import__('os')",
        "模型",
        "Модель",
        "Καλημέρα",
        "你好",
    ] {
        assert!(
            flat.contains(needle),
            "{needle:?} not shown literally in:\n{flat}"
        );
    }
    for letter in ['م', 'ر', 'ح', 'ب', 'ا'] {
        assert!(flat.contains(letter), "Arabic letter {letter} missing");
    }
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    if let Some(first) = passwd.lines().next() {
        assert!(!text.contains(first), "/etc/passwd was read into the paper");
    }
    assert!(!text.contains("root:x:0:0"));
    assert!(!Path::new("/tmp/pwned").exists(), "\\write18 ran");
}

/// Text compared as a reader sees it: NFKC, whitespace collapsed.
fn nfkc_flat(text: &str) -> String {
    let normalized: String = text.nfkc().collect();
    normalized.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Issue 14: the adversarial spec's name carries CJK and Cyrillic and its
/// description Greek and CJK. Its paper declares xelatex, compiles with no
/// missing character, draws those scripts as glyphs from DejaVu Serif and
/// Droid Sans Fallback (not as code points), and pdftotext gives back the
/// original characters. Arabic, right to left, stays code points with ActualText.
#[test]
fn non_latin_scripts_render_as_glyphs_with_xelatex() {
    if !(tool("latexmk") && tool("xelatex") && tool("pdffonts") && tool("pdftotext")) {
        return;
    }
    let spec = adversarial_spec();
    let loaded = metagen::spec::load_spec_file(&spec).unwrap();
    let name = loaded.spec.name.clone();
    for needle in ["模型", "Модель"] {
        assert!(name.contains(needle), "the fixture's name lacks {needle}");
    }
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("adversarial");
    write_paper(&spec, &dir);
    assert_eq!(declared_engine(&dir), Engine::XeLatex);
    let makefile = std::fs::read_to_string(dir.join("Makefile")).unwrap();
    assert!(
        makefile.contains("latexmk -xelatex $(LATEX_FLAGS)"),
        "{makefile}"
    );
    let text = compile_and_check(&dir).unwrap_or_else(|e| panic!("{e}"));
    let flat = nfkc_flat(&text);
    let words: Vec<&str> = name.split_whitespace().filter(|w| !w.is_ascii()).collect();
    assert!(!words.is_empty());
    for needle in words.iter().copied().chain(["Καλημέρα", "你好"]) {
        let expected = nfkc_flat(needle);
        assert!(flat.contains(&expected), "{expected:?} not in:\n{flat}");
    }
    let log = std::fs::read_to_string(dir.join("main.log")).unwrap();
    let warnings: Vec<&str> = log
        .lines()
        .filter(|l| l.starts_with("Package metagen Warning"))
        .collect();
    assert!(
        warnings.iter().all(|w| w.contains("'U+0645")),
        "only the Arabic word falls back: {warnings:?}"
    );
    let fonts = run_tool("pdffonts", &["main.pdf"], &dir);
    for font in ["DejaVuSerif", "DroidSansFallback"] {
        assert!(fonts.contains(font), "{font} not embedded:\n{fonts}");
    }
}

/// Latin-only papers keep pdflatex and Times: every bundled example's
/// `main.tex` declares no other engine, and its Makefile runs `latexmk -pdf`.
#[test]
fn latin_example_papers_keep_pdflatex() {
    for file in example_files() {
        let loaded = metagen::spec::load_spec_file(&file).unwrap();
        let release =
            metagen::release::build(metagen::spec::resolve(&loaded, None).unwrap()).unwrap();
        let tree = metagen::engine::render_paper_project(&release).unwrap();
        let main = String::from_utf8(tree.get("main.tex").unwrap().to_vec()).unwrap();
        assert_eq!(
            Engine::declared_by(&main),
            Engine::PdfLatex,
            "{}",
            file.display()
        );
        assert!(
            main.contains("\\usepackage{mathptmx}"),
            "{}",
            file.display()
        );
        let makefile = String::from_utf8(tree.get("Makefile").unwrap().to_vec()).unwrap();
        assert!(
            makefile.contains("latexmk -pdf $(LATEX_FLAGS)"),
            "{makefile}"
        );
    }
}

/// A folder of links to every program on PATH except xelatex and xetex.
fn path_without_xelatex(root: &Path) -> PathBuf {
    let bin = root.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name == "xelatex" || name == "xetex" || bin.join(&name).exists() {
                continue;
            }
            let _ = std::os::unix::fs::symlink(entry.path(), bin.join(&name));
        }
    }
    bin
}

/// `metagen paper --pdf` where xelatex is missing warns, writes the pdflatex
/// project instead and builds it: non-Latin text shows as code points, and
/// pdftotext still returns the original characters (ActualText).
#[test]
fn paper_pdf_without_xelatex_falls_back_to_code_points_with_a_warning() {
    if !(tool("latexmk") && tool("pdflatex") && tool("pdffonts") && tool("pdftotext")) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let bin = path_without_xelatex(out.path());
    let dir = out.path().join("fallback");
    let built = metagen()
        .env("PATH", &bin)
        .args(["--color", "never", "paper"])
        .arg(adversarial_spec())
        .arg("--out")
        .arg(&dir)
        .arg("--pdf")
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let warning = stderr(&built);
    assert!(warning.contains("xelatex is not installed"), "{warning}");
    assert!(warning.contains("fonts-droid-fallback"), "{warning}");
    assert_eq!(declared_engine(&dir), Engine::PdfLatex);
    // pdftotext reads the ActualText, not the code points drawn; the fonts
    // show that no glyph font was used.
    let fonts = run_tool("pdffonts", &["main.pdf"], &dir);
    assert!(!fonts.contains("DroidSansFallback"), "{fonts}");
    let text = nfkc_flat(&run_tool("pdftotext", &["main.pdf", "-"], &dir));
    for needle in ["模型", "Модель"] {
        assert!(text.contains(needle), "{needle} not extractable: {text}");
    }
}

#[test]
fn paper_pdf_builds_or_explains_how_to_install_latex() {
    let out = tempfile::tempdir().unwrap();
    let spec = example_files()
        .into_iter()
        .find(|f| f.ends_with("text/text_llm_tiny.yaml"))
        .unwrap();
    // Without LaTeX on PATH: a clear error naming the packages, exit 3, and
    // the LaTeX project is still written.
    let empty = tempfile::tempdir().unwrap();
    let missing = metagen()
        .env("PATH", empty.path())
        .args(["--color", "never", "--quiet", "paper"])
        .arg(&spec)
        .arg("--out")
        .arg(out.path().join("without"))
        .arg("--pdf")
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(3), "{}", stderr(&missing));
    assert!(stderr(&missing).contains("LaTeX is not installed"));
    assert!(stderr(&missing).contains("apt-get install texlive-latex-base"));
    assert!(out.path().join("without/main.tex").is_file());
    if !tool("latexmk") {
        return;
    }
    let built = metagen()
        .args(["--quiet", "paper"])
        .arg(&spec)
        .arg("--out")
        .arg(out.path().join("with"))
        .arg("--pdf")
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let printed = String::from_utf8_lossy(&built.stdout).trim().to_string();
    assert!(printed.ends_with("main.pdf"), "{printed}");
    assert!(Path::new(&printed).is_file());
    for file in [
        "main.tex",
        "bibliography.bib",
        "Makefile",
        "README.md",
        "eval_report.md",
    ] {
        assert!(out.path().join("with").join(file).is_file(), "{file}");
    }
    let mut headings = Vec::new();
    for section in metagen::render::paper::SECTIONS {
        let path = out
            .path()
            .join("with/sections")
            .join(format!("{section}.tex"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{section}: {e}"));
        headings.extend(
            text.lines()
                .filter(|l| l.starts_with("\\section{") || l.starts_with("\\begin{abstract}"))
                .map(str::to_string),
        );
    }
    let main = std::fs::read_to_string(out.path().join("with/main.tex")).unwrap();
    assert!(
        !main.contains("\\section{"),
        "main.tex holds no headings of its own"
    );
    let mut unique = headings.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        headings.len(),
        "a heading appears twice: {headings:?}"
    );
    assert!(headings.len() >= 9, "{headings:?}");
}

/// Commands whose arguments are markup a reader never sees: environment names and table
/// column specifications, cross-reference and citation keys (rendered as numbers), figure
/// file names. They are masked with the command.
const MARKUP_COMMANDS: &[&str] = &[
    "begin",
    "end",
    "label",
    "ref",
    "citep",
    "citet",
    "includegraphics",
    "hspace",
];

/// Skips the brace or bracket groups that follow a command directly, nested ones included.
fn skip_arguments(chars: &mut std::iter::Peekable<std::str::Chars>) {
    if chars.peek() == Some(&'*') {
        chars.next();
    }
    while chars.peek().is_some_and(|c| *c == '{' || *c == '[') {
        let mut depth = 0;
        for c in chars.by_ref() {
            match c {
                '{' | '[' => depth += 1,
                '}' | ']' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
    }
}

/// The words of LaTeX text with LaTeX commands (and the arguments of markup commands) and
/// math dropped, lower-cased, a word with a digit masked as `#`.
fn tex_words(tex: &str) -> Vec<String> {
    let mut text = String::new();
    let mut chars = tex.chars().peekable();
    let mut in_math = false;
    while let Some(c) = chars.next() {
        match c {
            '$' => in_math = !in_math,
            '\\' => {
                // Drop the command name (letters) or the escaped character.
                if chars.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                    let mut command = String::new();
                    while let Some(c) = chars.next_if(|c| c.is_ascii_alphabetic()) {
                        command.push(c);
                    }
                    if MARKUP_COMMANDS.contains(&command.as_str()) {
                        skip_arguments(&mut chars);
                    }
                } else {
                    chars.next();
                }
                text.push(' ');
            }
            '%' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            _ if in_math => {}
            '{' | '}' | '[' | ']' => text.push(' '),
            c => text.push(c),
        }
    }
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.chars().any(|c| c.is_ascii_digit()) {
                "#".to_string()
            } else {
                w.to_string()
            }
        })
        .collect()
}

/// The words of a LaTeX section with commands, math, numbers and names masked: what a reader
/// compares when asking whether two papers say the same thing. The model's name is masked
/// word by word; every other name (`names`, as the paper writes them in LaTeX: the benchmarks
/// and baselines its tables list) is masked where its whole word sequence occurs, so that the
/// word "synthetic" of `Baseline-A (synthetic)` is masked only inside that name.
fn masked_words(tex: &str, name: &str, names: &[String]) -> Vec<String> {
    let name_words: Vec<String> = name
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let mut phrases: Vec<Vec<String>> = names.iter().map(|n| tex_words(n)).collect();
    phrases.retain(|p| !p.is_empty());
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let words: Vec<String> = tex_words(tex)
        .into_iter()
        .map(|w| {
            if name_words.contains(&w) {
                "#".to_string()
            } else {
                w
            }
        })
        .collect();
    let mut masked = Vec::new();
    let mut at = 0;
    while at < words.len() {
        match phrases.iter().find(|p| words[at..].starts_with(p)) {
            Some(phrase) => {
                masked.push("#".to_string());
                at += phrase.len();
            }
            None => {
                masked.push(words[at].clone());
                at += 1;
            }
        }
    }
    masked
}

fn four_grams(words: &[String]) -> std::collections::BTreeSet<String> {
    words.windows(4).map(|w| w.join(" ")).collect()
}

/// Share of the smaller set's 4-grams that also occur in the other.
fn overlap(a: &std::collections::BTreeSet<String>, b: &std::collections::BTreeSet<String>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    small.iter().filter(|g| large.contains(*g)).count() as f64 / small.len() as f64
}

#[test]
fn masked_four_gram_overlap_finds_copied_text() {
    let a = four_grams(&masked_words(
        "The \\textbf{model} $x^2$ has 12 layers and it is good at everything we tried.",
        "m",
        &[],
    ));
    let b = four_grams(&masked_words(
        "The model has 99 layers and it is good at everything we tried.",
        "m",
        &[],
    ));
    assert_eq!(overlap(&a, &b), 1.0);
    let c = four_grams(&masked_words(
        "Agents learn from the consequences of their own actions.",
        "m",
        &[],
    ));
    assert_eq!(overlap(&a, &c), 0.0);
    // Markup arguments and listed names are masked; the prose around them is not.
    let escape = metagen::render::paper::latex::escape;
    let names = [escape("GEN-EVAL-2"), escape("Baseline-A (synthetic)")];
    let d = masked_words(
        &format!(
            "See Table~\\ref{{tab:suite}} and \\begin{{figure}}[t] {} beats {}, a synthetic score.",
            names[0], names[1]
        ),
        "m",
        &names,
    );
    assert_eq!(
        d,
        [
            "see",
            "table",
            "and",
            "#",
            "beats",
            "#",
            "a",
            "synthetic",
            "score"
        ]
    );
}

/// Every section must be the family's own: for every pair of bundled examples whose
/// architectures belong to different families, at most 40% of the smaller section's masked
/// word 4-grams occur in the other. The appendix is compared as [`prose_of`] cuts it. The
/// worst pair of each section is printed for the record.
const FAMILY_SECTIONS: &[&str] = &[
    "abstract",
    "introduction",
    "related_work",
    "method",
    "experiments",
    "discussion",
    "conclusion",
    "appendix",
];

/// The prose of a section. For the appendix, everything before the checklist (the venue's
/// fixed questions, which the rule excepts) less two blocks of data: the resolved
/// specification listing is the spec's own YAML, every release listing the same keys as a
/// table repeats its column headings, and the file-hash table is paths and digests. What
/// remains is compared as prose: the reproducibility paragraph, the generated model's module
/// table and notes, the quoted docstrings, the feasibility verdicts and the warnings.
fn prose_of(section: &str, tex: &str) -> String {
    if section != "appendix" {
        return tex.to_string();
    }
    let mut text = tex
        .split("\\section{Checklist}")
        .next()
        .unwrap_or_default()
        .to_string();
    for data in [
        "\\subsection{Resolved specification}",
        "\\subsection{File hashes}",
    ] {
        if let Some(start) = text.find(data) {
            let rest = &text[start + data.len()..];
            let end = ["\\subsection{", "\\section{"]
                .iter()
                .filter_map(|next| rest.find(next))
                .min()
                .map_or(text.len(), |at| start + data.len() + at);
            text.replace_range(start..end, "");
        }
    }
    text
}

/// The appendix's prose stops at the checklist and skips the listing and the hash table, and
/// keeps everything else.
#[test]
fn appendix_prose_leaves_out_the_checklist_and_the_data() {
    let tex = "\\appendix\n\\section{Reproducibility}\nKeep this.\n\\subsection{Resolved specification}\nname: x\n\\subsection{Feasibility checks}\nAnd this.\n\\subsection{File hashes}\na.py & 00\n\\section{Checklist}\nQuestions.";
    let prose = prose_of("appendix", tex);
    assert!(
        prose.contains("Keep this.") && prose.contains("And this."),
        "{prose}"
    );
    for gone in ["name: x", "a.py", "Questions", "Resolved specification"] {
        assert!(!prose.contains(gone), "{gone} in {prose}");
    }
    assert_eq!(prose_of("method", tex), tex);
}

#[test]
fn papers_of_different_families_share_at_most_40_percent_of_their_text() {
    let out = tempfile::tempdir().unwrap();
    let mut papers = Vec::new();
    for file in example_files() {
        let loaded = metagen::spec::load_spec_file(&file).unwrap();
        let resolved = metagen::spec::resolve(&loaded, None).unwrap();
        let release = metagen::release::build(resolved).unwrap();
        let prose: *const metagen::families::Prose = release.blueprint.family.prose;
        let name = release.resolved.spec.name.clone();
        // The names the tables list: the suite's benchmarks, the spec's benchmarks and the
        // generic baselines standing in for its named models.
        let benchmarks = &release.benchmarks;
        let names: Vec<String> = benchmarks
            .suite
            .iter()
            .map(|s| s.name.to_string())
            .chain(
                benchmarks
                    .spec_scores
                    .iter()
                    .flat_map(|s| [s.benchmark.clone(), s.model.clone()]),
            )
            .map(|n| metagen::render::paper::latex::escape(&n))
            .collect();
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let dir = out.path().join(&stem);
        write_paper(&file, &dir);
        papers.push((stem, prose, name, names, dir));
    }
    let mut failures = Vec::new();
    let mut pairs = 0;
    for &section in FAMILY_SECTIONS {
        let grams: Vec<_> = papers
            .iter()
            .map(|(_, _, name, names, dir)| {
                let tex =
                    std::fs::read_to_string(dir.join(format!("sections/{section}.tex"))).unwrap();
                four_grams(&masked_words(&prose_of(section, &tex), name, names))
            })
            .collect();
        let mut worst = (0.0, String::new());
        for i in 0..papers.len() {
            for j in i + 1..papers.len() {
                if std::ptr::eq(papers[i].1, papers[j].1) {
                    continue;
                }
                pairs += 1;
                let share = overlap(&grams[i], &grams[j]);
                if share > worst.0 {
                    worst = (share, format!("{} / {}", papers[i].0, papers[j].0));
                }
                if share > 0.40 {
                    failures.push(format!(
                        "{section}: {} and {} share {:.0}%",
                        papers[i].0,
                        papers[j].0,
                        share * 100.0
                    ));
                }
            }
        }
        eprintln!(
            "{section}: worst overlap {:.0}% ({})",
            worst.0 * 100.0,
            worst.1
        );
    }
    assert!(pairs > 100, "{pairs} pairs compared");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The PPO example (a small MLP, `adam`, `fp32`) cites nothing a transformer or a token
/// budget would need, and states its optimizer and precision as the spec gives them.
#[test]
fn the_rl_paper_cites_only_what_an_mlp_agent_uses() {
    let out = tempfile::tempdir().unwrap();
    let spec = crate::support::examples_dir().join("rl/rl_agent_ppo.yaml");
    let dir = out.path().join("ppo");
    write_paper(&spec, &dir);
    let mut text = String::new();
    for entry in std::fs::read_dir(dir.join("sections")).unwrap() {
        text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    for absent in [
        "dao2022flashattention",
        "hoffmann2022chinchilla",
        "kaplan2020scaling",
        "korthikanti2023activation",
        "rajbhandari2020zero",
        "zhao2023fsdp",
        "micikevicius2018mixed",
        "mixed precision",
        "vaswani2017attention",
        "We train with AdamW",
    ] {
        assert!(!text.contains(absent), "the PPO paper mentions {absent}");
    }
    assert!(text.contains("We train with Adam ("), "optimizer as given");
    assert!(text.contains("full fp32 precision"), "precision as given");
}

/// `metagen paper` has no release files to hash: its appendix drops the hash table and the
/// checklist does not claim it; `metagen synth`'s paper lists a hash for its files.
#[test]
fn the_hash_table_is_filled_or_not_claimed() {
    let out = tempfile::tempdir().unwrap();
    let spec = crate::support::examples_dir().join("rl/rl_agent_ppo.yaml");
    let dir = out.path().join("paper_only");
    write_paper(&spec, &dir);
    let appendix = std::fs::read_to_string(dir.join("sections/appendix.tex")).unwrap();
    assert!(!appendix.contains("File hashes"), "{appendix}");
    assert!(!appendix.contains("the hash of every file"));
    let run = crate::python::synth(&spec, out.path(), "synth");
    let appendix = std::fs::read_to_string(run.join("paper/sections/appendix.tex")).unwrap();
    let table = appendix
        .split("\\subsection{File hashes}")
        .nth(1)
        .expect("synth's paper has the hash table");
    let rows = table
        .lines()
        .take_while(|l| !l.starts_with("\\bottomrule"))
        .filter(|l| l.starts_with("\\texttt{"))
        .count();
    assert!(rows >= 5, "{rows} hash rows");
    assert!(appendix.contains("the hash of every file"));
}

/// The figures the cost oracle checks carry the tolerance they were checked to, or say
/// that they do not agree yet: the 8B LLM's FLOPs per token (its per-sample figure, 2% for
/// transformers), and every example that states FLOPs per token says what the registry
/// records the oracle found for its architecture (which the oracle test holds to its
/// measurements). The activation figure is not shown in the paper; eval_report.md's cost
/// table carries its tolerance.
#[test]
fn oracle_checked_figures_carry_their_tolerance() {
    let out = tempfile::tempdir().unwrap();
    let mut stated = 0;
    let mut llm_seen = false;
    for file in example_files() {
        let loaded = metagen::spec::load_spec_file(&file).unwrap();
        let release =
            metagen::release::build(metagen::spec::resolve(&loaded, None).unwrap()).unwrap();
        let dir = out.path().join(file.file_stem().unwrap());
        write_paper(&file, &dir);
        let method = std::fs::read_to_string(dir.join("sections/method.tex")).unwrap();
        let Some(at) = method.find("training FLOPs per token (6N plus") else {
            continue;
        };
        stated += 1;
        let sentence = &method[at..at + method[at..].find("tokens. ").unwrap()];
        let tolerance = if release.cost.flops.training_per_token.is_some() {
            "2"
        } else {
            "5"
        };
        let expected = match release.blueprint.family.oracle.training_flops {
            metagen::families::Oracle::Agrees => {
                format!("; per sample within {tolerance}\\% of PyTorch's count)")
            }
            metagen::families::Oracle::Disagrees => {
                format!("; per sample not yet within {tolerance}\\% of PyTorch's count)")
            }
            metagen::families::Oracle::NotMeasured => {
                "; per sample not measured against PyTorch)".to_string()
            }
        };
        assert!(
            sentence.contains(&expected),
            "{}: {sentence}",
            file.display()
        );
        if file.ends_with("text/text_llm_8b.yaml") {
            llm_seen = true;
            assert!(
                sentence.contains("; per sample within 2\\% of PyTorch's count)"),
                "{sentence}"
            );
        }
    }
    assert!(
        stated >= 2 && llm_seen,
        "{stated} papers state FLOPs per token"
    );
}
