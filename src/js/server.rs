//! One running "next start": a thread owning a QuickJS runtime with the project's modules loaded.
//! Requests go to it over a channel; the caller waits at most the time limit (plus a short grace for
//! a hash running in Rust, which the interrupt handler cannot stop), so the UI thread never freezes.

use std::rc::Rc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use rquickjs::{CatchResultExt, CaughtError, Context, Ctx, Function, Module, Object, Runtime, Value};

use super::UnixSeconds;
use super::native::{self, NativeState, SYSTEM_CLOCK};
use super::project::{Project, ProjectError};
use super::resolve::{BUILTIN_EXPORTS, BUILTIN_PREFIX, LastError, PRELUDE_NAME, ProjectModules};
use crate::auth::http::Request;
use crate::auth::random::RandomSource;

/// The JavaScript that defines the web globals and the built-in modules, run once per server.
const PRELUDE: [(&str, &str); 6] = [
    ("web.js", include_str!("prelude/web.js")),
    ("fetch.js", include_str!("prelude/fetch.js")),
    ("node.js", include_str!("prelude/node.js")),
    ("jsonwebtoken.js", include_str!("prelude/jsonwebtoken.js")),
    ("next.js", include_str!("prelude/next.js")),
    ("dispatch.js", include_str!("prelude/dispatch.js")),
];

/// Extra wait past the time limit before the caller gives up on a request stuck in Rust code.
const GRACE: Duration = Duration::from_millis(500);
/// The JavaScript stack limit, below the thread's own stack so deep recursion is a RangeError, not a crash.
const JS_STACK_BYTES: usize = 4 * 1024 * 1024;
/// The server thread's stack.
const THREAD_STACK_BYTES: usize = 16 * 1024 * 1024;

/// How the learner's code is run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerOptions {
    /// Time limit per request (default 2 s); the handler is stopped when it runs out.
    pub timeout: Duration,
    /// The JavaScript heap limit in bytes (default 64 MiB).
    pub memory_limit: usize,
    /// A fixed time for `Date.now()`, `new Date()` and jsonwebtoken; `None` follows the system clock.
    pub clock: Option<UnixSeconds>,
    /// Deterministic `randomBytes`/`randomUUID`/salts for `--demo`; `None` uses the OS CSPRNG.
    pub seed: Option<u64>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self { timeout: Duration::from_secs(2), memory_limit: 64 * 1024 * 1024, clock: None, seed: None }
    }
}

/// What the learner's code answered to one request, and what it printed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Handled {
    /// HTTP status.
    pub status: u16,
    /// Response headers in order, names lower-case (as Node's fetch `Headers` gives them).
    pub headers: Vec<(String, String)>,
    /// Response body (empty for HEAD and for a 500 from an uncaught exception).
    pub body: String,
    /// `console.*` output during the request, one entry per call.
    pub logs: Vec<String>,
    /// An uncaught exception or a timeout, as the server log would print it; `status` is then 500.
    pub error: Option<String>,
}

impl Handled {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// Every `set-cookie` header value, in order.
    pub fn set_cookies(&self) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, value)| value.as_str())
            .collect()
    }

    fn failure(error: String, logs: Vec<String>) -> Self {
        Self { status: 500, headers: Vec::new(), body: String::new(), logs, error: Some(error) }
    }
}

struct Job {
    request: Request,
    reply: mpsc::Sender<Handled>,
    /// When the caller's time limit runs out: a job that waited behind another gets only what is left.
    deadline: Instant,
    /// Scheme, host and port `request.url` starts with.
    origin: String,
}

/// One running "next start": its own thread and QuickJS runtime; module state (the sessions `Map`)
/// lives across requests.
pub struct JsServer {
    jobs: mpsc::Sender<Job>,
    clock: Arc<AtomicI64>,
    timeout: Duration,
    origin: Mutex<String>,
}

