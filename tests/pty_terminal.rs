//! The real binary in a pseudo-terminal, checked from outside the way a learner's terminal would
//! experience it:
//!
//! - however the tutorial ends (q, Ctrl-C, SIGTERM, SIGINT, SIGHUP, a panic), the terminal is back
//!   in cooked mode (read with `stty -a` on the same pty after the exit), and in everything the
//!   program wrote, each mode it switched on (alternate screen, hidden cursor, mouse and paste
//!   reporting) is switched off again after the last time it was switched on; the exit status says
//!   how it ended;
//! - idle is idle: once the first frame is drawn and start-up work is done, two seconds without input
//!   cost no CPU time and write nothing to the terminal;
//! - shrinking the window below the minimum shows the "make the window bigger" screen, and growing
//!   it brings the lesson back.

use std::io::ErrorKind;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::session::{OsProcess, OsStream};
use expectrl::{Expect, Session};
use tempfile::TempDir;

#[path = "support/pty_text.rs"]
mod pty_text;
use pty_text::on_screen;

type PtySession = Session<OsProcess, OsStream>;

/// The tutorial, started by a shell that waits for the pty to be 100×30, puts it in a normal
/// cooked state (the pty library turns echo off) and then `exec`s it, so the shell's pid is the
/// tutorial's. Sizing the pty before the tutorial starts means every test begins at the same size.
/// `TUTOR_BIN=target/release/jwt-session-tutor` checks a release build (all but the forced panic:
/// its trigger exists only in debug builds).
struct Tutor {
    session: PtySession,
    pid: i32,
    /// The pty's terminal device, to read its settings after the tutorial has exited.
    tty: String,
    _state: TempDir,
}

impl Tutor {
    fn start(env: &[(&str, &str)], args: &[&str]) -> Tutor {
        let state = tempfile::tempdir().unwrap();
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(r#"until [ "$(stty size)" = "30 100" ]; do sleep 0.01; done; stty sane; exec "$@""#)
            .arg("sh")
            .arg(std::env::var("TUTOR_BIN").unwrap_or(env!("CARGO_BIN_EXE_jwt-session-tutor").into()))
            .args(args)
            .env("XDG_STATE_HOME", state.path())
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR");
        for (name, value) in env {
            command.env(name, value);
        }
        let mut session = Session::spawn(command).unwrap();
        // The shell waits for this size before it starts the tutor.
        session.get_process_mut().set_window_size(100, 30).unwrap();
        session.set_expect_timeout(Some(Duration::from_secs(20)));
        let pid = session.get_process().pid().as_raw();
        let tty = std::fs::read_link(format!("/proc/{pid}/fd/0")).unwrap().display().to_string();
        assert!(tty.starts_with("/dev/pts/"), "{tty}");
        Tutor { session, pid, tty, _state: state }
    }

    /// Waits for `text` on screen and returns everything written up to it.
    fn expect_on_screen(&mut self, text: &str) -> Vec<u8> {
        match self.session.expect(on_screen(text)) {
            Ok(found) => found.before().to_vec(),
            Err(error) => panic!("{text:?} never appeared on screen: {error}"),
        }
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill").args([&format!("-{signal}"), &self.pid.to_string()]).status();
        assert!(status.unwrap().success(), "kill -{signal} failed");
    }

    /// Everything written until the tutorial closes its end of the pty (reading then fails with
    /// EIO on Linux), and how it exited.
    fn finish(&mut self) -> (Vec<u8>, WaitStatus) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut rest = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            match self.session.try_read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => rest.extend_from_slice(&buffer[..read]),
                Err(error) if error.kind() == ErrorKind::WouldBlock => {
                    assert!(Instant::now() < deadline, "the tutorial did not exit within 20 s");
                    sleep(Duration::from_millis(10));
                }
                Err(_) => break,
            }
        }
        let status = self.session.get_process().wait().unwrap();
        (rest, status)
    }

    /// `utime + stime` of the whole process (all threads), in clock ticks.
    fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid)).unwrap();
        // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
        let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    }

    /// Bytes written to the terminal since the last read, without waiting.
    fn drain_output(&mut self) -> usize {
        let mut total = 0;
        let mut buffer = [0u8; 4096];
        loop {
            match self.session.try_read(&mut buffer) {
                Ok(0) => return total,
                Ok(read) => total += read,
                Err(error) if error.kind() == ErrorKind::WouldBlock => return total,
                Err(error) => panic!("reading the pty: {error}"),
            }
        }
    }
}

