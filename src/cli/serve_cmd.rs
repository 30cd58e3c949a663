//! `jwt-session-tutor serve [DIR] [--port P]`: serves a Next.js project's route handlers over real
//! HTTP on 127.0.0.1 through the tutorial's JavaScript runtime, so curl, a browser or a comparison
//! script can talk to it as to `next dev`.

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use super::{CliError, CliResult};
use crate::exercises::project::{STEP_COUNT, new_env_local, solution_files};
use crate::js::http::{HttpServer, Served};
use crate::js::{JsServer, Project, ServerOptions};

/// The port `next dev` uses.
pub const DEFAULT_PORT: u16 = 3000;

/// What `serve` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct ServeArgs {
    /// The project folder (a Next.js App Router project, e.g. one made by `exercises init`) [default:
    /// the reference solution]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Port on 127.0.0.1 (0 picks a free one and prints it)
    #[arg(long, value_name = "PORT", default_value_t = DEFAULT_PORT)]
    pub port: u16,
}

/// Loads DIR and serves it until the process is stopped.
pub fn run(args: ServeArgs) -> CliResult {
    let Some(dir) = args.dir else {
        // No folder: the reference solution the lessons teach, with a fresh secret for this run.
        let project = Project::from_files(solution_files(STEP_COUNT, &new_env_local()));
        return serve_project(&project, "the reference solution", args.port);
    };
    let project = Project::load(&dir).map_err(|error| CliError::usage(error.to_string()))?;
    if project.routes().is_empty() {
        return Err(CliError::usage(format!(
            "{}: no route handlers (app/**/route.js): is this a Next.js App Router project?",
            dir.display()
        )));
    }
    serve_project(&project, &dir.display().to_string(), args.port)
}

/// Serves `project` (named `label` in the start-up line) on 127.0.0.1:`port` until the process ends.
pub fn serve_project(project: &Project, label: &str, port: u16) -> CliResult {
    let server = JsServer::start(project, ServerOptions::default())
        .map_err(|error| CliError::usage(error.to_string()))?;
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let http = HttpServer::bind(address, server)
        .map_err(|error| CliError::rejected(format!("cannot listen on {address}: {error}")))?;
    let bound = http.local_addr().map_err(|error| CliError::rejected(error.to_string()))?;
    let routes: Vec<String> = project.routes().into_iter().map(|(url, _)| url).collect();
    let mut stdout = std::io::stdout();
    let _ =
        writeln!(stdout, "Serving {label} on http://{bound} (routes: {}); Ctrl-C stops", routes.join(", "));
    let _ = stdout.flush();
    http.serve(log_request);
    Ok(ExitCode::SUCCESS)
}

/// One line per request on stderr, as `next dev` prints it, then the handler's console output and any
/// uncaught error.
fn log_request(served: &Served<'_>) {
    let mut text = format!(
        " {} {} {} in {}ms\n",
        served.method,
        served.path,
        served.handled.status,
        served.elapsed.as_millis()
    );
    for line in &served.handled.logs {
        text.push_str(line);
        text.push('\n');
    }
    if let Some(error) = &served.handled.error {
        text.push_str(&format!(" ⨯ {error}\n"));
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
}
