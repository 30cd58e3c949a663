//! The terminal: setting it up, the event loop, and putting it back exactly as it was.
//!
//! The loop blocks on one channel fed by an input thread, a signal thread, worker threads and (only
//! while a live countdown or a spinner is on screen) a ticker, and redraws only after an event:
//! an idle tutorial uses no CPU.

use std::io::{self, Stdout, Write, stdout};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::Size;

use crate::app::panels::exercise::Effect;
use crate::app::{Action, App, AppOptions};
use crate::exercises::watch::ProjectWatcher;
use crate::lessons::Course;
use crate::progress::ProgressStore;
use crate::quiz::OptionOrder;
use crate::quiz::draw::QuizMode;
use crate::theme::{Background, ColorDepth, ThemeInputs};
use crate::{highlight, keymap, ui};

/// What wakes the event loop.
enum Event {
    Terminal(event::Event),
    Action(Action),
    /// SIGTERM, SIGINT or SIGHUP: quit cleanly.
    #[cfg_attr(not(unix), allow(dead_code))]
    Signal(i32),
    /// The terminal cannot be read any more (it went away).
    InputFailed(io::Error),
    /// A worker thread panicked (a bug); the panic hook has already restored the terminal.
    WorkerPanicked,
}

fn system_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs() as i64)
}

/// Where the tutorial opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// The course (at [`TuiOptions::start_step`], or where the learner left off).
    Course,
    /// The quiz screen, with the exam or a practice round.
    Quiz(QuizMode),
}

/// Everything the tutorial needs from whoever opens it, in its own terms (the command line converts its
/// arguments into this, so the terminal loop never depends on how they were spelled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TuiOptions {
    /// What picks the theme; `auto` asks the terminal for its background before the first frame.
    pub theme: ThemeInputs,
    /// How many colours the terminal draws (`COLORTERM`, `TERM`).
    pub colors: ColorDepth,
    /// Draw only ASCII (a non-UTF-8 locale, the Linux console).
    pub ascii: bool,
    /// Speaker notes, results hidden until revealed, roomier panels; no score saved.
    pub presenter: bool,
    /// Fixed clock and random seed; the header says DEMO.
    pub demo: bool,
    /// Open at this step (1-4) instead of where the learner left off.
    pub start_step: Option<u8>,
    pub opening: Opening,
    /// The quiz's seed (its draw and option order).
    pub option_order: OptionOrder,
    /// Quiz: wait for a reveal key before marking; save no score or boxes.
    pub classroom: bool,
    /// Ask for a prediction before a Step 4 scenario or a lab request runs (P toggles it).
    pub predict: bool,
    /// Forget saved progress first.
    pub reset_progress: bool,
}

/// Why the tutorial could not run (the terminal could not be set up or failed): one line to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TuiError(pub String);

impl std::fmt::Display for TuiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Opens the tutorial on `course` and returns the exit code: 0 after q, 128+N after signal N.
pub fn run(course: Course, options: TuiOptions) -> Result<ExitCode, TuiError> {
    crate::memory::return_big_blocks_to_the_os();
    // Asked before the alternate screen and raw mode, which the query sets up and undoes itself.
    let answer = if options.theme.needs_background() { ask_background() } else { None };
    let theme = options.theme.choose(answer).map_err(TuiError)?;
    let app_options = AppOptions {
        theme,
        colors: options.colors,
        ascii: options.ascii,
        presenter: options.presenter,
        demo: options.demo,
        start_step: options.start_step,
        start_at_quiz: matches!(options.opening, Opening::Quiz(_)),
        quiz_mode: match options.opening {
            Opening::Quiz(mode) => mode,
            Opening::Course => QuizMode::Exam,
        },
        now: system_now(),
        size: Size::new(80, 24),
        option_order: options.option_order,
        classroom: options.classroom,
        predict: options.predict,
    };
    let mut app = App::new(course, app_options);
    if let Some(store) = ProgressStore::default_location() {
        let reset_warning = if options.reset_progress { store.reset().err() } else { None };
        let (progress, load_warning) = store.load();
        app.attach_progress(store, progress, reset_warning.or(load_warning));
    }

    install_panic_hook();
    let mut terminal = enter().map_err(|err| TuiError(format!("cannot set up the terminal: {err}")))?;
    let _restore_on_drop = RestoreGuard;
    let result = event_loop(&mut terminal, &mut app);
    drop(_restore_on_drop);
    result.map_err(|err| TuiError(format!("terminal error: {err}")))
}

