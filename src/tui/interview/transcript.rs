//! The interview's side of the transcript panel and the attach prompt: their changes go into
//! the open session (saved as every edit is), never past its lock.

use super::Interview;
use crate::tui::component::{Ctx, Outcome};
use crate::tui::nav::Edit;
use crate::tui::overlays::{CodePicker, TranscriptPanel};

impl Interview {
    /// A change from the transcript panel or the attach prompt.
    pub(super) fn transcript_edit(&mut self, edit: Edit, ctx: &Ctx) -> Outcome {
        let (guide, now) = (ctx.guide, ctx.now);
        if let Some(why) = self.read_only() {
            return Outcome::message(format!("Read-only: {why}"));
        }
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
                    self.changed(guide, now);
                    let shown = crate::text::truncate(&crate::text::line(&text), 40);
                    self.flash(format!("Quote marked: “{shown}”"), now);
                }
                if then_code {
                    let mut picker = CodePicker::new(text.trim().to_string());
                    picker.question = Some(question);
                    return Outcome::Open(Box::new(picker));
                }
                if !quoted {
                    return Outcome::message("That line is already a quote of this question");
                }
            }
            Edit::Offset(n, offset) => {
                if let Some(t) = session.transcripts.get_mut(n) {
                    t.offset = offset;
                    self.changed(guide, now);
                }
            }
            Edit::Take(suggestion) => {
                let done = crate::transcript::take(guide, session, &suggestion);
                if done.is_ok() {
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
