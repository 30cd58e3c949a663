//! Broken lesson folders: every kind of mistake is reported as `file:line:column: message`,
//! all of them in one run.

use std::path::Path;

use jwt_session_tutor::lessons::{self, Problem};
use tempfile::TempDir;

const GOOD_LESSON: &str = r#"format_version = 1
id = "intro"
title = "Intro"
kind = "welcome"
panels = []
body = """
Hello **there**.
"""
"#;

fn question(id: &str, difficulty: &str) -> String {
    format!(
        r#"
[[questions]]
id = "{id}"
difficulty = "{difficulty}"
topic = "Topic"
prompt = "Pick one."
answer = "A"
hint = "The first."
solution = ["Because."]
mistakes = ["Picking B."]

[[questions.options]]
text = "One"
why = "Right."

[[questions.options]]
text = "Two"
why = "Wrong."
"#
    )
}

fn quiz_with(easy: usize, medium: usize, hard: usize) -> String {
    let mut quiz = String::from("format_version = 1\nid = \"quiz\"\ntitle = \"Quiz\"\n");
    for (difficulty, n) in [("easy", easy), ("medium", medium), ("hard", hard)] {
        for i in 0..n {
            quiz.push_str(&question(&format!("{difficulty}-{i}"), difficulty));
        }
    }
    quiz
}

fn good_quiz() -> String {
    quiz_with(3, 4, 3)
}

/// A folder with the given files (a good quiz unless one is given).
fn folder(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    if !files.iter().any(|(name, _)| *name == "quiz.toml") {
        std::fs::write(dir.path().join("quiz.toml"), good_quiz()).unwrap();
    }
    dir
}

fn problems(dir: &Path) -> Vec<String> {
    let problems: Vec<Problem> = lessons::load_dir(dir).expect_err("the folder should have problems");
    let prefix = format!("{}/", dir.display());
    problems.iter().map(|p| p.to_string().replacen(&prefix, "", 1)).collect()
}

#[test]
fn a_good_folder_loads() {
    let dir = folder(&[("00-intro.toml", GOOD_LESSON)]);
    let course = lessons::load_dir(dir.path()).unwrap();
    assert_eq!(course.lessons[0].title, "Intro");
    assert_eq!(course.quiz.questions.len(), 10);
}

#[test]
fn toml_syntax_error_points_at_the_broken_spot() {
    let broken = "format_version = 1\nid = \"intro\"\ntitle = Intro\n";
    let dir = folder(&[("00-intro.toml", broken)]);
    let found = problems(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("00-intro.toml:3:9: TOML syntax error:"), "{found:?}");
}

#[test]
fn unknown_key_is_a_typo_with_a_suggestion() {
    let typo = GOOD_LESSON.replace("title = \"Intro\"", "titel = \"Intro\"");
    let dir = folder(&[("00-intro.toml", &typo)]);
    assert_eq!(
        problems(dir.path()),
        [
            "00-intro.toml:1:1: missing field `title`",
            "00-intro.toml:3:1: unknown field `titel`: did you mean `title`?",
        ]
    );
}

#[test]
fn wrong_types_and_empty_text() {
    let bad = GOOD_LESSON
        .replace("title = \"Intro\"", "title = \"   \"")
        .replace("panels = []", "panels = \"users\"");
    let dir = folder(&[("00-intro.toml", &bad)]);
    assert_eq!(
        problems(dir.path()),
        [
            "00-intro.toml:3:9: `title` is empty",
            "00-intro.toml:5:10: `panels` must be an array, found a string",
        ]
    );
}

#[test]
fn unknown_panel_kind_and_step_rules() {
    let bad = GOOD_LESSON
        .replace("panels = []", "panels = [\"users\", \"userz\"]")
        .replace("kind = \"welcome\"", "kind = \"step\"\nstep = 7");
    let dir = folder(&[("00-intro.toml", &bad)]);
    assert_eq!(
        problems(dir.path()),
        [
            "00-intro.toml:5:8: step must be 1 to 4, found 7",
            "00-intro.toml:6:20: unknown panel `userz`: did you mean `users`?",
        ]
    );
}

#[test]
fn bad_format_version() {
    let bad = GOOD_LESSON.replace("format_version = 1", "format_version = 2");
    let dir = folder(&[("00-intro.toml", &bad)]);
    assert_eq!(
        problems(dir.path()),
        ["00-intro.toml:1:18: unsupported format_version 2: this program reads format_version = 1"]
    );
}

#[test]
fn markup_mistakes_are_located_inside_the_body() {
    let bad = GOOD_LESSON.replace("Hello **there**.", "Hello.\n\nA `code span that never ends.\n\n# Title");
    let dir = folder(&[("00-intro.toml", &bad)]);
    assert_eq!(
        problems(dir.path()),
        [
            "00-intro.toml:9:3: unclosed backtick (code): add the closing `",
            "00-intro.toml:11:1: only `## ` headings are supported (write `## Title`)",
        ]
    );
}

