//! A JSON Schema (draft 2020-12) for lesson and quiz files, so a teacher's editor (e.g. with
//! Taplo / Even Better TOML) can complete field names and flag mistakes while typing.
//! `lessons check` remains the authority: it also checks markup, ids across files and the quiz mix.

use serde_json::{Value, json};

use super::markup::CODE_LANGUAGES;
use super::model::{Difficulty, LessonKind, PanelKind};
use super::validate::{FORMAT_VERSION, MAX_CHECKPOINTS, MAX_OPTIONS, MIN_OPTIONS};

fn text(description: &str) -> Value {
    json!({ "type": "string", "minLength": 1, "pattern": "\\S", "description": description })
}

fn text_list(description: &str, min_items: usize) -> Value {
    json!({ "type": "array", "minItems": min_items, "items": { "type": "string", "pattern": "\\S" }, "description": description })
}

/// The schema for both file kinds: a lesson file has `kind`, the quiz file has `questions`.
pub fn json_schema() -> Value {
    let kinds: Vec<&str> = LessonKind::ALL.iter().map(|kind| kind.name()).collect();
    let panels: Vec<&str> = PanelKind::ALL.iter().map(|panel| panel.name()).collect();
    let difficulties: Vec<&str> = Difficulty::ALL.iter().map(|difficulty| difficulty.name()).collect();
    let last_letter = (b'A' + MAX_OPTIONS as u8 - 1) as char;
    let id = json!({
        "type": "string",
        "pattern": "^[a-z0-9][a-z0-9-]*$",
        "description": "Stable id (lowercase letters, digits, -), unique across all files; saved progress is keyed by it."
    });
    let format_version = json!({
        "const": FORMAT_VERSION,
        "description": "File format version; must be the first line."
    });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://jwt-session-tutor.invalid/lessons.schema.json",
        "title": "jwt-session-tutor lesson or quiz file",
        "description": "One TOML file per screen (shown in file-name order) plus quiz.toml.",
        "oneOf": [ { "$ref": "#/$defs/lesson" }, { "$ref": "#/$defs/quiz" } ],
        "$defs": {
            "id": id,
            "code": {
                "type": "object",
                "additionalProperties": false,
                "required": ["language", "source"],
                "properties": {
                    "language": { "enum": CODE_LANGUAGES, "description": "Syntax used for highlighting." },
                    "path": text("Where the file lives in a Next.js project, e.g. app/api/auth/route.js."),
                    "source": text("The code itself.")
                }
            },
            "lesson": {
                "type": "object",
                "additionalProperties": false,
                "required": ["format_version", "id", "title", "kind", "panels", "body"],
                "properties": {
                    "format_version": format_version,
                    "id": { "$ref": "#/$defs/id" },
                    "title": text("Screen title."),
                    "kind": { "enum": kinds, "description": "What the screen is for." },
                    "step": { "type": "integer", "minimum": 1, "maximum": 4, "description": "Project step; only (and always) for kind = \"step\"." },
                    "panels": {
                        "type": "array",
                        "uniqueItems": true,
                        "items": { "enum": panels },
                        "description": "Live panels shown beside the text."
                    },
                    "body": text("Lesson text: paragraphs, `- ` bullets, `## ` headings, **bold**, `code`, fenced code blocks with a language tag."),
                    "notes": text_list("Important notes, one line each (**bold** and `code` allowed).", 0),
                    "teacher_notes": text_list("Speaker notes for whoever teaches this screen, shown with --presenter: one point each (**bold** and `code` allowed).", 0),
                    "code": { "$ref": "#/$defs/code" },
                    "corrections": {
                        "type": "array",
                        "description": "Where the seed material was wrong or outdated.",
                        "items": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["seed_says", "problem", "instead"],
                            "properties": {
                                "seed_says": text("What the seed said."),
                                "problem": text("Why that is wrong or outdated."),
                                "instead": text("What to do instead."),
                                "after": text("The text of the body's `## ` heading whose section this correction ends, so it stands next to what it corrects; without it, the correction comes after the body.")
                            }
                        }
                    },
                    "checkpoints": {
                        "type": "array",
                        "maxItems": MAX_CHECKPOINTS,
                        "description": "One or two questions in the quiz's format (at most 4 options each) that end the screen; answering them is part of finishing it.",
                        "items": { "$ref": "#/$defs/question" }
                    }
                },
                "if": { "properties": { "kind": { "const": "step" } } },
                "then": { "required": ["step"] },
                "else": { "not": { "required": ["step"] } }
            },
            "quiz": {
                "type": "object",
                "additionalProperties": false,
                "required": ["format_version", "id", "title", "questions"],
                "properties": {
                    "format_version": format_version,
                    "id": { "$ref": "#/$defs/id" },
                    "title": text("Quiz title."),
                    "teacher_notes": text_list("Speaker notes for whoever runs the quiz, shown with --presenter: one point each (**bold** and `code` allowed).", 0),
                    "questions": {
                        "type": "array",
                        "minItems": super::MIN_QUESTIONS,
                        "description": "At least 10 questions: at least 3 easy, 4 medium and 3 hard.",
                        "items": { "$ref": "#/$defs/question" }
                    }
                }
            },
            "question": {
                "type": "object",
                "additionalProperties": false,
                "required": ["id", "difficulty", "topic", "prompt", "options", "answer", "hint", "solution", "mistakes"],
                "properties": {
                    "id": { "$ref": "#/$defs/id" },
                    "difficulty": { "enum": difficulties },
                    "topic": text("Short topic label."),
                    "prompt": text("The question."),
                    "code": { "$ref": "#/$defs/code" },
                    "options": {
                        "type": "array",
                        "minItems": MIN_OPTIONS,
                        "maxItems": MAX_OPTIONS,
                        "items": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["text", "why"],
                            "properties": {
                                "text": text("The option as shown."),
                                "why": text("Why this option is right or wrong.")
                            }
                        }
                    },
                    "answer": { "type": "string", "pattern": format!("^[A-{last_letter}]$"), "description": "Letter of the right option in file order." },
                    "hint": text("Shown on request before answering."),
                    "solution": text_list("Solution steps.", 1),
                    "mistakes": text_list("Common mistakes.", 1)
                }
            }
        }
    })
}

/// Field names the schema declares for a definition (used to keep it in step with the validator).
pub fn declared_fields(definition: &str) -> Vec<String> {
    let schema = json_schema();
    let properties = match definition {
        "correction" => &schema["$defs"]["lesson"]["properties"]["corrections"]["items"]["properties"],
        "option" => &schema["$defs"]["question"]["properties"]["options"]["items"]["properties"],
        other => &schema["$defs"][other]["properties"],
    };
    properties.as_object().map(|fields| fields.keys().cloned().collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::validate::{
        CODE_KEYS, CORRECTION_KEYS, LESSON_KEYS, OPTION_KEYS, QUESTION_KEYS, QUIZ_KEYS,
    };
    use super::*;

    #[test]
    fn schema_fields_match_what_the_validator_accepts() {
        for (definition, keys) in [
            ("lesson", LESSON_KEYS),
            ("code", CODE_KEYS),
            ("correction", CORRECTION_KEYS),
            ("quiz", QUIZ_KEYS),
            ("question", QUESTION_KEYS),
            ("option", OPTION_KEYS),
        ] {
            let mut declared = declared_fields(definition);
            let mut accepted: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            declared.sort();
            accepted.sort();
            assert_eq!(declared, accepted, "schema and validator disagree on `{definition}`");
        }
    }
}
