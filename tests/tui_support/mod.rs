//! A small course built in code, shaped like the real one (welcome, concept, four steps, summary),
//! so the TUI can be driven and drawn without the lesson files.

#![allow(dead_code)]

use jwt_session_tutor::app::{App, AppOptions};
use jwt_session_tutor::lessons::{
    Block, CodeSample, Correction, Course, Difficulty, Inline, Lesson, LessonKind, PanelKind, Question, Quiz,
    QuizOption,
};
use jwt_session_tutor::quiz::OptionOrder;
use jwt_session_tutor::quiz::draw::QuizMode;
use jwt_session_tutor::theme::{ColorDepth, ThemeName};
use jwt_session_tutor::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

fn text(s: &str) -> Inline {
    Inline::Text(s.to_string())
}
fn bold(s: &str) -> Inline {
    Inline::Bold(s.to_string())
}
fn code(s: &str) -> Inline {
    Inline::Code(s.to_string())
}

fn lesson(id: &str, title: &str, kind: LessonKind, step: Option<u8>, body: Vec<Block>) -> Lesson {
    Lesson {
        id: id.to_string(),
        title: title.to_string(),
        kind,
        step,
        body,
        code: None,
        notes: Vec::new(),
        corrections: Vec::new(),
        teacher_notes: vec![vec![text(&format!("Before {title}: ask the room what they expect."))]],
        panels: Vec::new(),
        checkpoints: Vec::new(),
        source: format!("{id}.toml"),
    }
}

const LOGIN_ROUTE: &str = r#"import { cookies } from 'next/headers';
import argon2 from 'argon2';
import jwt from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';

export async function POST(request) {
  const { username, password } = await request.json();
  const user = users.find((u) => u.username === username);
  const ok = user ? await argon2.verify(user.passwordHash, password) : false;
  if (!ok) {
    return Response.json({ error: 'Invalid username or password' }, { status: 401 });
  }
  const token = jwt.sign({ sub: String(user.id) }, process.env.JWT_SECRET, {
    algorithm: 'HS256',
    expiresIn: '15m',
  });
  const sessionId = randomBytes(32).toString('base64url');
  sessions.set(sessionId, { userId: user.id, createdAt: Date.now() });
  (await cookies()).set('nextjs-session', sessionId, {
    httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 60 * 60 * 8,
  });
  return Response.json({ token });
}
"#;

fn step(n: u8, id: &str, title: &str, paragraph: &str, panels: Vec<PanelKind>) -> Lesson {
    let mut lesson = lesson(
        id,
        title,
        LessonKind::Step,
        Some(n),
        vec![
            Block::Paragraph(vec![text(paragraph)]),
            Block::Heading(vec![text("What happens")]),
            Block::Bullets(vec![
                vec![text("The browser sends "), code("POST /api/auth"), text(" with a JSON body.")],
                vec![text("The server checks the password hash with "), bold("argon2id"), text(".")],
                vec![
                    text("On success it answers with a token and sets an "),
                    code("HttpOnly"),
                    text(" cookie."),
                ],
            ]),
        ],
    );
    lesson.code = Some(CodeSample {
        language: "javascript".to_string(),
        path: Some("app/api/auth/route.js".to_string()),
        source: LOGIN_ROUTE.to_string(),
    });
    lesson.notes = vec![vec![
        text("Pin the algorithm when verifying: "),
        code("jwt.verify(token, secret, { algorithms: ['HS256'] })"),
        text("."),
    ]];
    lesson.panels = panels;
    lesson
}

fn question(
    id: &str,
    difficulty: Difficulty,
    prompt: &str,
    options: &[(&str, &str)],
    answer: usize,
) -> Question {
    Question {
        id: id.to_string(),
        difficulty,
        topic: "sessions".to_string(),
        prompt: prompt.to_string(),
        code: None,
        options: options
            .iter()
            .map(|(text, why)| QuizOption { text: text.to_string(), why: why.to_string() })
            .collect(),
        answer,
        hint: format!("hint for {id}"),
        solution: vec![format!("solution step for {id}")],
        mistakes: vec![format!("common mistake for {id}")],
    }
}

/// Step 1 ends with one checkpoint question (answer B), so it is done only once that is answered.
fn step1_with_checkpoint() -> Lesson {
    let mut lesson = step(
        1,
        "step1-data",
        "Data: a user and a password hash",
        "The app needs one user to log in as, with a password hash instead of the password.",
        vec![PanelKind::Users],
    );
    lesson.checkpoints = vec![question(
        "checkpoint-hash",
        Difficulty::Easy,
        "What does the users table store for user1's password?",
        &[
            ("The password itself", "No: one leak gives away every password."),
            ("An argon2id hash", "Right: slow, salted, checked with argon2.verify."),
            ("The password encrypted with JWT_SECRET", "No: encryption is reversible."),
        ],
        1,
    )];
    lesson
}

