//! The interview's side of the transcript panel and the attach prompt: their changes go into
//! the open session (saved as every edit is), never past its lock.

use super::Interview;
use crate::tui::component::{Ctx, Outcome};
use crate::tui::nav::Edit;
use crate::tui::overlays::{after_quote, TranscriptPanel};

impl Interview {
    /// A change from the transcript panel or the attach prompt.
    pub(super) fn transcript_edit(&mut self, edit: Edit, ctx: &Ctx) -> Outcome {
        let (guide, now) = (ctx.guide, ctx.now);
        if let Some(why) = self.read_only() {
            return Outcome::message(format!("Read-only: {why}"));
        }
        // Quoting a line or taking a suggestion changes an answer: Ctrl-Z takes it back.
        let question = match &edit {
            Edit::Quote { question, .. } => Some((question.clone(), "the quote")),
            Edit::Take(s) => Some((s.question.clone(), "the suggestion taken")),
            _ => None,
        };
        let before = question.map(|(q, what)| {
            let answer = self.open.session.answer(&q).cloned().unwrap_or_default();
            (q, answer, what)
        });
        let session = &mut self.open.session;
        match edit {
            Edit::Quote {
                question,
                text,
                at,
                speaker,
                then_code,
            } => {
                let quoted = session.quote_line(&question, &text, at, speaker.as_deref());
                if quoted {
                    if let Some((q, answer, what)) = before {
                        self.open.remember_quoting(&q, answer, what.into());
                    }
                    self.changed(guide, now);
                    let shown = crate::text::truncate(&crate::text::line(&text), 40);
                    self.flash(format!("Quote marked: “{shown}”"), now);
                }
                return after_quote(question, &text, then_code, !quoted);
            }
            Edit::Offset(n, offset)
                if crate::transcript::set_offset(ctx.store, session, n, offset) =>
            {
                self.changed(guide, now);
            }
            Edit::Take(suggestion) => {
                let done = crate::transcript::take(guide, session, &suggestion);
                if done.is_ok() {
                    if let Some((q, answer, what)) = before {
                        self.open.remember_quoting(&q, answer, what.into());
                    }
                    self.changed(guide, now);
                    self.enter_question(guide);
                }
                return Outcome::message(done.map_or_else(|e| e, |d| format!("Taken: {d}")));
            }
            Edit::Attach { path, roles } => {
                let done = crate::transcript::attach_to(ctx.store, session, &path, None, roles);
                if let Err(e) = done {
                    return Outcome::message(format!("Not attached: {e}"));
                }
                self.changed(guide, now);
                self.save(guide, ctx.store, now);
                let panel = TranscriptPanel::open(ctx, self.session(), Some(self.index));
                return Outcome::Open(Box::new(panel));
            }
            _ => {}
        }
        Outcome::Done
    }
}
