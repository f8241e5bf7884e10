//! The transcript panel: what was said while a question was on screen, by time and speaker.
//! A line (or a selection) becomes a quote of its question, is coded, or takes the suggestion
//! it makes; the offset is nudged and the lines move between questions. Its changes go to the
//! screen under it as [`Edit`]s (the interview keeps them in the open session, the read-only
//! view saves them under the session's lock), and it reads the session back from `ctx.subject`.

use std::cell::RefCell;
use std::rc::Rc;

use ratatui::layout::Rect;
use ratatui::Frame;

use crate::guide::Guide;
use crate::session::Session;
use crate::transcript::view::{self, Loaded, View};
use crate::tui::action::{Action, Command};
use crate::tui::chrome::centered;
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::{key_for, Mode};
use crate::tui::nav::Edit;

/// What the view was computed from: the offsets and the answers (suggestions follow them).
type Stamp = (Vec<u64>, u64);

pub struct TranscriptPanel {
    loaded: Vec<Loaded>,
    /// Transcripts that could not be read, in words.
    errors: Vec<String>,
    /// The question whose lines are shown (flat index); `None`: the lines placed on none.
    question: Option<usize>,
    /// The question the panel was opened on: where a line placed on none is quoted.
    home: Option<usize>,
    cursor: usize,
    /// Where a selection of lines starts.
    anchor: Option<usize>,
    cache: RefCell<Option<(Stamp, Rc<View>)>>,
}

impl TranscriptPanel {
    /// Reads the session's transcripts; shows the lines of `question` (the interview's), else
    /// of the first question with lines.
    pub fn open(ctx: &Ctx, session: &Session, question: Option<usize>) -> TranscriptPanel {
        let (loaded, errors) = view::load_all(ctx.store, session);
        let mut panel = TranscriptPanel {
            loaded,
            errors,
            question,
            home: question,
            cursor: 0,
            anchor: None,
            cache: RefCell::new(None),
        };
        if question.is_none() {
            let view = panel.view(ctx.guide, session);
            panel.question = ctx
                .guide
                .questions()
                .position(|(_, q)| !view.on(&q.id).is_empty());
            if panel.question.is_none() && view.not_placed() == 0 {
                panel.question = Some(0);
            }
        }
        panel
    }

    /// The transcripts placed with the session's offsets now; computed again only when the
    /// offsets or the answers change.
    fn view(&self, guide: &Guide, session: &Session) -> Rc<View> {
        use std::hash::{Hash, Hasher};
        let mut hash = std::collections::hash_map::DefaultHasher::new();
        format!("{:?}", session.answers).hash(&mut hash);
        let offsets = session.transcripts.iter().map(|t| t.offset.to_bits());
        let stamp = (offsets.collect(), hash.finish());
        let mut cache = self.cache.borrow_mut();
        match &*cache {
            Some((s, v)) if *s == stamp => v.clone(),
            _ => {
                let v = Rc::new(View::new(guide, session, &self.loaded));
                *cache = Some((stamp, v.clone()));
                v
            }
        }
    }

    /// The question's id, or `None` for the lines placed on none.
    fn question_id<'g>(&self, guide: &'g Guide) -> Option<&'g str> {
        let i = self.question?;
        guide.questions().nth(i).map(|(_, q)| q.id.as_str())
    }

    /// The lines in view.
    fn lines<'v>(&self, guide: &Guide, view: &'v View) -> Vec<&'v view::Line> {
        match self.question_id(guide) {
            Some(id) => view.on(id),
            None => view
                .lines
                .iter()
                .filter(|l| l.placed.question.is_none())
                .collect(),
        }
    }

    /// The lines selected: the selection, else the line under the cursor.
    fn selected(&self, count: usize) -> std::ops::RangeInclusive<usize> {
        let cursor = self.cursor.min(count.saturating_sub(1));
        let anchor = self.anchor.unwrap_or(cursor).min(count.saturating_sub(1));
        anchor.min(cursor)..=anchor.max(cursor)
    }

    /// ←→: the previous or next question with lines, then the lines placed on none.
    fn step_question(&mut self, guide: &Guide, view: &View, forward: bool) {
        let mut stops: Vec<Option<usize>> = guide
            .questions()
            .enumerate()
            .filter(|(_, (_, q))| !view.on(&q.id).is_empty())
            .map(|(i, _)| Some(i))
            .collect();
        if view.not_placed() > 0 {
            stops.push(None);
        }
        let key = |q: &Option<usize>| q.map_or(usize::MAX, |i| i);
        let here = key(&self.question);
        let next = if forward {
            stops.iter().find(|q| key(q) > here)
        } else {
            stops.iter().rev().find(|q| key(q) < here)
        };
        if let Some(q) = next {
            self.question = *q;
            self.cursor = 0;
            self.anchor = None;
        }
    }

    /// Enter / c: the selected lines as a quote of their question.
    fn quote(&mut self, guide: &Guide, view: &View, then_code: bool) -> Outcome {
        let lines = self.lines(guide, view);
        if lines.is_empty() {
            return Outcome::message("No line here to quote");
        }
        let picked: Vec<&view::Line> = lines[self.selected(lines.len())].to_vec();
        let question = self.question_id(guide).or_else(|| {
            guide
                .questions()
                .nth(self.home?)
                .map(|(_, q)| q.id.as_str())
        });
        let Some(question) = question else {
            return Outcome::message(
                "This line falls on no question: nudge the offset, or quote it from the interview",
            );
        };
        if then_code && guide.codes.is_empty() {
            return Outcome::message("The guide has no codebook (`codes`)");
        }
        let first = &picked[0].placed;
        let same = picked.iter().all(|l| l.placed.speaker == first.speaker);
        let text: Vec<&str> = picked.iter().map(|l| l.placed.text.trim()).collect();
        self.anchor = None;
        Outcome::Send(Edit::Quote {
            question: question.to_string(),
            text: text.join(" "),
            at: first.start,
            speaker: first.speaker.clone().filter(|_| same),
            then_code,
        })
    }

    /// +/−: moves the offset of the transcript of the line under the cursor.
    fn nudge(&self, guide: &Guide, view: &View, session: &Session, by: f64) -> Outcome {
        let lines = self.lines(guide, view);
        let transcript = lines
            .get(self.cursor)
            .map(|l| l.transcript)
            .or_else(|| self.loaded.first().map(|l| l.index));
        match transcript.and_then(|t| Some((t, session.transcripts.get(t)?.offset))) {
            Some((t, offset)) => Outcome::Send(Edit::Offset(t, offset + by)),
            None => Outcome::Done,
        }
    }

    /// n: the next line with a suggestion, after the one under the cursor (round to the first).
    fn next_suggestion(&mut self, guide: &Guide, view: &View) -> Outcome {
        let lines = self.lines(guide, view);
        let now = lines
            .get(self.cursor)
            .map_or(f64::NEG_INFINITY, |l| l.placed.start);
        let with: Vec<&view::Line> = view
            .lines
            .iter()
            .filter(|l| !view.suggestions_of(l).is_empty())
            .collect();
        let Some(line) = with.iter().find(|l| l.placed.start > now).or(with.first()) else {
            return Outcome::message(
                "No suggestion: no participant's line says a cue of a question not answered",
            );
        };
        self.question = match &line.placed.question {
            Some(id) => guide.position(id).map(|p| p.flat),
            None => None,
        };
        self.cursor = self
            .lines(guide, view)
            .iter()
            .position(|l| std::ptr::eq(*l, *line))
            .unwrap_or(0);
        self.anchor = None;
        Outcome::Done
    }
}

