//! The lesson and quiz data model, shared by the loader, the TUI, the CLI and the plain-text printers.
//!
//! These types are what `lessons/*.toml` deserialises into after validation; the raw on-disk format
//! (field names, spans for error messages) belongs to the loader.

/// Everything the tutorial teaches: the screens in order, then the practice quiz.
#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    pub lessons: Vec<Lesson>,
    pub quiz: Quiz,
}

/// What a screen is for; decides where it sits and which live machinery it drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LessonKind {
    Welcome,
    Concept,
    /// One of the seed project's four steps (`Lesson::step` says which).
    Step,
    /// A screen beyond the seed (scaling lab, attack lab).
    Lab,
    Summary,
}

/// A live panel a lesson screen can show beside its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PanelKind {
    /// Step 1: the users table with argon2id hashes.
    Users,
    /// Step 2: JWT secret strength and the session cookie options.
    Config,
    /// Step 3: the editable login form.
    LoginForm,
    /// The raw HTTP request and response of the last exchange.
    Exchange,
    /// The three token segments, decoded.
    Token,
    /// The server's session store.
    Sessions,
    /// The browser's cookie jar.
    Cookies,
    /// Step 4: the list of GET scenarios.
    Scenarios,
    /// Two instances behind a load balancer.
    Scaling,
    /// Forged requests thrown at the real handler.
    Attacks,
    /// Challenges: the learner forges, vulnerable servers decide.
    Challenges,
    /// The step's exercise: the learner's own code and its checks (added to every step screen).
    Exercise,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// Stable id; progress is keyed by it.
    pub id: String,
    pub title: String,
    pub kind: LessonKind,
    /// 1..=4 for `LessonKind::Step`.
    pub step: Option<u8>,
    pub body: Vec<Block>,
    /// The step's Next.js code, if any.
    pub code: Option<CodeSample>,
    /// "Important notes" shown under the body.
    pub notes: Vec<Vec<Inline>>,
    /// Where the seed material was wrong or outdated, and the correction.
    pub corrections: Vec<Correction>,
    /// Speaker notes for whoever teaches the screen (`--presenter` shows them), one point each.
    pub teacher_notes: Vec<Vec<Inline>>,
    pub panels: Vec<PanelKind>,
    /// Questions in the quiz's format that end the screen; answering them is part of finishing it.
    pub checkpoints: Vec<Question>,
    /// The file this lesson came from (for error messages and `lessons print`).
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CodeSample {
    /// A language tag from `markup::CODE_LANGUAGES`, e.g. `javascript`.
    pub language: String,
    /// Where the file lives in a Next.js project, e.g. `app/api/auth/route.js`.
    pub path: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    /// What the seed said.
    pub seed_says: String,
    /// Why that is wrong or outdated.
    pub problem: String,
    /// What to do instead.
    pub instead: String,
    /// The `## ` heading (its text) of the body section this correction stands under; `None` puts it
    /// after the body, so a correction can sit next to the paragraph it corrects.
    pub after: Option<String>,
}

/// A piece of a lesson's text in reading order: a block of the body, or a correction of the seed
/// placed where its section ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LessonPart<'a> {
    Block(&'a Block),
    Correction(&'a Correction),
}

/// Block-level lesson text: a small, safe subset of Markdown.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(Vec<Inline>),
    Paragraph(Vec<Inline>),
    Bullets(Vec<Vec<Inline>>),
    Code { language: String, source: String },
}