/// Three questions, one per difficulty; the answers are A, B and C.
pub fn questions() -> Vec<Question> {
    vec![
        question(
            "where-state-lives",
            Difficulty::Easy,
            "Where does a server-side session keep the user id?",
            &[
                ("On the server, in the session store", "Right: the cookie holds only a random id."),
                ("In the cookie, readable by anyone", "No: that describes a JWT payload."),
            ],
            0,
        ),
        question(
            "logout",
            Difficulty::Medium,
            "After logout, what still works until it expires?",
            &[
                ("The session cookie", "No: logout deleted the session."),
                ("A copy of the JWT", "Right: nothing on the server remembers it."),
                ("Neither", "No: the JWT has no server state to delete."),
            ],
            1,
        ),
        question(
            "alg-none",
            Difficulty::Hard,
            "How does the server refuse alg: none?",
            &[
                ("It checks the signature length", "No: the header still chooses the algorithm."),
                ("It trusts the header", "No: that is the attack."),
                ("It pins HS256 and ignores the header's choice", "Right: an allow-list of one."),
                ("It decodes without verifying", "No: decoding is not verifying."),
            ],
            2,
        ),
    ]
}

/// Welcome, Concept, Step 1..4, Summary.
pub fn course() -> Course {
    let mut concept = lesson(
        "concept",
        "JWT or session: what is stored where",
        LessonKind::Concept,
        None,
        vec![
            Block::Paragraph(vec![
                text("A web app remembers who you are in one of two ways. With a "),
                bold("server-side session"),
                text(", the server keeps the facts and the browser holds only a random id in a cookie. With a "),
                bold("JWT"),
                text(", the facts travel inside a signed token that the server can check without looking anything up."),
            ]),
            Block::Heading(vec![text("Where the state lives")]),
            Block::Bullets(vec![
                vec![bold("Session: "), text("a store on the server maps the id to the user; logout deletes the entry and access ends at once.")],
                vec![bold("JWT: "), text("the token itself says who you are until "), code("exp"), text("; logout cannot take back a copy.")],
            ]),
            Block::Code {
                language: "text".to_string(),
                source: "Cookie: nextjs-session=3q2-7w...   (an opaque random id)\nAuthorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig".to_string(),
            },
            Block::Paragraph(vec![text(
                "Both work on many devices: each device gets its own cookie or token. What sessions add is the ability to list and end them.",
            )]),
        ],
    );
    concept.corrections = vec![Correction {
        seed_says: "JWT tokens are usually stored in localStorage or cookies on the client.".to_string(),
        problem: "Any script running on the page can read localStorage, so one XSS bug leaks the token."
            .to_string(),
        instead: "Keep the token in an HttpOnly; Secure; SameSite=Lax cookie set by the server.".to_string(),
        after: None,
    }];
    concept.notes =
        vec![vec![text("Signed JWTs are readable by anyone who holds them: put no secrets in the payload.")]];
    Course {
        lessons: vec![
            lesson(
                "welcome",
                "Welcome",
                LessonKind::Welcome,
                None,
                vec![
                    Block::Paragraph(vec![text(
                        "This tutorial shows how a web app keeps you logged in, by doing it for real: every token on screen is signed and verified by the same code the lessons describe.",
                    )]),
                    Block::Paragraph(vec![
                        text("Move with "),
                        code("→"),
                        text(" and "),
                        code("←"),
                        text(", switch panels with "),
                        code("Tab"),
                        text(", and press "),
                        code("?"),
                        text(" for every key."),
                    ]),
                ],
            ),
            concept,
            step1_with_checkpoint(),
            step(
                2,
                "step2-config",
                "Configuration: the secret and the cookie",
                "The signing secret comes from the environment and must be at least 256 random bits.",
                vec![PanelKind::Config],
            ),
            step(
                3,
                "step3-login",
                "Login",
                "Logging in checks the password, then issues a token and a fresh session id.",
                vec![
                    PanelKind::LoginForm,
                    PanelKind::Exchange,
                    PanelKind::Token,
                    PanelKind::Sessions,
                    PanelKind::Cookies,
                ],
            ),
            step(
                4,
                "step4-verify",
                "Verify",
                "Every request proves who it comes from with the Bearer token or the session cookie.",
                vec![PanelKind::Scenarios],
            ),
            lesson(
                "summary",
                "Summary",
                LessonKind::Summary,
                None,
                vec![Block::Bullets(vec![
                    vec![text("Sessions: instant logout, a store lookup per request.")],
                    vec![
                        text("JWT: no lookup, no revocation before "),
                        code("exp"),
                        text(" without a deny-list."),
                    ],
                ])],
            ),
        ],
        quiz: Quiz {
            id: "quiz".to_string(),
            title: "Practice quiz".to_string(),
            questions: questions(),
            teacher_notes: vec![vec![text("Ask the room to answer on paper first.")]],
        },
    }
}