/// How long the terminal gets to answer the colour query. Terminals answer in a few
/// milliseconds, and those that cannot answer it are recognised at once (they answer the device
/// attributes query sent with it); this only bounds a terminal that answers nothing at all.
const BACKGROUND_QUERY_TIMEOUT: Duration = Duration::from_millis(100);

/// The terminal's background, from its answer to the OSC 11 colour query; `None` when it does not
/// say (then `COLORFGBG` or dark). `TERM=dumb` is not asked: it cannot answer.
fn ask_background() -> Option<Background> {
    if std::env::var_os("TERM").is_some_and(|term| term == "dumb") {
        return None;
    }
    let mut options = terminal_colorsaurus::QueryOptions::default();
    options.timeout = BACKGROUND_QUERY_TIMEOUT;
    let palette = terminal_colorsaurus::color_palette(options).ok()?;
    Some(Background::from_palette(palette.foreground.scale_to_8bit(), palette.background.scale_to_8bit()))
}

type Term = Terminal<CrosstermBackend<Stdout>>;

fn enter() -> io::Result<Term> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste, EnableMouseCapture)?;
    Terminal::new(CrosstermBackend::new(stdout()))
}

/// Puts the terminal back: cooked mode, main screen, no mouse reporting or bracketed paste, cursor
/// shown. Safe to call more than once.
pub fn restore() {
    // Raw mode first: it has the widest effect if anything after it fails.
    let _ = disable_raw_mode();
    let mut out = stdout();
    let _ = execute!(out, DisableMouseCapture, DisableBracketedPaste, LeaveAlternateScreen, cursor::Show);
    let _ = out.flush();
}

struct RestoreGuard;

impl Drop for RestoreGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// A panic restores the terminal first, then prints as usual, so the message is readable.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

fn event_loop(terminal: &mut Term, app: &mut App) -> io::Result<ExitCode> {
    let (sender, events) = mpsc::channel();
    let (permit, permits) = mpsc::channel();
    spawn_input_reader(sender.clone(), permits);
    let signals = spawn_signal_listener(sender.clone())?;
    let mut ticker = Ticker::default();

    let size = terminal.size()?;
    app.update(Action::Resize { width: size.width, height: size.height });
    draw(terminal, app)?;
    // Background work (argon2id, the grammars) starts after the first frame: on a 2-core machine
    // two busy threads beside the UI thread delayed that frame by about 3 ms.
    spawn_jobs(app, &sender);
    spawn_highlighter_loader(app, sender.clone());
    debug_panic_after_first_frame();

    let exit = loop {
        let first = events.recv().map_err(|_| io::Error::other("event channel closed"))?;
        let from_terminal = matches!(first, Event::Terminal(_));
        if let Some(exit) = handle(app, first) {
            break exit?;
        }
        after_event(terminal, app, from_terminal, &permit)?;
        // Apply everything already waiting (a burst of wheel events, a resize) before one redraw.
        let mut stop = None;
        while let Ok(next) = events.try_recv() {
            let from_terminal = matches!(next, Event::Terminal(_));
            if let Some(exit) = handle(app, next) {
                stop = Some(exit);
                break;
            }
            after_event(terminal, app, from_terminal, &permit)?;
        }
        if let Some(exit) = stop {
            break exit?;
        }
        if app.should_quit {
            break ExitCode::SUCCESS;
        }
        spawn_jobs(app, &sender);
        if let Some(dir) = app.take_watch_request() {
            spawn_exercise_watcher(dir, sender.clone());
        }
        if let Some((store, progress)) = app.progress_to_save() {
            app.progress_saved(store.save(&progress));
        }
        draw(terminal, app)?;
        // After the frame: whether a countdown is on screen is what it measured.
        ticker.run_while(app.tick_interval(), &sender);
    };
    signals.close();
    // Whatever the last key changed (the quiz screen, a done mark) is saved on the way out too.
    if let Some((store, progress)) = app.progress_to_save() {
        let _ = store.save(&progress);
    }
    Ok(exit)
}

