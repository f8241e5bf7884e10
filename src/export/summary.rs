//! What a session summary says, built once from the session, its guide and its assessment: the
//! Markdown and HTML exports each render this one model, so the two formats cannot drift. The
//! model holds the user's text as it was typed; each format escapes it its own way.

use super::words::quote_marks;
use super::{answer_cell_of, Heard, Item};
use crate::assess::{HighlightReading, MilestoneReading, ObstacleReading, Reason};
use crate::guide::Guide;
use crate::session::{Said, Timestamp};

/// One session, as its summary tells it, in order: who and when, the stage, the drivers, the
/// inflection points, the obstacles, the highlights, the answers, the quotes and the follow-ups.
pub struct SessionSummary<'a> {
    pub id: &'a str,
    pub customer: &'a str,
    pub participant: &'a str,
    pub role: &'a str,
    pub interviewer: &'a str,
    pub started: Timestamp,
    pub finished: Option<Timestamp>,
    /// `h:mm:ss` of interview time.
    pub interview_time: String,
    pub consent: bool,
    /// The id and version of the guide the session was taken with.
    pub guide: [&'a str; 2],
    pub stage: StageView<'a>,
    pub drivers: Vec<DriverView<'a>>,
    pub milestones: &'a [MilestoneReading],
    pub obstacles: &'a [ObstacleReading],
    /// The highlights with at least one item.
    pub highlights: Vec<&'a HighlightReading>,
    /// The sections with recorded answers, in the guide's order.
    pub sections: Vec<SectionView<'a>>,
    /// Every quote, with the text of the question it was said on.
    pub quotes: Vec<(Quote<'a>, &'a str)>,
    pub follow_ups: Vec<FollowUp<'a>>,
    /// The transcripts' lines, grouped under the question on screen while they were said (in
    /// the order said), the lines on no question last; empty unless the export reads them.
    pub transcript: Vec<TranscriptPart<'a>>,
}

/// Lines of a transcript said one after another while one question was on screen.
pub struct TranscriptPart<'a> {
    /// The question's text; none for the lines said on no question.
    pub question: Option<&'a str>,
    pub lines: Vec<LineView<'a>>,
}

/// A transcript line: when (`mm:ss` of interview time), who, and what.
pub struct LineView<'a> {
    pub at: String,
    pub speaker: Option<&'a str>,
    pub text: &'a str,
}

/// Where the session sits on the guide's stages, and why.
pub struct StageView<'a> {
    /// "IT Production", or "between … and …", or "no evidence yet".
    pub label: String,
    pub position: Option<f64>,
    /// The band the evidence allows.
    pub range: Option<[f64; 2]>,
    /// The guide's stage names, in order: the scale the position is on.
    pub scale: Vec<&'a str>,
    /// "strong", "moderate", … and the number of answers behind it.
    pub evidence: &'static str,
    pub answers: usize,
    /// The band in words ("band 1.65–3.00 …"), when there is one.
    pub band: Option<String>,
    pub disagreements: Vec<&'a str>,
    pub reasons: &'a [Reason],
}

/// One driver: its level, how far the answers spread, and why.
pub struct DriverView<'a> {
    pub name: &'a str,
    /// The level's name; none without evidence.
    pub level: Option<&'a str>,
    pub spread: Option<String>,
    /// The level as a share of the highest (0 without evidence).
    pub ratio: f64,
    pub reasons: &'a [Reason],
}

/// A section's recorded answers.
pub struct SectionView<'a> {
    pub title: &'a str,
    pub answers: Vec<AnswerView<'a>>,
}

/// One recorded answer, with what was written beside it.
pub struct AnswerView<'a> {
    pub question: &'a str,
    pub follow_up: bool,
    /// The answer as text; empty when there is none.
    pub value: String,
    pub notes: &'a str,
    pub quotes: Vec<Quote<'a>>,
    pub coded: Vec<CodedView<'a>>,
}