impl Component for TranscriptPanel {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let Some(subject) = ctx.subject else {
            return Outcome::Close;
        };
        let (guide, session) = (ctx.guide, subject.session);
        let view = self.view(guide, session);
        let count = self.lines(guide, &view).len();
        let last = count.saturating_sub(1);
        match action {
            Action::Help | Action::Quit | Action::ConfirmQuit | Action::Save => {
                return Outcome::PassOn(action)
            }
            Action::Back => return Outcome::Close,
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::Left | Action::Right => {
                self.step_question(guide, &view, action == Action::Right);
            }
            Action::Select => return self.quote(guide, &view, false),
            Action::Command(c) => return self.command(c, ctx, session, &view),
            _ => {}
        }
        Outcome::Done
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let Some(subject) = ctx.subject else {
            return;
        };
        // Inside the screen's frame, above its footer line: never on the frame's own border.
        let above_footer = Rect {
            height: area.height.saturating_sub(1),
            ..area
        };
        let area = centered(
            above_footer,
            area.width.saturating_sub(2).min(120),
            above_footer.height.saturating_sub(2),
        );
        self.draw(frame, area, ctx.guide, subject.session);
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Transcript)
    }
}

impl TranscriptPanel {
    fn command(&mut self, c: Command, ctx: &Ctx, session: &Session, view: &View) -> Outcome {
        let guide = ctx.guide;
        let last = self.lines(guide, view).len().saturating_sub(1);
        match c {
            Command::ExtendUp | Command::ExtendDown => {
                self.anchor.get_or_insert(self.cursor.min(last));
                self.cursor = if c == Command::ExtendUp {
                    self.cursor.saturating_sub(1)
                } else {
                    (self.cursor + 1).min(last)
                };
            }
            Command::Mark => {
                self.anchor = match self.anchor {
                    Some(_) => None,
                    None => Some(self.cursor.min(last)),
                };
            }
            Command::Quote => return self.quote(guide, view, false),
            Command::Code => return self.quote(guide, view, true),
            Command::Take => {
                let lines = self.lines(guide, view);
                return match lines
                    .get(self.cursor)
                    .and_then(|l| view.suggestions_of(l).first().copied())
                {
                    Some(s) => Outcome::Send(Edit::Take(s.clone())),
                    None => {
                        let next =
                            key_for(Mode::Transcript, &Action::Command(Command::NextSuggestion));
                        Outcome::message(format!(
                            "No suggestion on this line: {} goes to the next one",
                            next.unwrap_or_default()
                        ))
                    }
                };
            }
            Command::NextSuggestion => return self.next_suggestion(guide, view),
            Command::OffsetOn1 => return self.nudge(guide, view, session, 1.0),
            Command::OffsetBack1 => return self.nudge(guide, view, session, -1.0),
            Command::OffsetOn10 => return self.nudge(guide, view, session, 10.0),
            Command::OffsetBack10 => return self.nudge(guide, view, session, -10.0),
            Command::Attach => {
                return Outcome::Replace(Box::new(super::attach::AttachPrompt::new()));
            }
            _ => {}
        }
        Outcome::Done
    }
}

mod draw;

/// After a line was quoted (or found quoted `already`): the code picker on it when the
/// researcher asked to code it too, else a word when nothing changed.
pub fn after_quote(question: String, text: &str, then_code: bool, already: bool) -> Outcome {
    if then_code {
        let mut picker = crate::tui::overlays::code::CodePicker::new(text.trim().to_string());
        picker.question = Some(question);
        return Outcome::Open(Box::new(picker));
    }
    if already {
        return Outcome::message("That line is already a quote of this question");
    }
    Outcome::Done
}
