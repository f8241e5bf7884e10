//! Changing answers the way an interviewer does: pick, type, skip, mark, flag.
//! Each function keeps the answer's state consistent with its value.

use crate::guide::{Kind, Question};

use super::{Answer, AnswerState, Said, Session, Value};

impl Session {
    /// Picks an option: single choice replaces, multiple choice toggles ("none of these" clears
    /// the others and back). Returns whether the option is now picked.
    pub fn pick(&mut self, question: &Question, option: &str) -> bool {
        let Some(opt) = question.option(option) else {
            return false;
        };
        let answer = self.answer_mut(&question.id);
        let (mut selected, other) = match answer.value.take() {
            Some(Value::Choice { selected, other }) => (selected, other),
            _ => (Vec::new(), None),
        };
        let picked = if question.kind == Kind::Multiple {
            if let Some(i) = selected.iter().position(|s| s == option) {
                selected.remove(i);
                false
            } else {
                if opt.exclusive {
                    selected.clear();
                } else {
                    selected.retain(|id| question.option(id).is_none_or(|o| !o.exclusive));
                }
                selected.push(option.to_string());
                // Keep guide order, so files and exports read the same way every time.
                selected.sort_by_key(|id| question.options.iter().position(|o| o.id == *id));
                true
            }
        } else {
            selected = vec![option.to_string()];
            true
        };
        answer.value = Some(Value::Choice { selected, other });
        answer.refresh_state();
        picked
    }

    /// The free text of an "Other: ..." option.
    pub fn set_other(&mut self, question: &str, text: &str) {
        let answer = self.answer_mut(question);
        let text = (!text.is_empty()).then(|| text.to_string());
        match &mut answer.value {
            Some(Value::Choice { other, .. }) => *other = text,
            value => {
                *value = Some(Value::Choice {
                    selected: Vec::new(),
                    other: text,
                });
            }
        }
        answer.refresh_state();
    }

    /// Sets a number question from what was typed: empty clears it; text that is not a number,
    /// or a number out of the question's range, is refused with the reason, and the question
    /// then holds no number (not the last one that was valid on the way).
    pub fn type_number(&mut self, question: &Question, typed: &str) -> Result<(), String> {
        let result = if typed.trim().is_empty() {
            Ok(None)
        } else {
            match parse_number(typed) {
                None => Err(format!(
                    "“{}” is not a number",
                    crate::text::line(typed.trim())
                )),
                Some(n)
                    if question.min.is_some_and(|m| n < m)
                        || question.max.is_some_and(|m| n > m) =>
                {
                    Err(range_message(question))
                }
                Some(n) => Ok(Some(n)),
            }
        };
        self.set_number(&question.id, result.clone().unwrap_or(None));
        result.map(|_| ())
    }

    pub fn set_number(&mut self, question: &str, value: Option<f64>) {
        let answer = self.answer_mut(question);
        answer.value = value.map(Value::Number);
        answer.refresh_state();
    }

    pub fn set_text(&mut self, question: &str, text: &str) {
        let answer = self.answer_mut(question);
        answer.value = (!text.is_empty()).then(|| Value::Text(text.to_string()));
        answer.refresh_state();
    }

    /// Marks the question skipped or not applicable, which clears its value (a skipped question
    /// has no answer); doing it again takes the mark back. Returns the value that was cleared.
    pub fn toggle_state(&mut self, question: &str, mark: AnswerState) -> Option<Value> {
        let answer = self.answer_mut(question);
        if answer.state == mark {
            answer.state = AnswerState::NotAsked;
            answer.refresh_state();
            None
        } else {
            answer.state = mark;
            answer.value.take()
        }
    }

    /// Clears the value and any skip / N/A mark; notes, quotes and the flag stay.
    pub fn clear_answer(&mut self, question: &str) {
        let answer = self.answer_mut(question);
        answer.value = None;
        answer.state = AnswerState::NotAsked;
    }

    pub fn toggle_follow_up(&mut self, question: &str) -> bool {
        let answer = self.answer_mut(question);
        answer.follow_up = !answer.follow_up;
        answer.follow_up
    }

    /// Adds a verbatim quote, unless it is blank or already there.
    pub fn add_quote(&mut self, question: &str, quote: &str) -> bool {
        let quote = quote.trim();
        let answer = self.answer_mut(question);
        if quote.is_empty() || answer.quotes.iter().any(|q| q == quote) {
            return false;
        }
        answer.quotes.push(quote.to_string());
        true
    }