/// Words said by the customer, with the quotation marks to put around them (none when the
/// researcher typed them already), and who said them when, for a quote taken from a transcript.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quote<'a> {
    pub text: &'a str,
    pub open: &'static str,
    pub close: &'static str,
    pub said: Option<&'a Said>,
}

impl<'a> Quote<'a> {
    pub fn new(text: &'a str) -> Quote<'a> {
        let (open, close) = quote_marks(text);
        Quote {
            text,
            open,
            close,
            said: None,
        }
    }

    /// A quote taken from a transcript line, said by whom and when.
    pub fn said(text: &'a str, said: Option<&'a Said>) -> Quote<'a> {
        Quote {
            said,
            ..Quote::new(text)
        }
    }

    /// "Dana Whitfield, 12:31", when the quote was taken from a transcript line.
    pub fn by(&self) -> Option<String> {
        self.said.map(super::said_words)
    }
}

/// A coded line of notes: its codes and its text.
pub struct CodedView<'a> {
    pub codes: Vec<CodeName<'a>>,
    pub text: Quote<'a>,
}

/// A code by its name in the guide (its id when the guide no longer has it).
pub struct CodeName<'a> {
    pub name: &'a str,
    /// The code's colour, only when it is a well-formed `#RRGGBB`.
    pub colour: Option<&'a str>,
}

/// A question flagged for follow-up, with the first line of its notes.
pub struct FollowUp<'a> {
    pub label: &'a str,
    pub first_note: Option<&'a str>,
}

impl<'a> SessionSummary<'a> {
    /// The summary of one exported session.
    pub fn new(guide: &'a Guide, item: &'a Item) -> SessionSummary<'a> {
        let (s, a) = (&item.session, &item.assessment);
        let m = &s.meta;
        SessionSummary {
            id: &s.id,
            customer: &m.customer,
            participant: &m.participant,
            role: &m.role,
            interviewer: &m.interviewer,
            started: m.started,
            finished: m.finished,
            interview_time: crate::session::clock(s.elapsed_seconds),
            consent: m.consent,
            guide: [&s.guide.id, &s.guide.version],
            stage: StageView::new(guide, a),
            drivers: a
                .drivers
                .iter()
                .map(|d| DriverView {
                    name: &d.name,
                    level: d.level_name.as_deref(),
                    spread: d.spread_words(guide),
                    ratio: d.ratio().unwrap_or(0.0),
                    reasons: &d.reasons,
                })
                .collect(),
            milestones: &a.milestones,
            obstacles: &a.obstacles,
            highlights: a
                .highlights
                .iter()
                .filter(|h| !h.items.is_empty())
                .collect(),
            sections: sections(guide, item),
            quotes: s
                .quotes(guide)
                .into_iter()
                .map(|(quote, q)| {
                    let said = s.answer(&q.id).and_then(|a| a.said_of(quote));
                    (Quote::said(quote, said), q.text.as_str())
                })
                .collect(),
            follow_ups: follow_ups(guide, item),
            transcript: transcript(guide, &item.transcripts),
        }
    }
}

impl<'a> StageView<'a> {
    fn new(guide: &'a Guide, a: &'a crate::assess::Assessment) -> StageView<'a> {
        StageView {
            label: a.stage_label(guide),
            position: a.position,
            range: a.range,
            scale: guide.stages.iter().map(|s| s.name.as_str()).collect(),
            evidence: a.strength.label.label(),
            answers: a.strength.answers,
            band: a.band_words(guide),
            disagreements: a.disagreements.iter().map(|d| d.message.as_str()).collect(),
            reasons: &a.reasons,
        }
    }
}

