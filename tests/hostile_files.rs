//! Hostile file systems: unreadable files and directories, files that change, vanish or grow
//! while a run reads them, named pipes, sockets and devices, symbolic-link loops, deep trees
//! and file names that are not UTF-8. Each test runs the real binary, under a time limit, so
//! that a hang fails the test instead of stalling the suite.

mod util;

use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;
use util::{assert_exit, assert_no_panic, changes, check_index_summary, count, hits, TestEnv};

/// Longest a command may run before it is taken to hang. Generous: the machine may be slow
/// and busy; a real hang (a reader blocked on a pipe) never ends.
const HANG_LIMIT: Duration = Duration::from_secs(120);

/// The user and group that unprivileged runs use ("nobody" on most systems).
const NOBODY: u32 = 65534;

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("newsearch")
}

/// `newsearch --index <index> ARGS...`, run in the environment's directory.
fn command<S: AsRef<OsStr>>(env: &TestEnv, args: &[S]) -> Command {
    let mut cmd = Command::new(binary());
    cmd.current_dir(env.root())
        .env_remove("NEWSEARCH_INDEX")
        .env_remove("NO_COLOR")
        .arg("--index")
        .arg(env.index_dir())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// A running newsearch whose output is collected as it comes, so a full pipe never blocks it.
struct Running {
    child: Child,
    what: String,
    stdout: JoinHandle<Vec<u8>>,
    stderr: JoinHandle<Vec<u8>>,
    started: Instant,
}

impl Running {
    fn start(mut cmd: Command, what: &str) -> Running {
        let mut child = cmd.spawn().unwrap_or_else(|e| panic!("start {what}: {e}"));
        let mut out = child.stdout.take().expect("piped stdout");
        let mut err = child.stderr.take().expect("piped stderr");
        Running {
            child,
            what: what.to_string(),
            stdout: std::thread::spawn(move || {
                let mut buf = Vec::new();
                let _ = out.read_to_end(&mut buf);
                buf
            }),
            stderr: std::thread::spawn(move || {
                let mut buf = Vec::new();
                let _ = err.read_to_end(&mut buf);
                buf
            }),
            started: Instant::now(),
        }
    }

    fn is_running(&mut self) -> bool {
        self.child
            .try_wait()
            .unwrap_or_else(|e| panic!("poll {}: {e}", self.what))
            .is_none()
    }

    /// Waits for the end of the run; kills it and fails the test if it outlives
    /// [`HANG_LIMIT`].
    fn finish(mut self) -> Output {
        let status: ExitStatus = loop {
            if let Some(status) = self.child.try_wait().expect("poll the child") {
                break status;
            }
            if self.started.elapsed() > HANG_LIMIT {
                let _ = self.child.kill();
                let _ = self.child.wait();
                let stderr = self.stderr.join().unwrap_or_default();
                panic!(
                    "{} still running after {HANG_LIMIT:?}: it hangs\nstderr: {}",
                    self.what,
                    String::from_utf8_lossy(&stderr)
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let output = Output {
            status,
            stdout: self.stdout.join().expect("collect stdout"),
            stderr: self.stderr.join().expect("collect stderr"),
        };
        assert_no_panic(&output);
        output
    }
}

/// Runs `newsearch ARGS...` to its end under the hang limit.
fn run<S: AsRef<OsStr>>(env: &TestEnv, args: &[S]) -> Output {
    let what = format!(
        "newsearch {}",
        args.iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    );
    Running::start(command(env, args), &what).finish()
}

/// `newsearch index --json PATHS...` under the hang limit; asserts exit 0 and returns the
/// summary.
fn index<S: AsRef<OsStr>>(env: &TestEnv, paths: &[S]) -> Value {
    let mut args: Vec<OsString> = vec!["index".into(), "--json".into()];
    args.extend(paths.iter().map(|p| p.as_ref().to_os_string()));
    let output = run(env, &args);
    assert_exit(&output, 0);
    let summary = util::parse_json(&output.stdout);
    check_index_summary(&summary);
    summary
}

/// `newsearch search --json -n 100000 QUERY`: the total and the paths of all hits.
fn search_paths(env: &TestEnv, query: &str) -> (u64, Vec<String>) {
    let results = env.search(&["-n", "100000", "--", query]);
    let paths = hits(&results)
        .iter()
        .map(|h| h["path"].as_str().expect("hit path").to_string())
        .collect();
    (count(&results, "total_hits"), paths)
}

fn total(env: &TestEnv, query: &str) -> u64 {
    count(&env.search(&["-n", "0", "--", query]), "total_hits")
}

fn article_count(env: &TestEnv) -> u64 {
    count(&env.stats(), "articles")
}

/// The skip entries of a summary.
fn skipped(summary: &Value) -> &Vec<Value> {
    summary["skipped"].as_array().expect("skipped is an array")
}

/// The reason given for skipping `path` (a whole file or directory), if it was skipped.
fn skip_reason(summary: &Value, path: &Path) -> Option<String> {
    let path = path.to_str().expect("a UTF-8 fixture path");
    skipped(summary)
        .iter()
        .find(|s| s["path"] == path && s["line"].is_null())
        .map(|s| s["reason"].as_str().unwrap_or_default().to_string())
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("chmod {mode:o} {}: {e}", path.display()));
}

/// Gives paths back their usual permissions when a test ends, even by a panic, so the
/// temporary directory can be removed.
struct RestoreModes(Vec<(PathBuf, u32)>);

impl Drop for RestoreModes {
    fn drop(&mut self) {
        for (path, mode) in &self.0 {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(*mode));
        }
    }
}

/// A text article whose body holds `words`.
fn story(title: &str, words: &str) -> String {
    format!("{title}\n\nThe harbour office noted {words} in its daily log.\n")
}

// ---------------------------------------------------------------------------------------
// Unreadable files and directories
// ---------------------------------------------------------------------------------------

/// Who runs newsearch in the permission test: ourselves when permissions bind us, otherwise
/// (as root) the unprivileged user "nobody". `None`, with the reason, when neither can work.
fn unprivileged_runner(env: &TestEnv, probe: &Path) -> Result<Option<(u32, u32)>, String> {
    match std::fs::read(probe) {
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => return Ok(None),
        Err(e) => return Err(format!("cannot probe permissions: {e}")),
        Ok(_) => {}
    }
    // Privileged: a mode-000 file is still readable. Run newsearch as "nobody", who needs
    // to reach the environment, create the index and execute the binary.
    set_mode(&env.root(), 0o777);
    std::fs::create_dir_all(env.index_dir()).expect("create the index directory");
    set_mode(&env.index_dir(), 0o777);
    let binary = binary();
    let mode = std::fs::metadata(&binary)
        .map_err(|e| format!("cannot stat the binary: {e}"))?
        .permissions()
        .mode();
    if mode & 0o001 == 0 {
        return Err(format!(
            "the binary is not executable by others (mode {mode:o})"
        ));
    }
    let probe_run = Command::new(&binary)
        .arg("--version")
        .current_dir(env.root())
        .uid(NOBODY)
        .gid(NOBODY)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    match probe_run {
        Ok(out) if out.status.success() => Ok(Some((NOBODY, NOBODY))),
        Ok(out) => Err(format!(
            "newsearch cannot run as uid {NOBODY} here: {:?} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )),
        Err(e) => Err(format!("cannot switch to uid {NOBODY}: {e}")),
    }
}

#[test]
fn unreadable_files_and_directories_are_reported_and_the_rest_indexed() {
    let env = TestEnv::new();
    env.write("in/good.txt", story("Lighthouse keeper", "a lighthouse"));
    env.write("in/deep/also-good.md", story("Ferry times", "a ferry"));
    let secret = env.write("in/secret.txt", story("Locked memo", "a quarantined memo"));
    let feed = env.write(
        "in/locked.jsonl",
        "{\"title\": \"Locked feed\", \"body\": \"A quarantined feed line.\"}\n",
    );
    let page = env.write(
        "in/locked.html",
        "<html><title>Locked page</title><body><p>A quarantined page.</p></body></html>",
    );
    env.write(
        "in/vault/inner.txt",
        story("Vault note", "a quarantined vault"),
    );
    let vault = env.path("in/vault");
    let _restore = RestoreModes(vec![
        (secret.clone(), 0o644),
        (feed.clone(), 0o644),
        (page.clone(), 0o644),
        (vault.clone(), 0o755),
        (env.root(), 0o700),
    ]);
    for path in [&secret, &feed, &page, &vault] {
        set_mode(path, 0o000);
    }

    let runner = match unprivileged_runner(&env, &secret) {
        Ok(runner) => runner,
        Err(why) => {
            eprintln!("skipping the permission test: {why}");
            return;
        }
    };
    let index_run = |extra: &[&str]| {
        let mut cmd = command(&env, &["index", "--json", "in"]);
        cmd.args(extra);
        if let Some((uid, gid)) = runner {
            cmd.uid(uid).gid(gid);
        }
        Running::start(cmd, "newsearch index --json in").finish()
    };

    let output = index_run(&[]);
    assert_exit(&output, 0);
    let summary = util::parse_json(&output.stdout);
    check_index_summary(&summary);
    for path in [&secret, &feed, &page, &vault] {
        let reason = skip_reason(&summary, path)
            .unwrap_or_else(|| panic!("{} is not reported: {summary}", path.display()));
        assert!(
            reason.to_lowercase().contains("permission"),
            "the reason for {} does not say permission: {reason}",
            path.display()
        );
    }
    assert_eq!(skipped(&summary).len(), 4, "{summary}");
    assert_eq!(changes(&summary), (2, 0, 0), "{summary}");
    assert_eq!(total(&env, "lighthouse"), 1);
    assert_eq!(total(&env, "ferry"), 1);
    assert_eq!(total(&env, "quarantined"), 0);

    // --strict: the same skips make the run exit 3, and the index is still fine.
    let output = index_run(&["--strict"]);
    assert_exit(&output, 3);
    let summary = util::parse_json(&output.stdout);
    check_index_summary(&summary);
    assert_eq!(skipped(&summary).len(), 4, "{summary}");
    assert_eq!(changes(&summary), (0, 0, 0), "{summary}");
    assert_eq!(article_count(&env), 2);

    // Readable again, everything is indexed.
    for path in [&secret, &feed, &page] {
        set_mode(path, 0o644);
    }
    set_mode(&vault, 0o755);
    let output = index_run(&["--strict"]);
    assert_exit(&output, 0);
    let summary = util::parse_json(&output.stdout);
    assert_eq!(changes(&summary), (4, 0, 0), "{summary}");
    assert_eq!(total(&env, "quarantined"), 4);
}

// ---------------------------------------------------------------------------------------
// Files that change, vanish or grow during a run
// ---------------------------------------------------------------------------------------

/// Writes `n` small text articles as `feeds/sNNNNN.txt`; returns their paths.
fn write_small_files(env: &TestEnv, n: usize, marker: &str) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            env.write(
                &format!("feeds/s{i:05}.txt"),
                story(
                    &format!("Tide table {i}"),
                    &format!("{marker} and quayside"),
                ),
            )
        })
        .collect()
}

fn index_feeds_in_background(env: &TestEnv) -> Running {
    Running::start(
        command(env, &["index", "--json", "feeds"]),
        "newsearch index --json feeds",
    )
}

fn path_set(paths: &[PathBuf]) -> BTreeSet<String> {
    paths
        .iter()
        .map(|p| p.to_str().expect("UTF-8 fixture path").to_string())
        .collect()
}

#[test]
fn files_rewritten_during_a_run_are_read_again_by_the_next_run() {
    const FILES: usize = 3000;
    let env = TestEnv::new();
    let files = write_small_files(&env, FILES, "zyxorig");
    // Every tenth file is rewritten, over and over, for as long as the first run lasts.
    let rewritten: Vec<PathBuf> = files.iter().step_by(10).cloned().collect();

    let mut run1 = index_feeds_in_background(&env);
    let mut round = 0usize;
    let mut rounds_during_run = 0usize;
    loop {
        for (i, path) in rewritten.iter().enumerate() {
            // Each round is longer than the one before, so the size always changes too.
            let padding = "swell ".repeat(round + 1);
            let body = story(
                &format!("Tide table {i} revision {round}"),
                &format!("zyxround{round} and quayside {padding}"),
            );
            std::fs::write(path, body).expect("rewrite a file");
        }
        if run1.is_running() {
            rounds_during_run += 1;
            round += 1;
        } else {
            break;
        }
    }
    let output = run1.finish();
    assert_exit(&output, 0);
    let first = util::parse_json(&output.stdout);
    check_index_summary(&first);
    // A file caught empty, between truncation and write, may be skipped; no other.
    let rewritten_set = path_set(&rewritten);
    for skip in skipped(&first) {
        let path = skip["path"].as_str().unwrap_or_default();
        assert!(rewritten_set.contains(path), "unexpected skip: {skip}");
    }
    assert!(
        rounds_during_run >= 1,
        "the first run ended before one round of rewrites: the test proves nothing"
    );
    eprintln!("{rounds_during_run} rounds of rewrites during the first run");

    let last = round;
    let second = index(&env, &["feeds"]);
    assert_eq!(count(&second, "files_seen"), FILES as u64, "{second}");

    // Every rewritten file holds its last content, once; nothing earlier is left.
    let (n, paths) = search_paths(&env, &format!("zyxround{last}"));
    assert_eq!(
        n,
        rewritten.len() as u64,
        "hits for the last round's marker"
    );
    assert_eq!(
        paths.iter().cloned().collect::<BTreeSet<_>>(),
        path_set(&rewritten)
    );
    let older: Vec<String> = (0..last).map(|r| format!("zyxround{r}")).collect();
    if !older.is_empty() {
        assert_eq!(
            total(&env, &older.join(" ")),
            0,
            "stale content is searchable"
        );
    }
    let (n, paths) = search_paths(&env, "zyxorig");
    assert_eq!(n, (FILES - rewritten.len()) as u64, "original content");
    assert!(paths.iter().all(|p| !rewritten_set.contains(p)));
    assert_eq!(
        total(&env, "quayside"),
        FILES as u64,
        "one article per file"
    );
    assert_eq!(article_count(&env), FILES as u64);

    // And the index is now settled.
    let third = index(&env, &["feeds"]);
    assert_eq!(changes(&third), (0, 0, 0), "{third}");
    assert_eq!(count(&third, "files_unchanged"), FILES as u64, "{third}");
}

#[test]
fn files_that_vanish_during_a_run_are_reported_and_removed_by_the_next() {
    const FILES: usize = 3000;
    let env = TestEnv::new();
    let files = write_small_files(&env, FILES, "zyxorig");
    // Every seventh file goes, the last ones (read last) first, while the run goes on.
    let doomed: Vec<PathBuf> = files.iter().step_by(7).rev().cloned().collect();
    let kept = FILES - doomed.len();

    let mut run1 = index_feeds_in_background(&env);
    let mut deleted_during_run = 0;
    for path in &doomed {
        std::fs::remove_file(path).expect("delete a file");
        if run1.is_running() {
            deleted_during_run += 1;
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    let output = run1.finish();
    assert_exit(&output, 0);
    let first = util::parse_json(&output.stdout);
    check_index_summary(&first);
    assert!(
        deleted_during_run > 0,
        "the first run ended before any file was deleted: the test proves nothing"
    );
    let doomed_set = path_set(&doomed);
    for skip in skipped(&first) {
        let path = skip["path"].as_str().unwrap_or_default();
        let reason = skip["reason"].as_str().unwrap_or_default();
        assert!(
            doomed_set.contains(path) && reason.contains("No such file"),
            "unexpected skip: {skip}"
        );
    }
    let indexed = count(&first, "articles_indexed");
    assert!(
        indexed >= kept as u64 && indexed <= FILES as u64,
        "{indexed} articles indexed: {first}"
    );
    eprintln!(
        "{} of {} deleted files were skipped mid-run",
        skipped(&first).len(),
        doomed.len()
    );
    // Files nobody touched are all there.
    let (n, paths) = search_paths(&env, "zyxorig");
    assert_eq!(n, indexed);
    let kept_set: BTreeSet<String> = path_set(&files).difference(&doomed_set).cloned().collect();
    let found: BTreeSet<String> = paths.into_iter().collect();
    assert!(found.is_superset(&kept_set), "an untouched file is missing");

    // The next run removes what the first one managed to index of the vanished files.
    let second = index(&env, &["feeds"]);
    assert_eq!(changes(&second), (0, 0, indexed - kept as u64), "{second}");
    assert_eq!(article_count(&env), kept as u64);
    let (n, paths) = search_paths(&env, "quayside");
    assert_eq!(n, kept as u64);
    assert_eq!(paths.into_iter().collect::<BTreeSet<_>>(), kept_set);
}

#[test]
fn a_json_lines_file_growing_during_a_run_is_complete_after_the_next() {
    const INITIAL: usize = 20_000;
    const BATCH: usize = 50;
    // The reader follows the file as it grows; a bound keeps the run from chasing it long.
    const MAX_LINES: usize = INITIAL + 10_000;
    let env = TestEnv::new();
    let line = |i: usize| {
        format!(
            "{{\"id\": \"g{i}\", \"title\": \"Growing feed {i}\", \"date\": \"2017-05-13\", \
             \"body\": \"Cranes lifted quayside crates number {i}.\"}}\n"
        )
    };
    let path = env.write(
        "feeds/grow.jsonl",
        (0..INITIAL).map(line).collect::<String>(),
    );

    let mut run1 = index_feeds_in_background(&env);
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("open the feed for appending");
    let mut lines = INITIAL;
    let mut batches_during_run = 0;
    while lines < MAX_LINES && run1.is_running() {
        let batch: String = (lines..lines + BATCH).map(line).collect();
        file.write_all(batch.as_bytes())
            .expect("append to the feed");
        lines += BATCH;
        batches_during_run += 1;
        // Spread the appends over the run rather than landing them all before it reads.
        std::thread::sleep(Duration::from_millis(5));
    }
    drop(file);
    let output = run1.finish();
    assert_exit(&output, 0);
    let first = util::parse_json(&output.stdout);
    check_index_summary(&first);
    assert!(
        batches_during_run > 0,
        "nothing was appended during the run"
    );
    eprintln!("{batches_during_run} batches appended during the first run");
    // A line cut by the reader reaching the end mid-append may be skipped; nothing else.
    for skip in skipped(&first) {
        assert!(
            skip["line"].as_u64().is_some_and(|l| l as usize > INITIAL),
            "unexpected skip: {skip}"
        );
    }
    let indexed = count(&first, "articles_indexed");
    assert!(
        indexed >= INITIAL as u64 && indexed <= lines as u64,
        "{indexed} of {lines}: {first}"
    );

    let second = index(&env, &["feeds"]);
    assert!(skipped(&second).is_empty(), "{second}");
    assert_eq!(article_count(&env), lines as u64);
    assert_eq!(total(&env, "quayside"), lines as u64);
    let third = index(&env, &["feeds"]);
    assert_eq!(changes(&third), (0, 0, 0), "{third}");
}

// ---------------------------------------------------------------------------------------
// Special files
// ---------------------------------------------------------------------------------------

fn mkfifo(path: &Path) -> Result<(), String> {
    match Command::new("mkfifo").arg(path).status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("mkfifo failed: {status}")),
        Err(e) => Err(format!("cannot run mkfifo: {e}")),
    }
}

#[test]
fn pipes_sockets_and_devices_are_passed_over_without_hanging() {
    let env = TestEnv::new();
    env.write("in/good.txt", story("Pilot boat", "a pilot boat"));
    std::fs::create_dir_all(env.path("in/sub")).expect("create a directory");
    for name in [
        "in/pipe.txt",
        "in/sub/pipe.jsonl",
        "in/pipe.html",
        "in/pipe.json",
    ] {
        if let Err(why) = mkfifo(&env.path(name)) {
            eprintln!("skipping the special-file test: {why}");
            return;
        }
    }
    std::os::unix::fs::symlink(env.path("in/pipe.txt"), env.path("in/to-pipe.md"))
        .expect("symlink to the pipe");
    std::os::unix::fs::symlink("/dev/null", env.path("in/null.txt")).expect("symlink");
    std::os::unix::fs::symlink("/dev/zero", env.path("in/zero.jsonl")).expect("symlink");
    // A socket, where the path is short enough to bind one.
    let _socket = std::os::unix::net::UnixListener::bind(env.path("in/socket.txt")).ok();

    let summary = index(&env, &["in"]);
    assert_eq!(changes(&summary), (1, 0, 0), "{summary}");
    assert_eq!(count(&summary, "files_seen"), 1, "{summary}");
    assert_eq!(total(&env, "pilot"), 1);
    // Named directly, too.
    let summary = index(
        &env,
        &[
            env.path("in/pipe.txt"),
            env.path("in/null.txt"),
            env.path("in/zero.jsonl"),
        ],
    );
    assert_eq!(changes(&summary), (0, 0, 0), "{summary}");
    let output = run(&env, &["extract", "--json", "in"]);
    assert_exit(&output, 0);
    assert_eq!(util::json_lines(&output.stdout).len(), 1);
    let again = index(&env, &["in"]);
    assert_eq!(changes(&again), (0, 0, 0), "{again}");
}

#[test]
fn files_replaced_by_pipes_during_a_run_do_not_hang_it() {
    const FILES: usize = 3000;
    let env = TestEnv::new();
    let files = write_small_files(&env, FILES, "zyxorig");
    if let Err(why) = mkfifo(&env.path("probe.fifo")) {
        eprintln!("skipping: {why}");
        return;
    }
    let doomed: Vec<PathBuf> = files.iter().step_by(10).rev().cloned().collect();
    let mut run1 = index_feeds_in_background(&env);
    let mut replaced_during_run = 0;
    for path in &doomed {
        // Replaced in one step: a pipe is made beside the file and renamed over it.
        let temp = path.with_extension("fifo-new");
        mkfifo(&temp).expect("make a named pipe");
        std::fs::rename(&temp, path).expect("rename the pipe over the file");
        if run1.is_running() {
            replaced_during_run += 1;
        }
    }
    let output = run1.finish();
    assert_exit(&output, 0);
    let first = util::parse_json(&output.stdout);
    check_index_summary(&first);
    assert!(replaced_during_run > 0, "the run ended before any change");
    // A pipe the crawl saw is passed over; one that replaced a file after the crawl is
    // reported, not opened.
    let doomed_set = path_set(&doomed);
    for skip in skipped(&first) {
        let path = skip["path"].as_str().unwrap_or_default();
        let reason = skip["reason"].as_str().unwrap_or_default();
        assert!(
            doomed_set.contains(path) && reason.contains("regular file"),
            "unexpected skip: {skip}"
        );
    }
    eprintln!("{replaced_during_run} files replaced by pipes during the run");
    let second = index(&env, &["feeds"]);
    assert_eq!(count(&second, "files_seen"), (FILES - doomed.len()) as u64);
    assert_eq!(article_count(&env), (FILES - doomed.len()) as u64);
}

// ---------------------------------------------------------------------------------------
// Links, deep trees and odd names
// ---------------------------------------------------------------------------------------

#[test]
fn link_loops_dangling_links_and_deep_trees() {
    let env = TestEnv::new();
    env.write("in/top.txt", story("Top story", "a breakwater"));
    env.write("in/sub/inner.txt", story("Inner story", "a slipway"));
    std::os::unix::fs::symlink("..", env.path("in/sub/up")).expect("symlink a loop");
    std::os::unix::fs::symlink(".", env.path("in/sub/here")).expect("symlink a loop");
    std::os::unix::fs::symlink("missing.txt", env.path("in/dead.txt")).expect("symlink");
    std::os::unix::fs::symlink("/nonexistent/dir", env.path("in/dead-dir")).expect("symlink");
    let mut deep = String::from("in/deep");
    for level in 0..200 {
        deep.push_str(&format!("/d{level}"));
    }
    let deep_file = env.write(
        &format!("{deep}/bottom.txt"),
        story("Bottom story", "a seabed"),
    );

    let summary = index(&env, &["in"]);
    assert_eq!(changes(&summary), (3, 0, 0), "{summary}");
    for (rel, says) in [
        ("in/sub/up", "loop"),
        ("in/sub/here", "loop"),
        ("in/dead.txt", "No such file"),
        ("in/dead-dir", "No such file"),
    ] {
        let reason = skip_reason(&summary, &env.path(rel))
            .unwrap_or_else(|| panic!("{rel} is not reported: {summary}"));
        assert!(reason.contains(says), "{rel}: {reason}");
    }
    assert_eq!(skipped(&summary).len(), 4, "{summary}");
    for word in ["breakwater", "slipway"] {
        assert_eq!(total(&env, word), 1, "{word} once, not once per loop");
    }
    let (n, paths) = search_paths(&env, "seabed");
    assert_eq!(n, 1);
    assert_eq!(paths, [deep_file.to_str().unwrap()]);

    let again = index(&env, &["in"]);
    assert_eq!(changes(&again), (0, 0, 0), "{again}");
    assert_eq!(count(&again, "files_unchanged"), 3, "{again}");
}

/// `dir/name` inside the environment, the name given as raw bytes.
fn raw_path(env: &TestEnv, dir: &str, name: &[u8]) -> PathBuf {
    env.path(dir).join(OsStr::from_bytes(name))
}

#[test]
fn a_file_name_that_is_not_utf8_is_indexed_once() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("in")).expect("create a directory");
    // "café.txt" in Latin-1, as old archives copied from other systems name files.
    let name = raw_path(&env, "in", b"caf\xe9.txt");
    std::fs::write(&name, story("Cafe opening", "an espresso")).expect("write");
    env.write("in/plain.txt", story("Plain name", "a cappuccino"));

    let summary = index(&env, &["in"]);
    assert_eq!(changes(&summary), (2, 0, 0), "{summary}");
    let (n, paths) = search_paths(&env, "espresso");
    assert_eq!(n, 1);
    assert_eq!(paths, [name.to_string_lossy()]);
    let again = index(&env, &["in"]);
    assert_eq!(changes(&again), (0, 0, 0), "{again}");
    assert_eq!(count(&again, "files_unchanged"), 2, "{again}");

    // Changed, it is read again, and replaces its old article.
    std::fs::write(&name, story("Cafe opening", "a macchiato on the terrace")).expect("write");
    let changed = index(&env, &["in"]);
    assert_eq!(changes(&changed), (0, 1, 0), "{changed}");
    assert_eq!(total(&env, "espresso"), 0);
    assert_eq!(total(&env, "macchiato"), 1);
    // Gone, it is removed.
    std::fs::remove_file(&name).expect("remove");
    let removed = index(&env, &["in"]);
    assert_eq!(changes(&removed), (0, 0, 1), "{removed}");
    assert_eq!(article_count(&env), 1);
}