    /// Quotes a transcript line: the quote, with who said it and when (`at`, interview clock).
    /// False when the line is blank or already quoted.
    pub fn quote_line(
        &mut self,
        question: &str,
        text: &str,
        at: f64,
        speaker: Option<&str>,
    ) -> bool {
        if !self.add_quote(question, text) {
            return false;
        }
        let quote = text.trim().to_string();
        let speaker = speaker.map(str::to_string);
        self.answer_mut(question)
            .said
            .push(Said { quote, at, speaker });
        true
    }

    pub fn set_notes(&mut self, question: &str, notes: &str) {
        self.answer_mut(question).notes = notes.to_string();
    }
}

impl Answer {
    /// Keeps the state and the value in agreement: a value that says something makes the
    /// question answered (even one marked skipped or N/A before); without one, a skip or N/A
    /// mark stays and anything else is not asked. An empty value is no value.
    fn refresh_state(&mut self) {
        let meaningful = match &self.value {
            Some(Value::Choice { selected, other }) => {
                !selected.is_empty() || other.as_deref().is_some_and(|o| !o.trim().is_empty())
            }
            Some(Value::Text(t)) => !t.is_empty(),
            Some(Value::Number(_)) => true,
            None => false,
        };
        if meaningful {
            self.state = AnswerState::Answered;
            return;
        }
        self.value = None;
        if self.state == AnswerState::Answered {
            self.state = AnswerState::NotAsked;
        }
    }
}

/// What a number question accepts, as a request: "between 0 and 100%, please".
fn range_message(q: &Question) -> String {
    let unit = |n: f64| super::format_number(n, &q.unit);
    match (q.min, q.max) {
        (Some(a), Some(b)) => format!("between {} and {}, please", unit(a), unit(b)),
        (Some(a), None) => format!("at least {}, please", unit(a)),
        (None, Some(b)) => format!("at most {}, please", unit(b)),
        (None, None) => String::new(),
    }
}

