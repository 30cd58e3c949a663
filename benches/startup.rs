//! Start-up and memory, measured from outside: the release binary runs in an 80×24
//! pseudo-terminal as a learner would start it.
//!
//! - start-up: from just before the process is spawned until the first frame with the welcome
//!   lesson's text has arrived on the terminal (then `q`); 20 runs, next to the same measurement
//!   of `echo` printing that text, which is what spawning in a pty costs by itself;
//! - memory: the resident set (VmRSS) after start-up work is done and, sampled after every key,
//!   while paging through every screen and logging in on Step 3; the peak (VmHWM, which includes
//!   the argon2id hashes of the seed password at start and of the login), and `/usr/bin/time`'s
//!   maximum resident set size for the same run.
//!
//! Run: `cargo bench --bench startup` (`cargo test --benches` does one quick run).

use std::io::ErrorKind;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use expectrl::session::{OsProcess, OsStream};
use expectrl::{Expect, Regex, Session};

#[path = "../tests/support/pty_text.rs"]
mod pty_text;
use pty_text::on_screen;

type PtySession = Session<OsProcess, OsStream>;

const TUTOR: &str = env!("CARGO_BIN_EXE_jwt-session-tutor");
/// The start of the welcome lesson's body: proof that lesson content, not just chrome, is drawn.
const FIRST_LESSON_TEXT: &str = "You will build both for real";

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let runs = if full { 20 } else { 1 };
    let state = tempfile::tempdir().unwrap();

    let baseline =
        summary((0..runs).map(|_| time_to_text(command("echo", &[FIRST_LESSON_TEXT], state.path()))));
    let startup = summary((0..runs).map(|_| time_to_text_answering(command(TUTOR, &[], state.path()))));
    println!("start-up to first frame with lesson text ({runs} runs): {startup}");
    let silent = summary((0..runs).map(|_| time_to_text(command(TUTOR, &[], state.path()))));
    println!("  the same in a terminal that never answers the colour query (bounded at 100 ms): {silent}");
    let named = summary((0..runs).map(|_| {
        let mut command = command(TUTOR, &[], state.path());
        command.env("JWT_TUTOR_THEME", "dark");
        time_to_text(command)
    }));
    println!("  the same with JWT_TUTOR_THEME=dark (no colour query): {named}");
    println!("the same measurement of `echo` printing that text (pty and process overhead): {baseline}");

    let memory = browse_and_measure(state.path());
    println!("resident after start-up: {:.1} MiB", kib_to_mib(memory.rss_started_kib));
    println!(
        "resident while browsing every screen: {:.1} MiB (largest sample)",
        kib_to_mib(memory.rss_browsing_kib)
    );
    println!(
        "peak resident (VmHWM, incl. argon2id at start and at login): {:.1} MiB",
        kib_to_mib(memory.peak_kib)
    );
    println!("/usr/bin/time maximum resident set size: {:.1} MiB", kib_to_mib(memory.time_max_rss_kib));
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn kib_to_mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn command(program: &str, args: &[&str], state: &std::path::Path) -> Command {
    let mut command = Command::new(program);
    command.args(args).env("XDG_STATE_HOME", state).env("TERM", "xterm-256color").env_remove("NO_COLOR");
    command
}

/// At the pty's initial 80×24, the size the figures are quoted for.
fn spawn(command: Command) -> PtySession {
    let mut session = Session::spawn(command).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session
}

/// [`time_to_text`] in a pty that answers `--theme auto`'s colour query as a terminal does: the
/// foreground and background colours (a dark background), then the device attributes asked after them.
fn time_to_text_answering(command: Command) -> Duration {
    let started = Instant::now();
    let mut session = spawn(command);
    session.expect("\x1b[c").expect("the colour query, closed by a device-attributes query");
    session.send("\x1b]10;rgb:dddd/dddd/dddd\x1b\\\x1b]11;rgb:1e1e/1e1e/1e1e\x1b\\\x1b[?62;22c").unwrap();
    session.expect(on_screen(FIRST_LESSON_TEXT)).expect("first frame with the welcome lesson");
    let elapsed = started.elapsed();
    let _ = session.send("q");
    session.get_process().wait().unwrap();
    elapsed
}