#[test]
fn duplicate_ids_across_files_name_the_first_use() {
    let dir = folder(&[("00-intro.toml", GOOD_LESSON), ("01-again.toml", GOOD_LESSON)]);
    assert_eq!(
        problems(dir.path()),
        [format!(
            "01-again.toml:2:6: duplicate id `intro`: already used at {}/00-intro.toml:2:6",
            dir.path().display()
        )]
    );
}

#[test]
fn answer_naming_no_option_and_duplicate_options() {
    let quiz = good_quiz().replacen("answer = \"A\"", "answer = \"E\"", 1).replacen(
        "text = \"Two\"",
        "text = \"one\"",
        1,
    );
    let dir = folder(&[("00-intro.toml", GOOD_LESSON), ("quiz.toml", &quiz)]);
    assert_eq!(
        problems(dir.path()),
        [
            "quiz.toml:10:10: answer `E` names no option: this question has options A to B",
            "quiz.toml:20:8: duplicate option: same text as option A",
        ]
    );
}

#[test]
fn quiz_too_short_for_its_difficulty_mix() {
    let dir = folder(&[("00-intro.toml", GOOD_LESSON), ("quiz.toml", &quiz_with(3, 4, 2))]);
    let found = problems(dir.path());
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("quiz.toml:1:1: the quiz is too short for its difficulty mix"), "{found:?}");
    assert!(found[0].ends_with("has 9 (3 easy, 4 medium, 2 hard)"), "{found:?}");
}

#[test]
fn every_problem_in_every_file_is_reported_in_one_run() {
    let lesson = GOOD_LESSON
        .replace("kind = \"welcome\"", "kind = \"welcom\"")
        .replace("panels = []", "panels = []\ncolour = 1");
    let quiz = good_quiz().replacen("hint = \"The first.\"", "hint = 3", 1);
    let dir = folder(&[("00-intro.toml", &lesson), ("01-broken.toml", "id = = 3\n"), ("quiz.toml", &quiz)]);
    let found = problems(dir.path());
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found[0].starts_with("00-intro.toml:4:8: unknown kind `welcom`"));
    assert!(found[1].starts_with("00-intro.toml:6:1: unknown field `colour`"));
    assert!(found[2].starts_with("01-broken.toml:1:6: TOML syntax error"));
    assert_eq!(found[3], "quiz.toml:11:8: `hint` must be a string, found an integer");
}

#[test]
fn missing_quiz_and_empty_or_missing_folders() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("00-intro.toml"), GOOD_LESSON).unwrap();
    assert_eq!(problems(dir.path()), ["quiz.toml: missing: a lesson folder needs a quiz.toml"]);

    let empty = tempfile::tempdir().unwrap();
    let found = lessons::load_dir(empty.path()).unwrap_err();
    assert!(found[0].to_string().ends_with(": no lesson files (*.toml) in this folder"), "{found:?}");

    let missing = lessons::load_dir(&empty.path().join("nope")).unwrap_err();
    assert_eq!(missing.len(), 1);
    assert!(missing[0].position.is_none());
    assert!(missing[0].message.starts_with("cannot read the lesson folder"));
}

#[test]
fn a_screen_over_the_word_limit_is_refused_at_its_body() {
    let words = |n: usize| vec!["word"; n].join(" ");
    let at_limit = GOOD_LESSON.replace("Hello **there**.", &words(lessons::MAX_SCREEN_WORDS));
    let dir = folder(&[("00-intro.toml", &at_limit)]);
    assert!(lessons::load_dir(dir.path()).is_ok(), "exactly at the limit is fine");

    // Notes and corrections count too: one more word in a note tips it over.
    let over = format!("{at_limit}notes = [\"one\"]\n");
    let dir = folder(&[("00-intro.toml", &over)]);
    assert_eq!(
        problems(dir.path()),
        [format!(
            "00-intro.toml:6:8: this screen has {} words of prose (body, notes and corrections); the limit is {}: \
             split the screen or cut text",
            lessons::MAX_SCREEN_WORDS + 1,
            lessons::MAX_SCREEN_WORDS
        )]
    );
}

#[test]
fn a_quiz_where_the_longest_option_is_usually_right_is_refused() {
    // Make the right option (A) strictly the longest in `n` of the 10 questions.
    let quiz_with_longest = |n: usize| {
        let mut quiz = good_quiz();
        for _ in 0..n {
            quiz = quiz.replacen("text = \"One\"", "text = \"The longest\"", 1);
        }
        quiz
    };
    let dir = folder(&[("00-intro.toml", GOOD_LESSON), ("quiz.toml", &quiz_with_longest(3))]);
    let course = lessons::load_dir(dir.path()).expect("3 of 10 is within a third");
    assert_eq!(course.longest_answer_count(), 3);

    let dir = folder(&[("00-intro.toml", GOOD_LESSON), ("quiz.toml", &quiz_with_longest(4))]);
    assert_eq!(
        problems(dir.path()),
        ["quiz.toml:1:1: the right answer is the longest option in 4 of 10 questions (at most 1/3 allowed, \
          or picking the longest option beats knowing): easy-0, easy-1, easy-2, medium-0"]
    );
}