/// Where `next dev` listens by default: `request.url` is built on it, whatever the Host header says.
const DEFAULT_ORIGIN: &str = "http://localhost:3000";

impl std::fmt::Debug for JsServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsServer").field("timeout", &self.timeout).finish_non_exhaustive()
    }
}

impl JsServer {
    /// Starts the runtime and loads every route module. Fails on a syntax error
    /// (`app/api/auth/route.js:12:5: SyntaxError: ...`), an unknown import or a missing file; an
    /// exception thrown by a module's top-level code does not stop the start (that route answers 500).
    pub fn start(project: &Project, options: ServerOptions) -> Result<JsServer, ProjectError> {
        let clock = Arc::new(AtomicI64::new(options.clock.map_or(SYSTEM_CLOCK, |seconds| seconds * 1000)));
        let (jobs, job_receiver) = mpsc::channel::<Job>();
        let (started, started_receiver) = mpsc::channel::<Result<(), ProjectError>>();
        let project = project.clone();
        let thread_clock = clock.clone();
        let thread_options = options.clone();
        thread::Builder::new()
            .name("js-runtime".to_string())
            .stack_size(THREAD_STACK_BYTES)
            .spawn(move || match Worker::new(project, &thread_options, thread_clock) {
                Ok(worker) => {
                    if started.send(Ok(())).is_ok() {
                        worker.serve(job_receiver);
                    }
                }
                Err(error) => {
                    let _ = started.send(Err(error));
                }
            })
            .map_err(|error| ProjectError::Engine(format!("cannot start the runtime thread: {error}")))?;
        match started_receiver.recv() {
            Ok(Ok(())) => Ok(JsServer {
                jobs,
                clock,
                timeout: options.timeout,
                origin: Mutex::new(DEFAULT_ORIGIN.to_string()),
            }),
            Ok(Err(error)) => Err(error),
            Err(_) => Err(ProjectError::Engine("the runtime thread stopped while starting".to_string())),
        }
    }

    /// Runs the route for `request`. Never panics, never blocks past the time limit (plus a short grace),
    /// also when called from several threads at once (the requests then share that time).
    pub fn handle(&self, request: &Request) -> Handled {
        let (reply, answer) = mpsc::channel();
        let deadline = Instant::now() + self.timeout;
        let origin = self.origin.lock().map_or_else(|_| DEFAULT_ORIGIN.to_string(), |origin| origin.clone());
        if self.jobs.send(Job { request: request.clone(), reply, deadline, origin }).is_err() {
            return Handled::failure("the JavaScript runtime stopped".to_string(), Vec::new());
        }
        match answer.recv_timeout(self.timeout + GRACE) {
            Ok(handled) => handled,
            Err(mpsc::RecvTimeoutError::Timeout) => Handled::failure(timed_out(self.timeout), Vec::new()),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Handled::failure("the JavaScript runtime stopped".to_string(), Vec::new())
            }
        }
    }

    /// Sets where the server listens (`http://localhost:3000` by default), which `request.url` and
    /// `request.nextUrl` start with, as in Next.js (it does not take them from the Host header).
    pub fn set_origin(&self, origin: &str) {
        if let Ok(mut current) = self.origin.lock() {
            *current = origin.trim_end_matches('/').to_string();
        }
    }

    /// Pins the server's clock (seconds since the epoch) for `Date` and jsonwebtoken.
    pub fn set_clock(&self, now: UnixSeconds) {
        self.clock.store(now.saturating_mul(1000), Ordering::Relaxed);
    }
}

fn timed_out(timeout: Duration) -> String {
    let seconds = timeout.as_secs_f64();
    if seconds.fract() == 0.0 {
        format!("timed out after {seconds:.0} s")
    } else {
        format!("timed out after {seconds} s")
    }
}

/// Milliseconds since `epoch` after which the interrupt handler stops the script; 0 = no limit.
struct Deadline {
    epoch: Instant,
    at: Arc<AtomicU64>,
}

