//! The built-in lessons: they load, pass every check, and are byte-for-byte the files in `lessons/`.

use std::path::Path;

use jwt_session_tutor::lessons::{self, Block, Difficulty, Inline, LessonKind, LessonPart, PanelKind};

fn lessons_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/lessons"))
}

#[test]
fn builtin_lessons_and_quiz_pass_every_check() {
    let course = lessons::builtin().unwrap_or_else(|problems| {
        panic!(
            "built-in lessons have problems:\n{}",
            problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
        )
    });
    let ids: Vec<&str> = course.lessons.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "welcome",
            "concept",
            "concept-choosing",
            "step1-data",
            "step2-config",
            "step3-login",
            "step4-verify",
            "logout",
            "scaling-lab",
            "attack-lab",
            "summary"
        ]
    );
    let steps: Vec<Option<u8>> = course.lessons.iter().map(|l| l.step).collect();
    assert_eq!(steps, [None, None, None, Some(1), Some(2), Some(3), Some(4), None, None, None, None]);
    assert_eq!(course.lessons[8].kind, LessonKind::Lab);
    assert!(course.lessons[5].panels.contains(&PanelKind::LoginForm));
}

#[test]
fn every_screen_is_short_and_opens_with_its_key_idea() {
    let course = lessons::builtin().unwrap();
    for lesson in &course.lessons {
        let words = lesson.prose_words();
        println!("{:<18} {words} words", lesson.id);
        assert!(words <= lessons::MAX_SCREEN_WORDS, "{}: {words} words", lesson.id);
        match lesson.body.first() {
            Some(Block::Paragraph(inlines)) => {
                assert_eq!(inlines[0], Inline::Bold("Key idea:".to_string()), "{}", lesson.id);
                let idea = lessons::markup::inline_text(inlines);
                assert!(
                    idea.matches(". ").count() == 0 && idea.ends_with('.'),
                    "{}: one sentence: {idea}",
                    lesson.id
                );
            }
            other => panic!("{} opens with {other:?}, not a key idea", lesson.id),
        }
        if lesson.kind == LessonKind::Step {
            let first_heading = lesson.body.iter().find_map(|block| match block {
                Block::Heading(inlines) => Some(lessons::markup::inline_text(inlines)),
                _ => None,
            });
            assert_eq!(first_heading.as_deref(), Some("Try it"), "{}: Try it comes first", lesson.id);
        }
    }
}

#[test]
fn every_seed_correction_stands_next_to_the_section_it_corrects() {
    let course = lessons::builtin().unwrap();
    for lesson in &course.lessons {
        for correction in &lesson.corrections {
            assert!(correction.after.is_some(), "{}: `{}` is not anchored", lesson.id, correction.seed_says);
        }
        let placed = lesson.parts().iter().filter(|part| matches!(part, LessonPart::Correction(_))).count();
        assert_eq!(placed, lesson.corrections.len(), "{}", lesson.id);
    }
}

#[test]
fn screens_speak_next_js_not_the_engine_s_rust() {
    let course = lessons::builtin().unwrap();
    let printed = lessons::print::course_text(&course);
    for internal in ["src/auth", ".rs", "AuthConfig::", "SessionOptions::", "config.session"] {
        assert!(!printed.contains(internal), "lesson text mentions `{internal}`");
    }
}

#[test]
fn the_question_bank_is_big_balanced_and_not_guessable_by_length() {
    let course = lessons::builtin().unwrap();
    let quiz = &course.quiz;
    let count = |d| quiz.questions.iter().filter(|q| q.difficulty == d).count();
    assert!(quiz.questions.len() >= 45, "{}", quiz.questions.len());
    assert!(
        count(Difficulty::Easy) >= 12 && count(Difficulty::Medium) >= 18 && count(Difficulty::Hard) >= 12
    );
    for question in &quiz.questions {
        assert_eq!(question.options.len(), 4, "{}: four options", question.id);
        assert!(question.options.iter().all(|o| o.why.len() > 20), "{}: every option explained", question.id);
    }
    let longest = course.longest_answer_count();
    assert!(longest * 3 <= quiz.questions.len(), "longest option is right in {longest}");
    // Answer letters spread evenly: no letter is right more than a quarter plus one of the time.
    for letter in ['A', 'B', 'C', 'D'] {
        let times = quiz.questions.iter().filter(|q| q.answer_letter() == letter).count();
        assert!(times.abs_diff(quiz.questions.len() / 4) <= 1, "{letter} is right {times} times");
    }
}