/// (mode, switched on, switched off): what the tutorial turns on at start and must turn off.
const MODES: [(&str, &str, &str); 8] = [
    ("alternate screen", "\x1b[?1049h", "\x1b[?1049l"),
    ("cursor hidden", "\x1b[?25l", "\x1b[?25h"),
    ("mouse clicks", "\x1b[?1000h", "\x1b[?1000l"),
    ("mouse drags", "\x1b[?1002h", "\x1b[?1002l"),
    ("mouse motion", "\x1b[?1003h", "\x1b[?1003l"),
    ("mouse urxvt encoding", "\x1b[?1015h", "\x1b[?1015l"),
    ("mouse SGR encoding", "\x1b[?1006h", "\x1b[?1006l"),
    ("bracketed paste", "\x1b[?2004h", "\x1b[?2004l"),
];

fn last_position(haystack: &[u8], needle: &str) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|window| window == needle.as_bytes())
}

/// Each mode switched on is switched off after the last time it was switched on.
fn assert_modes_left(output: &[u8]) {
    for (mode, on, off) in MODES {
        let Some(on_at) = last_position(output, on) else {
            panic!("{mode} was never switched on ({on:?}): the test did not see the tutorial start");
        };
        let off_at = last_position(output, off);
        assert!(
            off_at.is_some_and(|off_at| off_at > on_at),
            "{mode} left on: last {on:?} at byte {on_at}, last {off:?} at {off_at:?}"
        );
    }
}

fn tty_flags(tty: &str) -> String {
    let settings = Command::new("stty").args(["-a", "-F", tty]).output().unwrap();
    assert!(settings.status.success(), "stty -F {tty}: {}", String::from_utf8_lossy(&settings.stderr));
    String::from_utf8(settings.stdout).unwrap()
}

/// The pty is back in cooked mode: line editing, echo, signals from keys, CR→NL and output
/// processing, as `stty sane` set them before the tutorial started.
fn assert_cooked(tty: &str) {
    let settings = tty_flags(tty);
    let flags: Vec<&str> = settings.split([' ', ';', '\n']).collect();
    for flag in ["icanon", "echo", "isig", "iexten", "icrnl", "ixon", "opost"] {
        assert!(flags.contains(&flag), "{flag} is off after the tutorial exited:\n{settings}");
    }
}