/// From just before spawning `command` until the welcome lesson's text has arrived; then q (which
/// `echo`, having exited, never reads).
fn time_to_text(command: Command) -> Duration {
    let started = Instant::now();
    let mut session = spawn(command);
    session.expect(on_screen(FIRST_LESSON_TEXT)).expect("first frame with the welcome lesson");
    let elapsed = started.elapsed();
    let _ = session.send("q");
    session.get_process().wait().unwrap();
    elapsed
}

/// "fastest a ms, median b ms, slowest c ms".
fn summary(times: impl Iterator<Item = Duration>) -> String {
    let mut times: Vec<Duration> = times.collect();
    times.sort();
    format!(
        "fastest {:.1} ms, median {:.1} ms, slowest {:.1} ms",
        millis(times[0]),
        millis(times[times.len() / 2]),
        millis(times[times.len() - 1])
    )
}

struct Memory {
    rss_started_kib: u64,
    rss_browsing_kib: u64,
    peak_kib: u64,
    time_max_rss_kib: u64,
}

/// A `/proc/PID/status` field in KiB.
fn status_kib(pid: i32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|line| line.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn cpu_ticks(pid: i32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

fn drain(session: &mut PtySession) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match session.try_read(&mut buffer) {
            Ok(0) => return out,
            Ok(read) => out.extend_from_slice(&buffer[..read]),
            Err(error) if error.kind() == ErrorKind::WouldBlock => return out,
            Err(_) => return out,
        }
    }
}

/// Waits until the process has used no CPU and drawn nothing for 300 ms.
fn settle(session: &mut PtySession, pid: i32) {
    let mut last = cpu_ticks(pid);
    loop {
        sleep(Duration::from_millis(300));
        let now = cpu_ticks(pid);
        if now == last && drain(session).is_empty() {
            return;
        }
        last = now;
    }
}

fn browse_and_measure(state: &std::path::Path) -> Memory {
    let mut session = spawn(command("/usr/bin/time", &["-f", "MAXRSS=%M", TUTOR], state));
    session.expect(on_screen(FIRST_LESSON_TEXT)).expect("first frame with the welcome lesson");
    let time_pid = session.get_process().pid().as_raw();
    let children = std::fs::read_to_string(format!("/proc/{time_pid}/task/{time_pid}/children")).unwrap();
    let pid: i32 = children.split_whitespace().next().unwrap().parse().unwrap();

    settle(&mut session, pid);
    let rss_started_kib = status_kib(pid, "VmRSS:");
    let mut rss_browsing_kib = rss_started_kib;
    // To Step 3, log in there (Tab twice to the form, Enter: argon2id on a worker), then on through
    // every remaining screen, the quiz included; each key waits for its frame.
    let keys = ["n", "n", "n", "n", "n", "\t", "\t", "\r", "n", "n", "n", "n", "n", "n"];
    let mut timeline = vec![format!("start {:.1}", kib_to_mib(rss_started_kib))];
    for key in keys {
        session.send(key).unwrap();
        settle(&mut session, pid);
        let rss = status_kib(pid, "VmRSS:");
        rss_browsing_kib = rss_browsing_kib.max(rss);
        timeline.push(format!("{} {:.1}", key.escape_debug(), kib_to_mib(rss)));
    }
    println!("resident MiB after each key: {}", timeline.join(", "));
    let peak_kib = status_kib(pid, "VmHWM:");
    // A login would be lost, so q asks first; y quits.
    session.send("q").unwrap();
    session.expect(on_screen("Quit?")).expect("the quit question");
    session.send("y").unwrap();
    let found = session.expect(Regex(r"MAXRSS=(\d+)")).expect("/usr/bin/time reports");
    let time_max_rss_kib = String::from_utf8_lossy(&found[1]).parse().unwrap();
    session.get_process().wait().unwrap();
    Memory { rss_started_kib, rss_browsing_kib, peak_kib, time_max_rss_kib }
}
