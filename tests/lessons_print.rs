//! `lessons print --format markdown` read back by a CommonMark parser: every code block survives as a
//! fenced block with its language and exact text, every question's options as a list, and the
//! worksheet and key variants carry exactly their half of the answers.

use std::process::Command;

use jwt_session_tutor::lessons::{self, Course, option_letter};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

/// What a reader of the rendered Markdown sees, collected from the parser's events.
#[derive(Default)]
struct Rendered {
    /// (language, text) of each fenced code block.
    fenced: Vec<(String, String)>,
    /// Code blocks without a fence (indented code): a handout must have none.
    indented: usize,
    /// Each list as the plain text of its items.
    lists: Vec<Vec<String>>,
    /// Level-1 headings.
    titles: Vec<String>,
    /// Every paragraph's plain text.
    paragraphs: Vec<String>,
}

fn render(markdown: &str) -> Rendered {
    let mut rendered = Rendered::default();
    let mut code: Option<(String, String)> = None;
    let mut lists: Vec<Vec<String>> = Vec::new();
    let mut item_text: Vec<String> = Vec::new();
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut paragraph: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(language))) => {
                code = Some((language.to_string(), String::new()))
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => rendered.indented += 1,
            Event::End(TagEnd::CodeBlock) => rendered.fenced.extend(code.take()),
            Event::Start(Tag::List(_)) => lists.push(Vec::new()),
            Event::End(TagEnd::List(_)) => rendered.lists.extend(lists.pop()),
            Event::Start(Tag::Item) => item_text.push(String::new()),
            Event::End(TagEnd::Item) => {
                let text = item_text.pop().unwrap_or_default();
                lists.last_mut().expect("an item inside a list").push(text);
            }
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((HeadingLevel::H1, text)) = heading.take() {
                    rendered.titles.push(text);
                }
            }
            Event::Start(Tag::Paragraph) => paragraph = Some(String::new()),
            Event::End(TagEnd::Paragraph) => rendered.paragraphs.extend(paragraph.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, source)) = &mut code {
                    source.push_str(&text);
                    continue;
                }
                for open in [item_text.last_mut(), heading.as_mut().map(|(_, t)| t), paragraph.as_mut()]
                    .into_iter()
                    .flatten()
                {
                    open.push_str(&text);
                }
            }
            Event::SoftBreak => {
                for open in [item_text.last_mut(), paragraph.as_mut()].into_iter().flatten() {
                    open.push(' ');
                }
            }
            _ => {}
        }
    }
    rendered
}

fn print(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(["lessons", "print"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn course() -> Course {
    lessons::builtin().unwrap()
}

fn option_lists(course: &Course) -> Vec<Vec<String>> {
    course
        .quiz
        .questions
        .iter()
        .map(|q| {
            q.options.iter().enumerate().map(|(i, o)| format!("{}. {}", option_letter(i), o.text)).collect()
        })
        .collect()
}

#[test]
fn every_code_block_survives_fenced_with_its_language() {
    let course = course();
    let rendered = render(&print(&["--format", "markdown"]));
    assert_eq!(rendered.indented, 0, "no code block may be left to indentation");
    let samples = course.code_samples();
    assert_eq!(rendered.fenced.len(), samples.len());
    for ((language, source), (fenced_language, fenced_source)) in samples.iter().zip(&rendered.fenced) {
        assert_eq!(fenced_language, language);
        assert_eq!(fenced_source.trim_end(), source.trim_end());
    }
}

#[test]
fn every_question_s_options_are_one_list_each_and_the_text_is_not_mangled() {
    let course = course();
    let rendered = render(&print(&["--format", "markdown"]));
    for options in option_lists(&course) {
        assert!(rendered.lists.contains(&options), "options not found as a list: {options:?}");
    }
    // Every screen is a level-1 title, then the quiz.
    assert_eq!(rendered.titles.len(), course.lessons.len() + 1);
    assert!(rendered.titles.contains(&"Step 1 of 4: Data: a user and a password hash".to_string()));
    // Escaped markup characters read back as written: the prompt with `{"alg":"none"}` and quotes.
    let alg = course.quiz.questions.iter().find(|q| q.id == "alg-pinning").unwrap();
    assert!(rendered.paragraphs.contains(&alg.prompt), "{}", alg.prompt);
    assert!(rendered.paragraphs.iter().any(|p| p == "Answer: A"));
}

#[test]
fn the_worksheet_has_the_questions_and_no_answers() {
    let course = course();
    let rendered = render(&print(&["--format", "markdown", "--no-answers"]));
    for options in option_lists(&course) {
        assert!(rendered.lists.contains(&options));
    }
    assert!(!rendered.paragraphs.iter().any(|p| p.starts_with("Answer:")), "a worksheet shows no answer");
    let shown: Vec<&String> = rendered.paragraphs.iter().chain(rendered.lists.iter().flatten()).collect();
    let checkpoints = course.lessons.iter().flat_map(|lesson| &lesson.checkpoints);
    for question in course.quiz.questions.iter().chain(checkpoints.clone()) {
        for option in &question.options {
            assert!(!shown.iter().any(|text| text.contains(&option.why)), "{}: a why leaked", question.id);
        }
    }
    for question in checkpoints {
        assert!(
            shown.iter().any(|text| text.contains(&question.prompt)),
            "{}: checkpoint missing",
            question.id
        );
    }
    assert_eq!(rendered.titles.len(), course.lessons.len() + 1, "the lessons stay in the worksheet");
}

#[test]
fn the_key_has_every_answer_and_no_lessons() {
    let course = course();
    let rendered = render(&print(&["--format", "markdown", "--answers-only"]));
    assert_eq!(rendered.titles, ["Practice quiz: answer key", "Checkpoints: answer key"]);
    let answers: Vec<&String> = rendered.paragraphs.iter().filter(|p| p.starts_with("Answer: ")).collect();
    // The quiz's answers, then each screen's checkpoints' (the worksheet prints those too).
    let checkpoints = course.lessons.iter().flat_map(|lesson| &lesson.checkpoints);
    let expected: Vec<String> = course
        .quiz
        .questions
        .iter()
        .chain(checkpoints)
        .map(|q| format!("Answer: {}", q.answer_letter()))
        .collect();
    assert_eq!(answers, expected.iter().collect::<Vec<_>>());
    assert!(!rendered.paragraphs.iter().any(|p| p.starts_with("Hint:")), "the key is not a worksheet");
}

#[test]
fn plain_text_worksheet_and_key_work_too_and_the_two_cannot_be_combined() {
    let text = print(&["--no-answers"]);
    assert!(text.contains("Hint: ") && !text.contains("Answer: "));
    assert!(print(&["--answers-only"]).starts_with("Practice quiz: answer key\n"));
    let out = Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(["lessons", "print", "--no-answers", "--answers-only"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).lines().count(),
        1,
        "one line on stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(["lessons", "print", "--format", "html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("use text or markdown"));
}