impl Deadline {
    fn set(&self, duration: Duration) {
        let at = (self.epoch.elapsed() + duration).as_millis() as u64;
        self.at.store(at.max(1), Ordering::Relaxed);
    }

    fn passed(&self) -> bool {
        let at = self.at.load(Ordering::Relaxed);
        at != 0 && self.epoch.elapsed().as_millis() as u64 >= at
    }

    fn remaining(&self) -> Duration {
        let at = self.at.load(Ordering::Relaxed);
        Duration::from_millis(at.saturating_sub(self.epoch.elapsed().as_millis() as u64))
    }
}

struct Worker {
    // Field order matters: the context must be dropped before the runtime.
    context: Context,
    runtime: Runtime,
    state: Rc<NativeState>,
    deadline: Deadline,
    timeout: Duration,
    memory_limit: usize,
    project: Rc<Project>,
}

impl Worker {
    fn new(project: Project, options: &ServerOptions, clock: Arc<AtomicI64>) -> Result<Worker, ProjectError> {
        let engine = |error: rquickjs::Error| ProjectError::Engine(error.to_string());
        let aliases = project.path_aliases()?;
        let routes = project.routes();
        let env = project.env();
        let project = Rc::new(project);
        let runtime = Runtime::new().map_err(engine)?;
        runtime.set_memory_limit(options.memory_limit);
        runtime.set_max_stack_size(JS_STACK_BYTES);
        let deadline = Deadline { epoch: Instant::now(), at: Arc::new(AtomicU64::new(0)) };
        let interrupt_at = deadline.at.clone();
        let epoch = deadline.epoch;
        runtime.set_interrupt_handler(Some(Box::new(move || {
            let at = interrupt_at.load(Ordering::Relaxed);
            at != 0 && epoch.elapsed().as_millis() as u64 >= at
        })));
        // Node reports a rejected promise nobody handles; the prelude collects them per request.
        runtime.set_host_promise_rejection_tracker(Some(Box::new(|ctx, promise, reason, handled| {
            if let Ok(track) = ctx.globals().get::<_, Function>("__tutorRejection")
                && track.call::<_, ()>((promise, reason, handled)).is_err()
            {
                let _ = ctx.catch();
            }
        })));
        let last_error: LastError = Rc::default();
        runtime.set_loader(
            ProjectModules::new(project.clone(), aliases.clone(), last_error.clone()),
            ProjectModules::new(project.clone(), aliases, last_error.clone()),
        );
        let random = match options.seed {
            Some(seed) => RandomSource::seeded(seed),
            None => RandomSource::os(),
        };
        let state = Rc::new(NativeState { clock, random: random.into(), logs: Vec::new().into() });

        check_syntax(&runtime, &project, &last_error)?;

        let context = Context::full(&runtime).map_err(engine)?;
        let worker = Worker {
            context,
            runtime,
            state,
            deadline,
            timeout: options.timeout,
            memory_limit: options.memory_limit,
            project: project.clone(),
        };
        worker.context.with(|ctx| -> Result<(), ProjectError> {
            native::install(&ctx, worker.state.clone()).map_err(engine)?;
            for (name, source) in PRELUDE {
                let mut eval_options = rquickjs::context::EvalOptions::default();
                eval_options.filename = Some(format!("{PRELUDE_NAME}/{name}"));
                eval_options.strict = true;
                ctx.eval_with_options::<(), _>(source, eval_options).catch(&ctx).map_err(|error| {
                    ProjectError::Engine(format!("prelude {name}: {}", describe_caught(&error)))
                })?;
            }
            let env_object = Object::new(ctx.clone()).map_err(engine)?;
            for (key, value) in env {
                env_object.set(key, value).map_err(engine)?;
            }
            let setup: Function = ctx.globals().get("__tutorSetEnv").map_err(engine)?;
            setup.call::<_, ()>((env_object,)).map_err(engine)?;
            Ok(())
        })?;

        // Load every route now, as `next build` would, so an unknown import is reported at start.
        for (_, file) in routes {
            last_error.borrow_mut().take();
            let outcome = worker.run(worker.timeout, |ctx| {
                let load: Function = ctx.globals().get("__tutorLoadRoute")?;
                load.call::<_, Value>((file.clone(),))
            });
            if let Some(error) = last_error.borrow_mut().take() {
                return Err(error);
            }
            // An import of a name the module does not export fails `next build`, so it fails the start.
            if let Err(text) = &outcome
                && let Some(error) = missing_export(&worker.project, text)
            {
                return Err(error);
            }
            // A module whose top-level code threw still starts; its route answers 500 with that error.
        }
        worker.state.logs.borrow_mut().clear();
        Ok(worker)
    }