#[test]
fn a_correction_must_name_a_heading_of_its_lesson() {
    let lesson = GOOD_LESSON.replace("Hello **there**.", "## Storage\n\nKeep it safe.")
        + "\n[[corrections]]\nafter = \"Storrage\"\nseed_says = \"a\"\nproblem = \"b\"\ninstead = \"c\"\n";
    let dir = folder(&[("00-intro.toml", &lesson)]);
    assert_eq!(
        problems(dir.path()),
        [
            "00-intro.toml:13:9: `after` names no `## ` heading of this lesson's body: `Storrage` (headings: `Storage`)"
        ]
    );
    let fixed = lesson.replace("Storrage", "Storage");
    let dir = folder(&[("00-intro.toml", &fixed)]);
    let course = lessons::load_dir(dir.path()).unwrap();
    let parts = course.lessons[0].parts();
    assert!(matches!(parts.last(), Some(lessons::LessonPart::Correction(c)) if c.seed_says == "a"));
}

#[test]
fn teacher_notes_load_with_their_markup_and_broken_ones_point_at_the_spot() {
    let with_notes = format!("{GOOD_LESSON}teacher_notes = [\"Ask the room about **exp**.\"]\n");
    let dir = folder(&[("00-intro.toml", &with_notes)]);
    let course = lessons::load_dir(dir.path()).unwrap();
    assert_eq!(course.lessons[0].teacher_notes.len(), 1);
    let not_a_list = format!("{GOOD_LESSON}teacher_notes = \"Ask.\"\n");
    let dir = folder(&[("00-intro.toml", &not_a_list)]);
    let found = problems(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("00-intro.toml:9:17: `teacher_notes` must be an array"), "{found:?}");
    let unclosed = format!("{GOOD_LESSON}teacher_notes = [\"Ask about **exp.\"]\n");
    let dir = folder(&[("00-intro.toml", &unclosed)]);
    let found = problems(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("00-intro.toml:9:"), "{found:?}");
}

/// `question`'s text as a `[[checkpoints]]` entry of a lesson.
fn checkpoint(id: &str) -> String {
    question(id, "easy")
        .replace("[[questions]]", "[[checkpoints]]")
        .replace("[[questions.options]]", "[[checkpoints.options]]")
}

#[test]
fn checkpoints_load_in_the_quiz_format_and_end_the_screen() {
    let lesson = format!("{GOOD_LESSON}{}", checkpoint("intro-check"));
    let dir = folder(&[("00-intro.toml", &lesson)]);
    let course = lessons::load_dir(dir.path()).unwrap();
    let checkpoints = &course.lessons[0].checkpoints;
    assert_eq!(checkpoints.len(), 1);
    assert_eq!(
        (checkpoints[0].id.as_str(), checkpoints[0].answer, checkpoints[0].options.len()),
        ("intro-check", 0, 2)
    );
}

#[test]
fn too_many_checkpoints_too_many_options_and_a_reused_id_are_refused() {
    let three = format!("{GOOD_LESSON}{}{}{}", checkpoint("c-1"), checkpoint("c-2"), checkpoint("c-3"));
    let found = problems(folder(&[("00-intro.toml", &three)]).path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .starts_with("00-intro.toml:10:1: a screen ends with at most 2 checkpoint questions, found 3"),
        "{found:?}"
    );

    let five_options = checkpoint("c-1").replace(
        "[[checkpoints.options]]\ntext = \"Two\"",
        "[[checkpoints.options]]\ntext = \"Two\"\nwhy = \"No.\"\n\n[[checkpoints.options]]\ntext = \"Three\"\nwhy = \"No.\"\n\n\
         [[checkpoints.options]]\ntext = \"Four\"\nwhy = \"No.\"\n\n[[checkpoints.options]]\ntext = \"Five\"",
    );
    let lesson = format!("{GOOD_LESSON}{five_options}");
    let found = problems(folder(&[("00-intro.toml", &lesson)]).path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("a checkpoint has at most 4 options (answered with A-D or 1-4), found 5"),
        "{found:?}"
    );

    // Checkpoint ids share the namespace of lessons and questions: progress is keyed by them.
    let lesson = format!("{GOOD_LESSON}{}", checkpoint("easy-0"));
    let found = problems(folder(&[("00-intro.toml", &lesson)]).path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("quiz.toml:") && found[0].contains("duplicate id `easy-0`"), "{found:?}");
}

#[test]
fn a_checkpoint_is_checked_like_a_quiz_question() {
    let lesson = format!("{GOOD_LESSON}{}", checkpoint("c-1").replace("answer = \"A\"", "answer = \"C\""));
    let found = problems(folder(&[("00-intro.toml", &lesson)]).path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with("answer `C` names no option: this question has options A to B"), "{found:?}");
}