enum Ending {
    Key(&'static str),
    Signal(&'static str),
    Panic,
}

/// Starts the tutorial, waits for the welcome lesson, ends it, and checks the terminal is handed
/// back. Returns the exit code and all output.
fn run_and_end(ending: Ending) -> (i32, Vec<u8>) {
    let env: &[(&str, &str)] =
        if matches!(ending, Ending::Panic) { &[("JWT_SESSION_TUTOR_DEBUG_PANIC", "1")] } else { &[] };
    let mut tutor = Tutor::start(env, &["--demo"]);
    let mut output = tutor.expect_on_screen("Welcome");
    if !matches!(ending, Ending::Panic) {
        // While it runs the terminal is raw, so the checks below can tell the difference.
        let raw = tty_flags(&tutor.tty);
        assert!(raw.contains("-icanon") && raw.contains("-echo"), "not in raw mode while running:\n{raw}");
    }
    match ending {
        Ending::Key(key) => tutor.session.send(key).unwrap(),
        Ending::Signal(signal) => tutor.signal(signal),
        Ending::Panic => {}
    }
    let (rest, status) = tutor.finish();
    output.extend(rest);
    let WaitStatus::Exited(_, code) = status else {
        panic!("the tutorial did not exit by itself: {status:?}");
    };
    assert_modes_left(&output);
    assert_cooked(&tutor.tty);
    (code, output)
}

#[test]
fn q_leaves_a_cooked_terminal_and_exits_0() {
    assert_eq!(run_and_end(Ending::Key("q")).0, 0);
}

#[test]
fn ctrl_c_key_leaves_a_cooked_terminal_and_exits_0() {
    assert_eq!(run_and_end(Ending::Key("\x03")).0, 0);
}

#[test]
fn sigterm_leaves_a_cooked_terminal_and_exits_143() {
    assert_eq!(run_and_end(Ending::Signal("TERM")).0, 128 + 15);
}

#[test]
fn sigint_leaves_a_cooked_terminal_and_exits_130() {
    assert_eq!(run_and_end(Ending::Signal("INT")).0, 128 + 2);
}

#[test]
fn sighup_leaves_a_cooked_terminal_and_exits_129() {
    assert_eq!(run_and_end(Ending::Signal("HUP")).0, 128 + 1);
}

#[test]
fn a_panic_leaves_a_cooked_terminal_then_prints_the_message_and_exits_101() {
    if std::env::var_os("TUTOR_BIN").is_some() {
        eprintln!("skipped: TUTOR_BIN is set, and the panic trigger exists only in debug builds");
        return;
    }
    let (code, output) = run_and_end(Ending::Panic);
    assert_eq!(code, 101);
    let text = String::from_utf8_lossy(&output);
    let message = text.find("panicking after the first frame").expect("the panic message is shown");
    // The panic hook restores the terminal before the message; unwinding restores it once more.
    let entered = last_position(&output, "\x1b[?1049h").unwrap();
    let left = entered + output[entered..].windows(8).position(|w| w == b"\x1b[?1049l").unwrap();
    assert!(left < message, "the message must be printed on the main screen, after leaving it");
}

#[test]
fn idle_uses_no_cpu_and_writes_nothing() {
    // Not --demo: the real clock, as in a classroom. The welcome screen has no countdown.
    let mut tutor = Tutor::start(&[], &[]);
    tutor.expect_on_screen("Welcome");

    // Start-up work happens after the first frame (the seed password's argon2 hash, loading the
    // syntax highlighter) and may redraw once when it is done: wait until CPU time and output
    // have both been still for half a second.
    let settle_by = Instant::now() + Duration::from_secs(30);
    let mut last = (tutor.cpu_ticks(), usize::MAX);
    loop {
        sleep(Duration::from_millis(500));
        let now = (tutor.cpu_ticks(), tutor.drain_output());
        if now.0 == last.0 && now.1 == 0 {
            break;
        }
        assert!(Instant::now() < settle_by, "start-up work never finished: cpu ticks {now:?}");
        last = now;
    }

    let ticks_before = tutor.cpu_ticks();
    sleep(Duration::from_secs(2));
    let used = tutor.cpu_ticks() - ticks_before;
    let written = tutor.drain_output();
    // One clock tick is 10 ms; allow one for the tick a measurement boundary can split.
    assert!(used <= 1, "{used} clock ticks of CPU in 2 s of idling");
    assert_eq!(written, 0, "{written} bytes drawn in 2 s without any input");

    // Still alive and listening: a key gets a redraw (only the changed cells, so no whole words
    // to look for), q quits.
    tutor.session.send("n").unwrap();
    let redraw_by = Instant::now() + Duration::from_secs(10);
    while tutor.drain_output() == 0 {
        assert!(Instant::now() < redraw_by, "no redraw after a key press");
        sleep(Duration::from_millis(20));
    }
    tutor.session.send("q").unwrap();
    let (_, status) = tutor.finish();
    assert_eq!(status, WaitStatus::Exited(tutor.session.get_process().pid(), 0));
}

#[test]
fn a_window_below_the_minimum_asks_to_be_bigger_and_recovers() {
    let mut tutor = Tutor::start(&[], &["--demo"]);
    tutor.expect_on_screen("Welcome");
    tutor.session.get_process_mut().set_window_size(40, 12).unwrap();
    tutor.expect_on_screen("terminal too small");
    tutor.expect_on_screen("make the window bigger");
    tutor.session.get_process_mut().set_window_size(100, 30).unwrap();
    tutor.expect_on_screen("Welcome");
    tutor.session.send("q").unwrap();
    let (output, status) = tutor.finish();
    assert_eq!(status, WaitStatus::Exited(tutor.session.get_process().pid(), 0));
    assert!(!String::from_utf8_lossy(&output).contains("too small"), "the small-window notice came back");
}

/// crossterm 0.29's default event source (mio, edge-triggered epoll) returns a resize before reading
/// the keys that arrived with it, and those keys then waited for the next byte of input: q typed
/// while the window was being resized was ignored until another key (1 run in 6–50 here). The
/// `use-dev-tty` source (poll(2), level-triggered; enabled in Cargo.toml) reads them next. 30 runs
/// keep `cargo test` fast; `RESIZE_RUNS=300` looks harder.
#[test]
fn a_key_typed_during_a_resize_is_not_held_back() {
    let runs = std::env::var("RESIZE_RUNS").ok().and_then(|runs| runs.parse().ok()).unwrap_or(30);
    for run in 0..runs {
        let mut tutor = Tutor::start(&[], &["--demo"]);
        tutor.expect_on_screen("Welcome");
        tutor.session.get_process_mut().set_window_size(101 + run % 2, 30).unwrap();
        tutor.session.send("q").unwrap();
        // A held key waits forever; a busy machine can still take a few seconds to quit, so allow 10.
        let quit_by = Instant::now() + Duration::from_secs(10);
        while tutor.session.get_process().is_alive().unwrap() {
            if Instant::now() > quit_by {
                // Any further byte releases the held q.
                tutor.session.send("j").unwrap();
                sleep(Duration::from_secs(1));
                let released = !tutor.session.get_process().is_alive().unwrap();
                if !released {
                    tutor.signal("KILL");
                }
                panic!(
                    "run {run}: q typed during a resize was ignored for 10 s; released by the next key: {released}"
                );
            }
            tutor.drain_output();
            sleep(Duration::from_millis(10));
        }
    }
}

fn wait_for_file(path: &std::path::Path) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !path.is_file() {
        assert!(Instant::now() < deadline, "{} never appeared", path.display());
        sleep(Duration::from_millis(50));
    }
}

/// The Exercise panel's editor gets the real terminal: the tutorial leaves its screen and raw mode
/// while `$EDITOR` runs (the editor sees a cooked terminal and what it prints shows), then comes
/// back to its own screen, redrawn, with the step's checks run again; q still leaves a cooked terminal.
#[test]
fn the_editor_runs_in_a_cooked_terminal_and_the_tutorial_comes_back() {
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("ex");
    let seen_by_editor = work.path().join("editor-saw");
    let editor = work.path().join("editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nstty -a > '{}'\necho \"$1\" >> '{}'\necho EDITOR-RAN-HERE\nsleep 0.3\n",
            seen_by_editor.display(),
            seen_by_editor.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let editor_path = editor.display().to_string();
    let mut tutor = Tutor::start(&[("EDITOR", &editor_path), ("VISUAL", "")], &["--demo", "--step", "1"]);
    tutor.expect_on_screen("Step 1 of 4");
    // Lesson, Code, Users, Exercise.
    // Lesson, Code, Users, Exercise. (Only what changes is redrawn, so the steps up to the editor
    // are followed through the files they write rather than the screen.)
    tutor.session.send("\t\t\t").unwrap();
    tutor.session.send("e").unwrap();
    tutor.session.send("\x7f".repeat("./jwt-session-exercise".len())).unwrap();
    tutor.session.send(project.display().to_string()).unwrap();
    tutor.session.send("\r").unwrap();
    wait_for_file(&project.join("app/api/auth/route.js"));
    // The first check run ends before Enter opens the editor, so its redraw cannot race it.
    sleep(Duration::from_secs(2));
    tutor.session.send("\r").unwrap();
    let before_editor = tutor.expect_on_screen("EDITOR-RAN-HERE");
    assert!(last_position(&before_editor, "\x1b[?1049l").is_some(), "the alternate screen was left first");
    let back = tutor.expect_on_screen("0 of 4 pass");
    assert!(last_position(&back, "\x1b[?1049h").is_some(), "the tutorial's screen came back");
    let saw = std::fs::read_to_string(&seen_by_editor).unwrap();
    let flags: Vec<&str> = saw.split([' ', ';', '\n']).collect();
    assert!(flags.contains(&"icanon") && flags.contains(&"echo"), "the editor got a raw terminal:\n{saw}");
    assert!(saw.contains(&project.join("app/api/auth/route.js").display().to_string()), "{saw}");
    let raw = tty_flags(&tutor.tty);
    assert!(raw.contains("-icanon"), "raw again after the editor:\n{raw}");

    // A save the watcher sees (no key pressed) runs the checks again: the reference step 1 passes.
    let solved = jwt_session_tutor::exercises::project::solution_files(1, "JWT_SECRET=x\n");
    let route = solved.iter().find(|(path, _)| path == "app/api/auth/route.js").unwrap();
    std::fs::write(project.join("app/api/auth/route.js"), &route.1).unwrap();
    let mut back = back;
    back.extend(tutor.expect_on_screen("step 1 is done"));
    tutor.session.send("q").unwrap();
    let (rest, status) = tutor.finish();
    assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
    let mut output = back;
    output.extend(rest);
    assert_modes_left(&output);
    assert_cooked(&tutor.tty);
}