/// Inline lesson text.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Bold(String),
    Code(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quiz {
    pub id: String,
    pub title: String,
    pub questions: Vec<Question>,
    /// Speaker notes for the quiz screen (`--presenter`), one point each.
    pub teacher_notes: Vec<Vec<Inline>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Stable id; progress and review are keyed by it.
    pub id: String,
    pub difficulty: Difficulty,
    pub topic: String,
    pub prompt: String,
    pub code: Option<CodeSample>,
    /// In file order; the letters A, B, ... follow this order unless a quiz session shuffles it.
    pub options: Vec<QuizOption>,
    /// Index into `options` of the right answer.
    pub answer: usize,
    pub hint: String,
    pub solution: Vec<String>,
    pub mistakes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuizOption {
    pub text: String,
    /// Why this option is right or wrong.
    pub why: String,
}

impl Lesson {
    /// The body with each anchored correction placed at the end of its section (before the next
    /// heading); corrections without an anchor, or whose heading is missing, are not included (see
    /// [`Lesson::trailing_corrections`]).
    pub fn parts(&self) -> Vec<LessonPart<'_>> {
        let anchored = |heading: Option<String>| {
            self.corrections.iter().filter(move |c| c.after.is_some() && c.after == heading)
        };
        let mut parts = Vec::new();
        let mut section: Option<String> = None;
        for block in &self.body {
            if let Block::Heading(inlines) = block {
                parts.extend(anchored(section.take()).map(LessonPart::Correction));
                section = Some(super::markup::inline_text(inlines));
            }
            parts.push(LessonPart::Block(block));
        }
        parts.extend(anchored(section).map(LessonPart::Correction));
        parts
    }

    /// Corrections shown after the body under their own heading: those without an `after` anchor.
    pub fn trailing_corrections(&self) -> impl Iterator<Item = &Correction> {
        self.corrections.iter().filter(|c| c.after.is_none())
    }

    /// Words of prose the lesson panel shows: body text (fenced code excluded), notes and
    /// corrections. The lessons check keeps it at or under `MAX_SCREEN_WORDS`.
    pub fn prose_words(&self) -> usize {
        let count = |text: &str| text.split_whitespace().count();
        let inline_words = |inlines: &[Inline]| count(&super::markup::inline_text(inlines));
        let body: usize = self
            .body
            .iter()
            .map(|block| match block {
                Block::Heading(inlines) | Block::Paragraph(inlines) => inline_words(inlines),
                Block::Bullets(items) => items.iter().map(|item| inline_words(item)).sum(),
                Block::Code { .. } => 0,
            })
            .sum();
        let notes: usize = self.notes.iter().map(|note| inline_words(note)).sum();
        let corrections: usize = self
            .corrections
            .iter()
            .map(|c| count(&c.seed_says) + count(&c.problem) + count(&c.instead))
            .sum();
        body + notes + corrections
    }
}

impl LessonKind {
    pub const ALL: [LessonKind; 5] =
        [LessonKind::Welcome, LessonKind::Concept, LessonKind::Step, LessonKind::Lab, LessonKind::Summary];

    /// The name used in lesson files (`kind = "step"`).
    pub fn name(self) -> &'static str {
        match self {
            LessonKind::Welcome => "welcome",
            LessonKind::Concept => "concept",
            LessonKind::Step => "step",
            LessonKind::Lab => "lab",
            LessonKind::Summary => "summary",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

impl PanelKind {
    pub const ALL: [PanelKind; 12] = [
        PanelKind::Users,
        PanelKind::Config,
        PanelKind::LoginForm,
        PanelKind::Exchange,
        PanelKind::Token,
        PanelKind::Sessions,
        PanelKind::Cookies,
        PanelKind::Scenarios,
        PanelKind::Scaling,
        PanelKind::Attacks,
        PanelKind::Challenges,
        PanelKind::Exercise,
    ];

    /// The name used in lesson files (`panels = ["login-form"]`).
    pub fn name(self) -> &'static str {
        match self {
            PanelKind::Users => "users",
            PanelKind::Config => "config",
            PanelKind::LoginForm => "login-form",
            PanelKind::Exchange => "exchange",
            PanelKind::Token => "token",
            PanelKind::Sessions => "sessions",
            PanelKind::Cookies => "cookies",
            PanelKind::Scenarios => "scenarios",
            PanelKind::Scaling => "scaling",
            PanelKind::Attacks => "attacks",
            PanelKind::Challenges => "challenges",
            PanelKind::Exercise => "exercise",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|panel| panel.name() == name)
    }

    /// A short human title, e.g. for `lessons print` and panel borders.
    pub fn title(self) -> &'static str {
        match self {
            PanelKind::Users => "users table",
            PanelKind::Config => "configuration",
            PanelKind::LoginForm => "login form",
            PanelKind::Exchange => "request and response",
            PanelKind::Token => "token inspector",
            PanelKind::Sessions => "session store",
            PanelKind::Cookies => "browser cookie jar",
            PanelKind::Scenarios => "verify scenarios",
            PanelKind::Scaling => "two instances behind a load balancer",
            PanelKind::Attacks => "attacks",
            PanelKind::Challenges => "challenges: break vulnerable servers yourself",
            PanelKind::Exercise => "your own code, checked live",
        }
    }
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];

    /// The name used in quiz files and shown to the learner (`easy`, `medium`, `hard`).
    pub fn name(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|difficulty| difficulty.name() == name)
    }
}