/// After each event: performs the effects `update` asked for (the learner's editor), then, for a
/// terminal event, lets the input thread read the next one. The input thread waits for this
/// permit, so while the editor runs nothing but the editor reads the terminal.
fn after_event(
    terminal: &mut Term,
    app: &mut App,
    from_terminal: bool,
    permit: &Sender<()>,
) -> io::Result<()> {
    for effect in app.take_effects() {
        match effect {
            Effect::OpenEditor { file } => {
                let result = run_editor(terminal, &file)?;
                app.update(Action::EditorClosed(result));
            }
        }
    }
    if from_terminal {
        // The input thread has ended only if the terminal went away, which it reports itself.
        let _ = permit.send(());
    }
    Ok(())
}

/// Gives the terminal to the learner's editor on `file` and takes it back: main screen and cooked
/// mode while it runs, then the tutorial's screen, redrawn in full. `Err` inside is the editor's own
/// failure (not set, not found, exit status), for the panel to show; the outer error is the terminal's.
fn run_editor(terminal: &mut Term, file: &std::path::Path) -> io::Result<Result<(), String>> {
    let command = editor_command(std::env::var("VISUAL").ok(), std::env::var("EDITOR").ok());
    let Some((program, args)) = command else {
        return Ok(Err(
            "set $VISUAL or $EDITOR to your editor (e.g. export EDITOR=nano), or open the file yourself"
                .to_string(),
        ));
    };
    restore();
    let status = std::process::Command::new(&program).args(&args).arg(file).status();
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture,
        Clear(ClearType::All)
    )?;
    // Both buffers blank, so the next frame is drawn in full. (`Terminal::clear` would ask the
    // terminal where its cursor is, and not every terminal answers.)
    terminal.current_buffer_mut().reset();
    terminal.swap_buffers();
    Ok(match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("{program} ended with {status}")),
        Err(error) => Err(format!("cannot run the editor {program}: {error}")),
    })
}

/// `$VISUAL`, else `$EDITOR`, split into the program and its arguments (`code -w`); `None` when
/// neither is set to anything.
pub fn editor_command(visual: Option<String>, editor: Option<String>) -> Option<(String, Vec<String>)> {
    [visual, editor].into_iter().flatten().find_map(|value| {
        let mut words = value.split_whitespace().map(str::to_string);
        let program = words.next()?;
        Some((program, words.collect()))
    })
}

/// Watches the learner's project for saves (the operating system's file events: no polling) and
/// reports each as [`Action::ExerciseSaved`]; the checks then run as a job. Ends with the tutorial.
fn spawn_exercise_watcher(dir: std::path::PathBuf, sender: Sender<Event>) {
    thread::spawn(move || {
        let watcher = match ProjectWatcher::new(&dir) {
            Ok(watcher) => watcher,
            Err(_) => return, // The panel already shows why the folder cannot be read.
        };
        while watcher.wait_for_change(None).is_some() {
            if sender.send(Event::Action(Action::ExerciseSaved(dir.clone()))).is_err() {
                return;
            }
        }
    });
}

/// Draws a frame and gives the state what it measured, for the next event.
fn draw(terminal: &mut Term, app: &mut App) -> io::Result<()> {
    let mut viewport = None;
    terminal.draw(|frame| viewport = Some(ui::draw(frame, app)))?;
    app.frame_drawn(viewport.unwrap_or_default());
    Ok(())
}

/// Applies one event; `Some` when the loop must end with that exit code (or error).
fn handle(app: &mut App, event: Event) -> Option<io::Result<ExitCode>> {
    app.update(Action::Clock { now: system_now() });
    match event {
        Event::Terminal(terminal_event) => {
            if let Some(action) = keymap::action_for(&terminal_event, app.mode()) {
                app.update(action);
            }
        }
        Event::Action(action) => app.update(action),
        Event::Signal(signal) => return Some(Ok(ExitCode::from(128u8.saturating_add(signal as u8)))),
        Event::InputFailed(err) => return Some(Err(err)),
        Event::WorkerPanicked => {
            return Some(Err(io::Error::other("a worker thread failed (see the panic above)")));
        }
    }
    app.should_quit.then_some(Ok(ExitCode::SUCCESS))
}