#[test]
fn a_skipped_file_with_a_name_that_is_not_utf8_is_reported() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("in")).expect("create a directory");
    std::fs::write(raw_path(&env, "in", b"table\xff.csv"), "a,b\n").expect("write");
    std::fs::write(raw_path(&env, "in", b"empty\xff.txt"), "").expect("write");
    env.write("in/plain.txt", story("Plain name", "a cappuccino"));

    let summary = index(&env, &["in"]);
    assert_eq!(changes(&summary), (1, 0, 0), "{summary}");
    let names: BTreeSet<String> = skipped(&summary)
        .iter()
        .map(|s| s["path"].as_str().expect("skip path").to_string())
        .collect();
    let expected: BTreeSet<String> = [&b"table\xff.csv"[..], b"empty\xff.txt"]
        .iter()
        .map(|n| raw_path(&env, "in", n).to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, expected, "{summary}");

    // The text summary names them too.
    let output = run(&env, &["index", "in"]);
    assert_exit(&output, 0);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("table\u{fffd}.csv"), "{stdout}");
}

#[test]
fn a_file_name_that_is_not_utf8_is_extracted() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("in")).expect("create a directory");
    let name = raw_path(&env, "in", b"caf\xe9.txt");
    std::fs::write(&name, story("Cafe opening", "an espresso")).expect("write");
    let output = run(&env, &["extract", "--json", "in"]);
    assert_exit(&output, 0);
    let articles = util::json_lines(&output.stdout);
    assert_eq!(articles.len(), 1, "{articles:?}");
    assert_eq!(articles[0]["title"], "Cafe opening");
    assert_eq!(articles[0]["path"], name.to_string_lossy().as_ref());
}