    fn serve(self, jobs: mpsc::Receiver<Job>) {
        while let Ok(job) = jobs.recv() {
            let left = job.deadline.saturating_duration_since(Instant::now());
            let handled = if left.is_zero() {
                Handled::failure(timed_out(self.timeout), Vec::new())
            } else {
                self.handle(&job.request, &job.origin, left)
            };
            // The caller may have given up (grace exceeded); nothing to do then.
            let _ = job.reply.send(handled);
        }
    }

    fn handle(&self, request: &Request, origin: &str, limit: Duration) -> Handled {
        self.state.logs.borrow_mut().clear();
        let Some((file, params)) = self.project.match_route(&request.path) else {
            return Handled { status: 404, ..Handled::default() };
        };
        let params = serde_json::Value::Object(params).to_string();
        let outcome = self.run(limit, |ctx| {
            let dispatch: Function = ctx.globals().get("__tutorDispatch")?;
            let headers = rquickjs::Array::new(ctx.clone())?;
            for (index, (name, value)) in request.headers.iter().enumerate() {
                let pair = rquickjs::Array::new(ctx.clone())?;
                pair.set(0, name.as_str())?;
                pair.set(1, value.as_str())?;
                headers.set(index, pair)?;
            }
            dispatch.call::<_, Value>((
                file.as_str(),
                params.as_str(),
                request.method.as_str(),
                format!("{origin}{}", request.path),
                headers,
                request.body.as_str(),
            ))
        });
        let logs = std::mem::take(&mut *self.state.logs.borrow_mut());
        match outcome {
            Ok(response) => {
                Handled { logs, error: response.error.map(|error| self.out_of_memory(error)), ..response }
            }
            Err(error) => Handled::failure(error, logs),
        }
    }