pub fn options(width: u16, height: u16) -> AppOptions {
    AppOptions {
        theme: ThemeName::Mono,
        demo: true,
        start_step: None,
        start_at_quiz: false,
        quiz_mode: QuizMode::Exam,
        now: 0,
        size: Size::new(width, height),
        option_order: OptionOrder::Fixed,
        classroom: false,
        colors: ColorDepth::TrueColor,
        ascii: false,
        presenter: false,
        // Tests that are not about predictions send at once; tests/tui_predict.rs turns them on.
        predict: false,
    }
}

/// The app with its first frame drawn, as the event loop starts it.
pub fn app(width: u16, height: u16) -> App {
    started(App::new(course(), options(width, height)))
}

/// `app` after its first frame, as the event loop opens it.
pub fn started(mut app: App) -> App {
    draw(&mut app);
    app
}

/// Draws a frame, as the event loop does after every event, and gives the state what it measured.
pub fn draw(app: &mut App) {
    jwt_session_tutor::highlight::load();
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    let mut viewport = None;
    terminal.draw(|frame| viewport = Some(ui::draw(frame, app))).unwrap();
    app.frame_drawn(viewport.expect("drawn"));
}

/// One event as the event loop handles it: applied to the state, then a frame drawn.
pub fn apply(app: &mut App, action: jwt_session_tutor::app::Action) {
    app.update(action);
    draw(app);
}

/// The app drawn into a test terminal of its own size.
pub fn render(app: &App) -> Terminal<TestBackend> {
    jwt_session_tutor::highlight::load();
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal
        .draw(|frame| {
            ui::draw(frame, app);
        })
        .unwrap();
    terminal
}

/// The drawn screen as plain text, one line per row, trailing spaces trimmed.
pub fn screen_text(app: &App) -> String {
    let terminal = render(app);
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Digits of timings (`in 39 ms`, `took 36 ms`) replaced by `N`, so snapshots do not depend on
/// how fast this machine hashes. "60 ms" and "123 ms" differ in width and the panel's padding absorbs
/// the difference, so the digits taken out are given back as spaces in the next run of padding.
pub fn mask_timings(text: &str) -> String {
    text.split('\n').map(mask_line_timings).collect::<Vec<_>>().join("\n")
}

fn mask_line_timings(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut owed_spaces = 0;
    let mut index = 0;
    while index < chars.len() {
        if chars[index].is_ascii_digit() {
            let start = index;
            while index < chars.len() && chars[index].is_ascii_digit() {
                index += 1;
            }
            let rest: String = chars[index..chars.len().min(index + 3)].iter().collect();
            if rest == " ms" {
                out.push('N');
                owed_spaces += index - start - 1;
            } else {
                out.extend(&chars[start..index]);
            }
        } else {
            let padding_starts = chars[index] == ' ' && chars.get(index + 1) == Some(&' ');
            if padding_starts && owed_spaces > 0 {
                out.extend(std::iter::repeat_n(' ', owed_spaces));
                owed_spaces = 0;
            }
            out.push(chars[index]);
            index += 1;
        }
    }
    out
}

/// An app whose server is up (the seed user's hash is done).
pub fn ready_app(width: u16, height: u16) -> App {
    let mut app = app(width, height);
    app.run_jobs_inline();
    draw(&mut app);
    app
}

/// Focuses the panel with this title on the current screen.
pub fn focus(app: &mut App, title: &str) {
    use jwt_session_tutor::app::Action;
    for _ in 0..app.panels().len() {
        if app.focused_panel().title() == title {
            return;
        }
        apply(app, Action::FocusNext);
    }
    panic!("no panel {title} on this screen");
}

/// The whole content of the focused panel (all of it, not just the rows on screen).
pub fn focused_panel_text(app: &App) -> String {
    let panel = app.focused_panel();
    let width = ui::layout::compute(app, app.area())
        .panel_rect(panel)
        .map(|rect| ui::panel_inner(app, rect))
        .unwrap()
        .width;
    ui::panel_lines(app, panel, width).iter().map(|line| line.to_string() + "\n").collect()
}