fn sections<'a>(guide: &'a Guide, item: &'a Item) -> Vec<SectionView<'a>> {
    let s = &item.session;
    s.recorded(guide)
        .into_iter()
        .map(|(section, recorded)| SectionView {
            title: &section.title,
            answers: recorded
                .into_iter()
                .map(|(q, ans)| AnswerView {
                    question: &q.text,
                    follow_up: ans.follow_up,
                    value: answer_cell_of(q, Some(ans)).into_owned(),
                    notes: &ans.notes,
                    quotes: ans
                        .quotes
                        .iter()
                        .map(|t| Quote::said(t, ans.said_of(t)))
                        .collect(),
                    coded: ans
                        .coded
                        .iter()
                        .map(|c| CodedView {
                            codes: c.codes.iter().map(|id| code_name(guide, id)).collect(),
                            text: Quote::new(&c.text),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

fn code_name<'a>(guide: &'a Guide, id: &'a str) -> CodeName<'a> {
    let code = guide.codes.iter().find(|c| c.id == id);
    CodeName {
        name: code.map_or(id, |c| c.name.as_str()),
        // Colours come from the guide: only #RRGGBB reaches a style.
        colour: code
            .map(|c| c.colour.as_str())
            .filter(|c| crate::guide::Code::is_colour(c)),
    }
}

fn follow_ups<'a>(guide: &'a Guide, item: &'a Item) -> Vec<FollowUp<'a>> {
    let s = &item.session;
    s.follow_ups(guide)
        .into_iter()
        .filter_map(|qid| {
            let (q, ans) = (guide.question(qid)?, s.answer(qid)?);
            Some(FollowUp {
                label: q.label(),
                first_note: ans.notes.lines().next(),
            })
        })
        .collect()
}

/// The lines of every transcript, in runs on one question; the lines on no question last.
fn transcript<'a>(guide: &'a Guide, heard: &'a [Heard]) -> Vec<TranscriptPart<'a>> {
    let mut parts: Vec<TranscriptPart<'a>> = Vec::new();
    let mut unplaced = Vec::new();
    for line in heard.iter().flat_map(|h| &h.lines) {
        let view = LineView {
            at: super::clock(line.start),
            speaker: line.speaker.as_deref(),
            text: &line.text,
        };
        let Some(id) = line.question.as_deref() else {
            unplaced.push(view);
            continue;
        };
        let question = Some(guide.question(id).map_or(id, |q| q.text.as_str()));
        match parts.last_mut() {
            Some(part) if part.question == question => part.lines.push(view),
            _ => parts.push(TranscriptPart {
                question,
                lines: vec![view],
            }),
        }
    }
    if !unplaced.is_empty() {
        parts.push(TranscriptPart {
            question: None,
            lines: unplaced,
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Placed;

    fn line(start: f64, question: Option<&str>) -> Placed {
        Placed {
            start,
            end: start + 1.0,
            speaker: Some("Marta".into()),
            text: format!("at {start}"),
            question: question.map(str::to_string),
        }
    }

    #[test]
    fn lines_run_under_each_visit_to_a_question_and_those_on_none_come_last() {
        let guide = crate::guide::builtin().expect("guide");
        let heard = [Heard {
            participant: None,
            interviewer: None,
            lines: vec![
                line(-3.0, None),
                line(1.0, Some("org.industry")),
                line(2.0, Some("org.industry")),
                line(65.0, Some("org.servers")),
                line(70.0, Some("org.industry")),
                line(3700.0, None),
            ],
        }];
        let parts = transcript(&guide, &heard);
        let shown: Vec<(Option<&str>, Vec<&str>)> = parts
            .iter()
            .map(|p| {
                let q = p.question.map(|q| &q[..14]);
                (q, p.lines.iter().map(|l| l.at.as_str()).collect())
            })
            .collect();
        assert_eq!(
            shown,
            [
                (Some("What industry "), vec!["00:01", "00:02"]),
                (Some("Roughly how ma"), vec!["01:05"]),
                (Some("What industry "), vec!["01:10"]),
                (None, vec!["-00:03", "1:01:40"]),
            ]
        );
    }
}