    /// Calls `start` (which returns a value or a promise of one) under the time limit, drives the job
    /// queue and the timers until the promise settles, and reads the result as a response.
    fn run<'a, F>(&'a self, limit: Duration, start: F) -> Result<Handled, String>
    where
        F: for<'js> FnOnce(&Ctx<'js>) -> rquickjs::Result<Value<'js>>,
    {
        self.deadline.set(limit);
        let result = self.context.with(|ctx| {
            let value = match start(&ctx).catch(&ctx) {
                Ok(value) => value,
                Err(error) => return Err(self.explain(&error)),
            };
            let promise = match value.as_promise() {
                Some(promise) => promise.clone(),
                None => return read_response(&ctx, &value),
            };
            loop {
                match promise.state() {
                    rquickjs::promise::PromiseState::Resolved => {
                        let value: Value = promise
                            .result()
                            .and_then(Result::ok)
                            .unwrap_or_else(|| Value::new_undefined(ctx.clone()));
                        return read_response(&ctx, &value);
                    }
                    rquickjs::promise::PromiseState::Rejected => {
                        let error = promise.result::<Value>().map(|result| result.catch(&ctx));
                        return Err(match error {
                            Some(Err(error)) => self.explain(&error),
                            _ => "the handler's promise was rejected".to_string(),
                        });
                    }
                    rquickjs::promise::PromiseState::Pending => {}
                }
                if self.deadline.passed() {
                    return Err(timed_out(self.timeout));
                }
                // A job that throws rejects its own promise; only an interrupted job fails here.
                if ctx.execute_pending_job() {
                    continue;
                }
                let next_timer: f64 = ctx
                    .globals()
                    .get::<_, Function>("__tutorNextTimer")
                    .and_then(|next| next.call(()))
                    .unwrap_or(-1.0);
                if next_timer < 0.0 {
                    return Err(
                        "the handler's promise never settled (it awaits something that never happens)"
                            .to_string(),
                    );
                }
                let wait = Duration::from_millis(next_timer as u64).min(self.deadline.remaining());
                thread::sleep(wait);
                if self.deadline.passed() {
                    return Err(timed_out(self.timeout));
                }
                let fire: Function =
                    ctx.globals().get("__tutorFireTimers").map_err(|error| error.to_string())?;
                if let Err(error) = fire.call::<_, ()>(()).catch(&ctx) {
                    return Err(self.explain(&error));
                }
            }
        });
        if self.deadline.passed() {
            self.recover_after_timeout();
        }
        self.deadline.at.store(0, Ordering::Relaxed);
        result
    }

    /// After a timeout: drop the stopped request's pending jobs and timers so they cannot run during the next one.
    fn recover_after_timeout(&self) {
        while self.runtime.is_job_pending() {
            let _ = self.runtime.execute_pending_job();
        }
        self.deadline.set(Duration::from_millis(200));
        self.context.with(|ctx| {
            if let Ok(clear) = ctx.globals().get::<_, Function>("__tutorClearTimers") {
                let _ = clear.call::<_, ()>(());
            }
        });
    }

    fn explain(&self, error: &CaughtError<'_>) -> String {
        if self.deadline.passed() {
            return timed_out(self.timeout);
        }
        self.out_of_memory(describe_caught(error))
    }

    /// QuickJS reports the heap limit as a bare "InternalError: out of memory"; say which limit.
    fn out_of_memory(&self, error: String) -> String {
        if error.starts_with("InternalError: out of memory") {
            return format!(
                "out of memory: the handler used more than the {} MiB limit",
                self.memory_limit / (1024 * 1024)
            );
        }
        error
    }
}

/// An exception as the server log would print it (`Error [JsonWebTokenError]: jwt malformed`, then the stack).
fn describe_caught(error: &CaughtError<'_>) -> String {
    match error {
        CaughtError::Exception(exception) => {
            let object = exception.as_object();
            let formatted = object
                .ctx()
                .globals()
                .get::<_, Function>("__tutorFormatError")
                .and_then(|format| format.call::<_, String>((object.clone(),)));
            formatted.unwrap_or_else(|_| exception.to_string())
        }
        CaughtError::Value(value) => value
            .ctx()
            .globals()
            .get::<_, Function>("__tutorFormatError")
            .and_then(|format| format.call::<_, String>((value.clone(),)))
            .unwrap_or_else(|_| format!("{value:?}")),
        CaughtError::Error(error) => error.to_string(),
    }
}

/// Converts the dispatch result `{ status, headers: [[name, value]], body, error }` to a [`Handled`].
fn read_response<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> Result<Handled, String> {
    let _ = ctx;
    let Some(object) = value.as_object() else {
        return Err("the runtime's dispatcher returned no response".to_string());
    };
    let get_err = |error: rquickjs::Error| error.to_string();
    let status: u16 = object.get("status").map_err(get_err)?;
    let pairs: Vec<Vec<String>> = object.get("headers").map_err(get_err)?;
    let headers = pairs
        .into_iter()
        .filter_map(|pair| {
            let mut pair = pair.into_iter();
            Some((pair.next()?, pair.next()?))
        })
        .collect();
    let body: String = object.get("body").map_err(get_err)?;
    let error: Option<String> = object.get("error").map_err(get_err)?;
    Ok(Handled { status, headers, body, logs: Vec::new(), error })
}