#[test]
fn two_names_that_differ_only_in_invalid_bytes_are_kept_apart() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("in")).expect("create a directory");
    // Both names read "a\u{fffd}.txt" when decoded lossily.
    let ff = raw_path(&env, "in", b"a\xff.txt");
    let fe = raw_path(&env, "in", b"a\xfe.txt");
    assert_eq!(ff.to_string_lossy(), fe.to_string_lossy());
    std::fs::write(&ff, story("First odd name", "an anchor")).expect("write");
    std::fs::write(&fe, story("Second odd name", "a capstan and a winch")).expect("write");

    let first = index(&env, &["in"]);
    assert_eq!(changes(&first), (2, 0, 0), "{first}");
    assert_eq!(total(&env, "anchor"), 1);
    assert_eq!(total(&env, "capstan"), 1);
    let results = env.search(&["anchor capstan"]);
    let ids: BTreeSet<&str> = hits(&results)
        .iter()
        .map(|h| h["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids.len(), 2, "two files, two ids: {results}");
    // Nothing changed: nothing is read again, nothing lost, nothing doubled.
    for run in 0..2 {
        let again = index(&env, &["in"]);
        assert_eq!(changes(&again), (0, 0, 0), "run {run}: {again}");
        assert_eq!(count(&again, "files_unchanged"), 2, "run {run}: {again}");
        assert_eq!(total(&env, "anchor"), 1, "run {run}");
        assert_eq!(total(&env, "capstan"), 1, "run {run}");
    }
    // Removing one leaves the other.
    std::fs::remove_file(&ff).expect("remove");
    let removed = index(&env, &["in"]);
    assert_eq!(changes(&removed), (0, 0, 1), "{removed}");
    assert_eq!(total(&env, "anchor"), 0);
    assert_eq!(total(&env, "capstan"), 1);
}