#[test]
fn the_folder_on_disk_is_what_the_binary_embeds() {
    for (name, embedded) in lessons::BUILTIN_FILES {
        let on_disk = std::fs::read_to_string(lessons_dir().join(name)).unwrap();
        assert_eq!(&on_disk, embedded, "lessons/{name} differs from the embedded copy: rebuild");
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(lessons_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = lessons::BUILTIN_FILES.iter().map(|(n, _)| n.to_string()).collect();
    embedded.sort();
    assert_eq!(on_disk, embedded, "every lesson file must be embedded, and nothing else");
    assert_eq!(lessons::load_dir(lessons_dir()).unwrap(), relabel(lessons::builtin().unwrap()));
}

/// The same course with sources named as load_dir names them.
fn relabel(mut course: lessons::Course) -> lessons::Course {
    for lesson in &mut course.lessons {
        let name = lesson.source.trim_start_matches("lessons/").to_string();
        lesson.source = lessons_dir().join(name).display().to_string();
    }
    course
}

#[test]
fn the_concept_lesson_has_the_comparison_table_and_the_seed_corrections() {
    let course = lessons::builtin().unwrap();
    let concept = course.lesson("concept-choosing").unwrap();
    let table = concept.body.iter().find_map(|block| match block {
        Block::Code { language, source } if language == "text" => Some(source),
        _ => None,
    });
    let table = table.expect("a side-by-side table");
    for row in ["client holds", "server keeps", "logout", "many servers"] {
        assert!(table.contains(row), "comparison table lacks `{row}`");
    }
    assert!(table.lines().all(|line| line.chars().count() <= 78), "table too wide for 80 columns");
    assert!(concept.corrections.iter().any(|c| c.seed_says.contains("localStorage")));
}

#[test]
fn every_step_shows_app_router_code_with_the_safe_calls() {
    let course = lessons::builtin().unwrap();
    let code = |id: &str| course.lesson(id).unwrap().code.clone().unwrap().source;
    assert!(code("step1-data").contains("passwordHash"));
    assert!(code("step2-config").contains("process.env.JWT_SECRET"));
    assert!(!code("step2-config").contains("\nif (!JWT_SECRET"), "no top-level throw: it breaks next build");
    let login = code("step3-login");
    for needle in [
        "await request.json()",
        "await cookies()",
        "argon2.verify",
        "algorithm: 'HS256'",
        "expiresIn",
        "crypto.randomBytes(32).toString('base64url')",
        "export async function POST(request)",
        "refuseCrossSiteRequest(request)",
        "cookieStore.set(jwtCookieName, token",
    ] {
        assert!(login.contains(needle), "step 3 code lacks {needle}");
    }
    let verify = code("step4-verify");
    assert!(
        verify.contains("algorithms: ['HS256']")
            && verify.contains("status: 401")
            && verify.contains("catch")
    );
    let logout = code("logout");
    assert!(logout.contains("refuseCrossSiteRequest(request)") && logout.contains("maxAge: 0"));
    for lesson in &course.lessons {
        if let Some(code) = &lesson.code {
            assert!(!code.source.contains("req, res"), "{} uses the Pages Router signature", lesson.id);
            assert!(!code.source.contains("'mysecretkey'"), "{} hard-codes the seed secret", lesson.id);
        }
    }
}

#[test]
fn each_answer_key_points_at_the_option_explained_as_right() {
    // Catches the seed's kind of mistake (a quick check naming B when the answer is A).
    let course = lessons::builtin().unwrap();
    for question in &course.quiz.questions {
        for (index, option) in question.options.iter().enumerate() {
            let says_right = option.why.starts_with("Right");
            assert_eq!(
                says_right,
                index == question.answer,
                "{}: option {index} `why` disagrees with the answer",
                question.id
            );
        }
    }
    let first = &course.quiz.questions[0];
    assert_eq!(first.answer_letter(), 'A');
    assert!(first.solution_steps(first.answer_letter()).last().unwrap().ends_with("Quick check: A."));
}

#[test]
fn the_quick_check_names_the_letter_the_answer_is_shown_under_when_shuffled() {
    use jwt_session_tutor::quiz::{OptionOrder, QuizSession};
    let course = lessons::builtin().unwrap();
    let first = &course.quiz.questions[0];
    let moved = (0..64)
        .map(|seed| QuizSession::new(&course.quiz.questions[..1], OptionOrder::Shuffled { seed }))
        .find_map(|session| {
            let view = session.current().unwrap();
            let letter = view.options.iter().find(|option| option.is_answer).unwrap().letter;
            (letter != 'A').then_some(letter)
        })
        .expect("some seed moves the answer away from A");
    let quick_check = first.solution_steps(moved).last().unwrap().clone();
    assert!(quick_check.ends_with(&format!("Quick check: {moved}.")), "{quick_check}");
}

#[test]
fn the_quiz_covers_the_seed_questions_and_the_security_topics() {
    let course = lessons::builtin().unwrap();
    let ids: Vec<&str> = course.quiz.questions.iter().map(|q| q.id.as_str()).collect();
    for id in [
        "where-state-lives",
        "read-session-server",
        "expired-token-response",
        "missing-await",
        "log-out-everywhere",
        "alg-pinning",
        "clock-leeway",
        "logout-revocation",
        "session-fixation",
        "csrf-cookies",
        "token-storage",
        "argon2-parameters",
        "httponly-flag",
        "login-csrf-content-type",
        "login-csrf-attack",
        "generic-login-error",
        "enumeration-review",
        "serverless-sessions",
        "host-prefix",
        "status-401-vs-403",
        "admin-401-403",
        "refresh-rotation",
        "refresh-reuse",
    ] {
        assert!(ids.contains(&id), "quiz lacks `{id}`");
    }
    let q2 = course.quiz.questions.iter().find(|q| q.id == "read-session-server").unwrap();
    assert!(q2.options[q2.answer].text.contains("await auth()"));
}

#[test]
fn code_fits_an_80_column_terminal() {
    let course = lessons::builtin().unwrap();
    let lesson_code =
        course.lessons.iter().filter_map(|l| l.code.as_ref().map(|c| (l.id.as_str(), &c.source)));
    let quiz_code =
        course.quiz.questions.iter().filter_map(|q| q.code.as_ref().map(|c| (q.id.as_str(), &c.source)));
    for (id, source) in lesson_code.chain(quiz_code) {
        for line in source.lines() {
            assert!(line.chars().count() <= 78, "{id}: code line too wide for 80 columns: {line}");
        }
    }
}