/// Runs the app's queued jobs (argon2 work) on worker threads; each reports back as an action.
fn spawn_jobs(app: &mut App, sender: &Sender<Event>) {
    for job in app.engine.take_jobs() {
        let sender = sender.clone();
        thread::spawn(move || {
            let event = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job.run())) {
                Ok(action) => Event::Action(action),
                Err(_) => Event::WorkerPanicked,
            };
            let _ = sender.send(event);
        });
    }
}

/// Reads terminal events one at a time: after each it waits for the loop's permit, so an editor the
/// loop starts in between has the terminal to itself.
fn spawn_input_reader(sender: Sender<Event>, permits: Receiver<()>) {
    thread::spawn(move || {
        loop {
            let event = match event::read() {
                Ok(event) => Event::Terminal(event),
                Err(err) => {
                    let _ = sender.send(Event::InputFailed(err));
                    return;
                }
            };
            if sender.send(event).is_err() || permits.recv().is_err() {
                return;
            }
        }
    });
}

/// SIGTERM, SIGINT and SIGHUP become [`Event::Signal`], so the loop restores the terminal before exiting.
#[cfg(unix)]
fn spawn_signal_listener(sender: Sender<Event>) -> io::Result<SignalListener> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    let handle = signals.handle();
    thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _ = sender.send(Event::Signal(signal));
        }
    });
    Ok(SignalListener(handle))
}

/// Elsewhere (Windows) there are no such signals: Ctrl-C arrives as a key in raw mode, and closing the
/// console ends the process.
#[cfg(not(unix))]
fn spawn_signal_listener(_sender: Sender<Event>) -> io::Result<SignalListener> {
    Ok(SignalListener)
}

#[cfg(unix)]
struct SignalListener(signal_hook::iterator::Handle);
#[cfg(not(unix))]
struct SignalListener;

impl SignalListener {
    /// Stops listening, giving the signals their default behaviour back.
    fn close(&self) {
        #[cfg(unix)]
        self.0.close();
    }
}

fn spawn_highlighter_loader(app: &App, sender: Sender<Event>) {
    let samples: Vec<(String, String)> = app
        .course
        .code_samples()
        .into_iter()
        .map(|(language, source)| (language.to_string(), source.to_string()))
        .collect();
    let theme = app.theme.clone();
    thread::spawn(move || {
        highlight::load();
        // Highlighting the course's code once compiles the rules it uses and fills the cache.
        for (language, source) in &samples {
            highlight::code_lines(source, language, &theme);
        }
        let _ = sender.send(Event::Action(Action::HighlighterReady));
    });
}

/// Sends `Tick` at a fixed interval while the app asks for it, and not at all otherwise.
#[derive(Default)]
struct Ticker {
    interval: Option<Duration>,
    /// Dropping this sender stops the running ticker thread.
    stop: Option<Sender<()>>,
}

impl Ticker {
    fn run_while(&mut self, wanted: Option<Duration>, sender: &Sender<Event>) {
        if wanted == self.interval {
            return;
        }
        self.stop = None;
        self.interval = wanted;
        let Some(interval) = wanted else { return };
        let (stop, stopped): (Sender<()>, Receiver<()>) = mpsc::channel();
        self.stop = Some(stop);
        let sender = sender.clone();
        thread::spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(interval) {
                if sender.send(Event::Action(Action::Tick { now: system_now() })).is_err() {
                    return;
                }
            }
        });
    }
}

/// Debug builds only: `JWT_SESSION_TUTOR_DEBUG_PANIC=1` panics right after the first frame, so
/// the terminal-safety tests can check the panic hook puts the terminal back.
fn debug_panic_after_first_frame() {
    if cfg!(debug_assertions) && std::env::var_os("JWT_SESSION_TUTOR_DEBUG_PANIC").is_some() {
        panic!("JWT_SESSION_TUTOR_DEBUG_PANIC is set: panicking after the first frame, as asked");
    }
}

#[cfg(test)]
mod tests {
    use super::editor_command;

    #[test]
    fn visual_wins_over_editor_and_arguments_are_kept() {
        let words = |s: &str| Some(s.to_string());
        assert_eq!(editor_command(words("code -w"), words("vi")), Some(("code".into(), vec!["-w".into()])));
        assert_eq!(editor_command(None, words("nano")), Some(("nano".into(), vec![])));
        assert_eq!(editor_command(words("  "), words("vi")), Some(("vi".into(), vec![])), "blank VISUAL");
        assert_eq!(editor_command(None, None), None);
    }
}