/// The letter shown for the option at `index` in display order: 0 → 'A', 1 → 'B', ...
pub fn option_letter(index: usize) -> char {
    debug_assert!(index < 26);
    (b'A' + index as u8) as char
}

/// The option index a letter names (case-insensitive), if it is a letter at all.
pub fn letter_index(letter: char) -> Option<usize> {
    let upper = letter.to_ascii_uppercase();
    upper.is_ascii_uppercase().then(|| (upper as u8 - b'A') as usize)
}

impl Question {
    /// The letter of the right answer in file order.
    pub fn answer_letter(&self) -> char {
        option_letter(self.answer)
    }

    /// Whether the right option is longer (in characters) than every other option: a test-wise learner
    /// who always picks the longest option would get this question right without knowing.
    pub fn answer_is_longest(&self) -> bool {
        let length = |option: &QuizOption| option.text.chars().count();
        let answer = length(&self.options[self.answer]);
        self.options.iter().enumerate().all(|(index, option)| index == self.answer || length(option) < answer)
    }

    /// The solution steps with `{answer}` replaced by the letter the right answer is shown under, so a
    /// "quick check" stays true when `--shuffle` moves the options.
    pub fn solution_steps(&self, shown_answer: char) -> Vec<String> {
        let letter = shown_answer.to_string();
        self.solution.iter().map(|step| step.replace(ANSWER_PLACEHOLDER, &letter)).collect()
    }
}

/// Stands for the right answer's letter in solution steps.
pub const ANSWER_PLACEHOLDER: &str = "{answer}";

impl Course {
    /// Every piece of code in the course as (language, source): step code, fenced blocks in
    /// lesson text, and quiz code.
    pub fn code_samples(&self) -> Vec<(&str, &str)> {
        let mut samples = Vec::new();
        for lesson in &self.lessons {
            for block in &lesson.body {
                if let Block::Code { language, source } = block {
                    samples.push((language.as_str(), source.as_str()));
                }
            }
            if let Some(code) = &lesson.code {
                samples.push((code.language.as_str(), code.source.as_str()));
            }
            for question in &lesson.checkpoints {
                if let Some(code) = &question.code {
                    samples.push((code.language.as_str(), code.source.as_str()));
                }
            }
        }
        for question in &self.quiz.questions {
            if let Some(code) = &question.code {
                samples.push((code.language.as_str(), code.source.as_str()));
            }
        }
        samples
    }

    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|lesson| lesson.id == id)
    }

    /// How many questions have the right answer as their longest option.
    pub fn longest_answer_count(&self) -> usize {
        self.quiz.questions.iter().filter(|question| question.answer_is_longest()).count()
    }

    pub fn question_count(&self) -> usize {
        self.quiz.questions.len()
    }

    /// Checkpoint questions across all lessons.
    pub fn checkpoint_count(&self) -> usize {
        self.lessons.iter().map(|lesson| lesson.checkpoints.len()).sum()
    }
}
