//! The real binary under filesystem faults and signals: an injected failed
//! write, full disk or failed rename exits 3 and leaves the old state; a
//! SIGINT or SIGTERM mid-write leaves the complete old run; a SIGKILL's
//! staging folder is removed by the next run; symlinks are never followed.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{entries, examples_dir, metagen, read_tree, stderr};

const STAGING: &str = metagen::output::STAGING_PREFIX;

fn tiny() -> PathBuf {
    examples_dir().join("text/text_llm_tiny.yaml")
}

/// `metagen synth` of the tiny spec into `out`.
fn synth_tiny(out: &Path) -> assert_cmd::Command {
    let mut cmd = metagen();
    cmd.arg("synth").arg(tiny()).arg("--out").arg(out);
    cmd
}

fn tiny_run_id() -> String {
    let loaded = metagen::spec::load_spec_file(&tiny()).unwrap();
    metagen::spec::resolve(&loaded, None)
        .unwrap()
        .default_run_id()
}

/// An output folder holding one earlier run of the tiny spec, with a marker
/// file only that run has.
fn with_old_run() -> (tempfile::TempDir, Vec<(String, Vec<u8>)>) {
    let out = tempfile::tempdir().unwrap();
    let output = synth_tiny(out.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::fs::write(out.path().join(tiny_run_id()).join("old-marker.txt"), "old").unwrap();
    let tree = read_tree(out.path());
    (out, tree)
}

fn synth_with_faults(out: &Path, faults: &str) -> std::process::Output {
    synth_tiny(out)
        .env(metagen::output::Faults::ENV, faults)
        .arg("--force")
        .output()
        .unwrap()
}

#[test]
fn each_injected_fault_exits_3_and_leaves_the_old_run() {
    let (out, old_tree) = with_old_run();
    for (fault, message) in [
        ("write:1", "injected write failure"),
        ("write:7", "injected write failure"),
        ("enospc:3", "no space left on device"),
        ("rename:1", "injected rename failure"),
        ("rename:2", "injected rename failure"),
    ] {
        let output = synth_with_faults(out.path(), fault);
        assert_eq!(
            output.status.code(),
            Some(3),
            "{fault}: {}",
            stderr(&output)
        );
        let err = stderr(&output);
        assert!(err.starts_with("error: "), "{fault}: {err}");
        assert!(err.contains(message), "{fault}: {err}");
        assert_eq!(read_tree(out.path()), old_tree, "{fault}");
        assert_eq!(entries(out.path()), [tiny_run_id()], "{fault}");
    }
}

#[test]
fn a_fault_without_an_old_run_leaves_nothing() {
    let out = tempfile::tempdir().unwrap();
    for fault in ["write:2", "enospc:1", "rename:1"] {
        let output = synth_with_faults(out.path(), fault);
        assert_eq!(
            output.status.code(),
            Some(3),
            "{fault}: {}",
            stderr(&output)
        );
        assert!(
            entries(out.path()).is_empty(),
            "{fault}: {:?}",
            entries(out.path())
        );
    }
    let bad = synth_with_faults(out.path(), "chmod:1");
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
}

/// Starts a forced synth that pauses after `files` files, and waits until
/// the pause: its staging folder holds that many files.
// The child is handed to the caller, which waits for it.
#[allow(clippy::zombie_processes)]
fn start_paused(out: &Path, files: usize) -> (Child, PathBuf) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("metagen"))
        .env(metagen::output::Faults::ENV, format!("pause:{files}:120"))
        .arg("synth")
        .arg(tiny())
        .arg("--out")
        .arg(out)
        .arg("--force")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let prefix = format!("{STAGING}{}-", child.id());
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let staging = entries(out)
            .into_iter()
            .find(|name| name.starts_with(&prefix))
            .map(|name| out.join(name));
        if let Some(staging) = staging
            && read_tree(&staging).len() >= files
        {
            return (child, staging);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the writer never paused");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn send(child: &Child, signal: libc::c_int) {
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: a plain kill(2) on our own child process.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
}

fn wait(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "metagen did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sigint_or_sigterm_mid_write_leaves_the_complete_old_run() {
    let (out, old_tree) = with_old_run();
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let (mut child, staging) = start_paused(out.path(), 3);
        send(&child, signal);
        let status = wait(&mut child);
        assert_eq!(status.code(), Some(130), "signal {signal}: {status:?}");
        assert!(!staging.exists(), "signal {signal}: staging left behind");
        assert_eq!(entries(out.path()), [tiny_run_id()]);
        assert_eq!(read_tree(out.path()), old_tree, "signal {signal}");
    }
}

#[test]
fn sigkill_staging_is_removed_by_the_next_run_and_user_files_stay() {
    let (out, _) = with_old_run();
    // Files of the user's that look a little like ours.
    let user_dir = out.path().join(".metagen-staging-mine");
    std::fs::create_dir_all(&user_dir).unwrap();
    std::fs::write(user_dir.join("notes.txt"), "keep").unwrap();
    std::fs::write(out.path().join("notes.txt"), "keep").unwrap();
    let (mut child, staging) = start_paused(out.path(), 2);
    send(&child, libc::SIGKILL);
    wait(&mut child);
    assert!(staging.exists(), "a SIGKILL cannot clean up");
    // The old run is still complete: nothing was moved before the pause.
    assert!(
        out.path()
            .join(tiny_run_id())
            .join("old-marker.txt")
            .exists()
    );
    let output = synth_tiny(out.path()).arg("--force").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!staging.exists(), "stale staging folder was not removed");
    let mut expected = vec![
        ".metagen-staging-mine".to_string(),
        "notes.txt".into(),
        tiny_run_id(),
    ];
    expected.sort();
    assert_eq!(entries(out.path()), expected);
    assert!(user_dir.join("notes.txt").exists());
}

#[test]
fn a_symlink_at_the_run_path_is_replaced_never_followed() {
    let out = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("precious.txt"), "mine").unwrap();
    let run = out.path().join(tiny_run_id());
    std::os::unix::fs::symlink(elsewhere.path(), &run).unwrap();
    let refused = synth_tiny(out.path()).output().unwrap();
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let forced = synth_with_faults(out.path(), "");
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(
        !std::fs::symlink_metadata(&run)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(run.join("blueprint").is_dir());
    assert_eq!(entries(elsewhere.path()), ["precious.txt"]);
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("precious.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_symlinked_staging_name_inside_out_is_not_followed() {
    let out = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("precious.txt"), "mine").unwrap();
    // A link named like a dead process's staging folder, and a link to a
    // folder inside --out that a careless cleaner might descend into.
    let fake = out.path().join(format!("{STAGING}999999999-abcdef"));
    std::os::unix::fs::symlink(elsewhere.path(), &fake).unwrap();
    let output = synth_with_faults(out.path(), "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(entries(elsewhere.path()), ["precious.txt"]);
    assert!(std::fs::symlink_metadata(&fake).is_ok());
}