/// QuickJS's link error "SyntaxError: Could not find export 'x' in module 'm'" as a `file:line:column`
/// error at the import that asks for it, with what the module does export when it is a built-in one.
fn missing_export(project: &Project, error: &str) -> Option<ProjectError> {
    let rest = error.strip_prefix("SyntaxError: Could not find export '")?;
    let (name, rest) = rest.split_once("' in module '")?;
    let module = rest.split('\'').next()?;
    let (shown, exports) = match module.strip_prefix(BUILTIN_PREFIX) {
        Some(builtin) => {
            let exports = BUILTIN_EXPORTS
                .iter()
                .find(|(known, _)| *known == builtin)
                .map(|(_, names)| names.join(", "));
            (builtin.to_string(), exports)
        }
        None => (module.to_string(), None),
    };
    let is_word = |text: &str, at: usize| {
        let before =
            text[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$'));
        let after = text[at + name.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$'));
        before && after
    };
    let stem = shown.rsplit('/').next().unwrap_or(&shown).trim_end_matches(".js");
    let (path, line, column) = project.files().find_map(|(path, text)| {
        text.lines().enumerate().find_map(|(index, line)| {
            if !line.trim_start().starts_with("import") || !line.contains(stem) {
                return None;
            }
            let at = line.match_indices(name).map(|(at, _)| at).find(|&at| is_word(line, at))?;
            Some((path.to_string(), index + 1, line[..at].chars().count() + 1))
        })
    })?;
    let mut message = format!("SyntaxError: '{name}' is not exported by {shown}");
    if let Some(exports) = exports {
        message.push_str(&format!(" (it exports: {exports})"));
    }
    Some(ProjectError::Syntax { path, line, column, message })
}

/// Compiles every route file and what it imports (without running anything), as `next build` would, so a
/// syntax error is reported as `file:line:column: message` at start, in whichever of those files it is.
/// Files nothing imports (a root `eslint.config.mjs`) are not compiled, as in Next.js.
fn check_syntax(runtime: &Runtime, project: &Project, last_error: &LastError) -> Result<(), ProjectError> {
    let context = Context::full(runtime).map_err(|error| ProjectError::Engine(error.to_string()))?;
    context.with(|ctx| {
        for (_, path) in project.routes() {
            let source = project.file(&path).unwrap_or_default();
            if let Err(error) = Module::declare(ctx.clone(), path.as_str(), source).catch(&ctx) {
                if let Some(error) = last_error.borrow_mut().take() {
                    return Err(error);
                }
                return Err(syntax_error(&path, &error));
            }
        }
        Ok(())
    })
}

/// A compile error at the position QuickJS gives in its stack ("    at lib/x.js:12:5"), which names the
/// file with the error (the route itself or a module it imports); `path` when there is none.
fn syntax_error(path: &str, error: &CaughtError<'_>) -> ProjectError {
    let CaughtError::Exception(exception) = error else {
        return ProjectError::Syntax {
            path: path.to_string(),
            line: 0,
            column: 0,
            message: error.to_string(),
        };
    };
    let name: String = exception.as_object().get("name").unwrap_or_else(|_| "SyntaxError".to_string());
    let message = format!("{name}: {}", exception.message().unwrap_or_default());
    let stack = exception.stack().unwrap_or_default();
    let position = stack.lines().find_map(|frame| {
        let location = frame.trim().strip_prefix("at ")?;
        let location =
            location.rsplit_once(" (").map_or(location, |(_, inside)| inside).trim_end_matches(')');
        let mut parts = location.rsplitn(3, ':');
        let column = parts.next()?.parse::<usize>().ok()?;
        let line = parts.next()?.parse::<usize>().ok()?;
        Some((parts.next()?.to_string(), line, column))
    });
    match position {
        Some((file, line, column)) => ProjectError::Syntax { path: file, line, column, message },
        None => ProjectError::Syntax { path: path.to_string(), line: 0, column: 0, message },
    }
}