/// Reads what an interviewer types into a number field: `35`, `35%`, `1,200`, `0.5`, `0,5`.
pub fn parse_number(text: &str) -> Option<f64> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect();
    let t = t.strip_suffix('%').unwrap_or(&t);
    let t = match (t.matches(',').count(), t.contains('.')) {
        // One comma, no point, not followed by exactly three digits: a decimal comma.
        (1, false) if t.split(',').nth(1).is_some_and(|d| d.len() != 3) => t.replace(',', "."),
        _ => t.replace(',', ""),
    };
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::{builtin, AnswerSource as _};

    fn fresh() -> (crate::guide::Guide, Session) {
        let guide = builtin().expect("guide");
        let meta = super::super::Meta::new("T");
        let s = Session::new(&guide, meta);
        (guide, s)
    }

    fn selected(s: &Session, q: &str) -> Vec<String> {
        match s.answer(q).and_then(|a| a.value.clone()) {
            Some(Value::Choice { selected, .. }) => selected,
            _ => vec![],
        }
    }

    #[test]
    fn multiple_choice_toggles_in_guide_order_and_none_is_exclusive() {
        let (guide, mut s) = fresh();
        let q = guide.question("workloads.it").expect("q");
        assert!(s.pick(q, "test-dev"));
        assert!(s.pick(q, "file-print"));
        assert_eq!(selected(&s, "workloads.it"), ["file-print", "test-dev"]);
        assert_eq!(
            s.answer("workloads.it").map(|a| a.state),
            Some(AnswerState::Answered)
        );
        assert!(s.pick(q, "none"));
        assert_eq!(selected(&s, "workloads.it"), ["none"]);
        assert!(s.pick(q, "web"));
        assert_eq!(selected(&s, "workloads.it"), ["web"]);
        assert!(!s.pick(q, "web"));
        assert_eq!(
            s.answer("workloads.it").map(|a| a.state),
            Some(AnswerState::NotAsked)
        );
    }

    #[test]
    fn single_choice_replaces_and_keeps_other_text() {
        let (guide, mut s) = fresh();
        let q = guide.question("org.industry").expect("q");
        s.pick(q, "other");
        s.set_other("org.industry", "Shipping");
        s.pick(q, "retail");
        assert_eq!(selected(&s, "org.industry"), ["retail"]);
        assert!(matches!(
            s.answer("org.industry").and_then(|a| a.value.clone()),
            Some(Value::Choice { other: Some(o), .. }) if o == "Shipping"
        ));
    }

    #[test]
    fn skipping_clears_the_value_and_a_value_ends_the_skip() {
        let (_, mut s) = fresh();
        s.set_text("wrapup.advice", "Plan storage.");
        let cleared = s.toggle_state("wrapup.advice", AnswerState::Skipped);
        assert_eq!(cleared, Some(Value::Text("Plan storage.".into())));
        let a = s.answer("wrapup.advice").expect("answer");
        assert_eq!((a.state, a.value.clone()), (AnswerState::Skipped, None));
        s.toggle_state("wrapup.advice", AnswerState::Skipped);
        assert_eq!(
            s.answer("wrapup.advice").map(|a| a.state),
            Some(AnswerState::NotAsked)
        );
        s.toggle_state("wrapup.advice", AnswerState::NotApplicable);
        s.set_text("wrapup.advice", "Plan storage early.");
        assert_eq!(
            s.answer("wrapup.advice").map(|a| a.state),
            Some(AnswerState::Answered)
        );
    }

    /// Every way an interviewer changes an answer, in every order: the state and the value agree
    /// after each step (answered exactly when there is a value).
    #[test]
    fn state_and_value_never_disagree_over_every_transition() {
        let (guide, _) = fresh();
        let q = guide.question("org.industry").expect("single choice");
        type Step = fn(&mut Session, &crate::guide::Question);
        let steps: [(&str, Step); 8] = [
            ("pick", |s, q| {
                s.pick(q, &q.options[0].id);
            }),
            ("pick other", |s, q| {
                s.pick(q, "other");
            }),
            ("other text", |s, q| s.set_other(&q.id, "Shipping")),
            ("clear other text", |s, q| s.set_other(&q.id, "")),
            ("skip", |s, q| {
                s.toggle_state(&q.id, AnswerState::Skipped);
            }),
            ("n/a", |s, q| {
                s.toggle_state(&q.id, AnswerState::NotApplicable);
            }),
            ("clear", |s, q| s.clear_answer(&q.id)),
            ("notes", |s, q| s.set_notes(&q.id, "a note")),
        ];
        for a in &steps {
            for b in &steps {
                for c in &steps {
                    let mut s = fresh().1;
                    for (name, step) in [a, b, c] {
                        step(&mut s, q);
                        let answer = s.answer(&q.id).cloned().unwrap_or_default();
                        let answered = answer.state == AnswerState::Answered;
                        assert_eq!(
                            answered,
                            answer.value.is_some(),
                            "after {} → {} → {} (at {name}): {answer:?}",
                            a.0,
                            b.0,
                            c.0
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_quoted_line_keeps_its_speaker_and_time() {
        let (_, mut s) = fresh();
        assert!(s.quote_line("q", " We moved Exchange. ", 751.5, Some("Dana")));
        assert!(!s.quote_line("q", "We moved Exchange.", 751.5, Some("Dana")));
        let answer = s.answer("q").expect("answer");
        assert_eq!(answer.quotes, ["We moved Exchange."]);
        let said = answer.said_of("We moved Exchange.").expect("said");
        assert_eq!((said.at, said.speaker.as_deref()), (751.5, Some("Dana")));
    }

    #[test]
    fn quotes_are_trimmed_and_not_doubled() {
        let (_, mut s) = fresh();
        assert!(s.add_quote("q", "  We never looked back. "));
        assert!(!s.add_quote("q", "We never looked back."));
        assert!(!s.add_quote("q", "   "));
        assert_eq!(
            s.answer("q").map(|a| a.quotes.clone()),
            Some(vec!["We never looked back.".to_string()])
        );
    }

    #[test]
    fn a_typed_number_is_checked_against_its_range() {
        let (guide, mut s) = fresh();
        let q = guide.question("start.share").expect("a percentage");
        assert_eq!(s.type_number(q, "35 %"), Ok(()));
        assert_eq!(s.number("start.share"), Some(35.0));
        assert_eq!(
            s.type_number(q, "350"),
            Err("between 0% and 100%, please".to_string())
        );
        assert_eq!(
            s.number("start.share"),
            None,
            "no stale 35 behind a refusal"
        );
        assert_eq!(
            s.type_number(q, "lots"),
            Err("“lots” is not a number".to_string())
        );
        assert_eq!(s.type_number(q, " "), Ok(()));
        assert_eq!(s.answer("start.share").and_then(|a| a.value.clone()), None);
    }

    #[test]
    fn numbers_read_the_way_people_type_them() {
        assert_eq!(parse_number("35"), Some(35.0));
        assert_eq!(parse_number(" 35 % "), Some(35.0));
        assert_eq!(parse_number("1,200"), Some(1200.0));
        assert_eq!(parse_number("0.5"), Some(0.5));
        assert_eq!(parse_number("0,5"), Some(0.5));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("NaN"), None);
    }
}
