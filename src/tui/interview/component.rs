//! The interview as a [`Component`]: its overlays (reasons, obstacles, coding, versions of an
//! answer, go to a question, finish) open over it and send their changes back as [`Edit`]s.

use ratatui::layout::Rect;
use ratatui::Frame;

use super::Interview;
use crate::tui::action::{Action, Command};
use crate::tui::component::{Component, Ctx, Outcome, Subject};
use crate::tui::hits::Hit;
use crate::tui::keymap::Mode;
use crate::tui::nav::{Edit, Nav};
use crate::tui::overlays::{
    AttachPrompt, CodePicker, Finish, Jump, Obstacles, Reader, Resolve, TranscriptPanel,
};

impl Component for Interview {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let open = |overlay: Box<dyn Component>| Outcome::Open(overlay);
        match action {
            Action::Command(Command::Reasons) => open(Box::new(Reader::reasons())),
            Action::Command(Command::Obstacles) => open(Box::new(Obstacles {
                cursor: self.obstacle_cursor,
            })),
            Action::Command(Command::Code) => {
                if ctx.guide.codes.is_empty() {
                    self.flash("The guide has no codebook (`codes`)", ctx.now);
                    return Outcome::Done;
                }
                let target = self.marked_text();
                if target.trim().is_empty() {
                    self.flash(
                        "Nothing to code: select text, or put the cursor on a line of the notes",
                        ctx.now,
                    );
                    return Outcome::Done;
                }
                open(Box::new(CodePicker::new(target)))
            }
            Action::Command(Command::Resolve) => {
                let id = self.question(ctx.guide).map(|(_, q)| q.id.clone());
                if id.is_some_and(|id| self.session().conflict_at_hand(&id).is_some()) {
                    open(Box::new(Resolve))
                } else {
                    self.flash("No conflict on this question", ctx.now);
                    Outcome::Done
                }
            }
            Action::Command(Command::GoTo) => {
                open(Box::new(Jump::new(ctx.guide, self.session(), self.index)))
            }
            // Where side columns are on screen, F11 hides or shows them; tabs it switches.
            Action::Command(Command::Panel) if super::shape::last().has_columns() => {
                self.toggle_side_columns(ctx.now);
                Outcome::Done
            }
            Action::Command(Command::Finish) => {
                self.keep_rejected_number(ctx.guide, ctx.now);
                open(Box::new(Finish))
            }
            Action::Command(Command::Transcript) => open(Box::new(TranscriptPanel::open(
                ctx,
                self.session(),
                Some(self.index),
            ))),
            Action::Command(Command::Attach) => open(Box::new(AttachPrompt::new())),
            Action::Command(Command::Home) => Outcome::Go(Nav::Home),
            other => {
                self.update(ctx.guide, ctx.store, other, ctx.now);
                Outcome::Done
            }
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        super::draw::draw(frame, area, ctx.guide, self, ctx.now);
    }

    fn mode(&self, ctx: &Ctx) -> Option<Mode> {
        Some(Interview::mode(self, ctx.guide))
    }

    fn click(&mut self, hit: Hit, ctx: &Ctx) -> Outcome {
        match hit {
            Hit::Option(n) => self.click_option(ctx.guide, n, ctx.now),
            Hit::Question(index) => self.go_to(ctx.guide, ctx.store, index, ctx.now),
            Hit::Field(focus) => self.click_field(focus),
            Hit::Action(_) | Hit::Row(_) => {}
        }
        Outcome::Done
    }

    fn edit(&mut self, edit: Edit, ctx: &Ctx) -> Outcome {
        let (guide, now) = (ctx.guide, ctx.now);
        match edit {
            Edit::GoTo(index) => self.go_to(guide, ctx.store, index, now),
            Edit::Resolve(keep) => {
                // Who keeps it: the researcher using journey here.
                let by = crate::session::identity::researcher_name(ctx.store.data_dir())
                    .unwrap_or_default();
                self.resolve_by(guide, keep, &by, now);
            }
            Edit::Obstacle(at, status) => {
                self.obstacle_cursor = at;
                self.set_override(guide, at, status, now);
            }
            Edit::Code {
                question,
                text,
                code,
            } => {
                // Who applies it: the researcher using journey here.
                let by = crate::session::identity::researcher_name(ctx.store.data_dir());
                self.apply_code(
                    guide,
                    question.as_deref(),
                    (&text, &code, by.as_deref()),
                    now,
                );
            }
            Edit::Place { stage, sure } => return self.place(ctx, stage, sure),
            other => return self.transcript_edit(other, ctx),
        }
        Outcome::Done
    }

    fn tick(&mut self, ctx: &Ctx) -> bool {
        Interview::tick(self, ctx.guide, ctx.store, ctx.now);
        false
    }

    fn subject(&self) -> Option<Subject<'_>> {
        Some(Subject {
            session: self.session(),
            assessment: &self.assessment,
            question: Some(self.index),
        })
    }
}

impl Interview {
    /// Records the researcher's own placement in the open session (saved as every change is).
    fn place(&mut self, ctx: &Ctx, stage: String, sure: crate::session::Sure) -> Outcome {
        let me = crate::session::identity::researcher_name(ctx.store.data_dir());
        let Some(me) = me else {
            return Outcome::message(crate::tui::overlays::place::NOBODY);
        };
        let placement = crate::session::Placement::now(&me, &stage, sure);
        let said = crate::tui::overlays::place::placed(ctx.guide, &placement);
        self.open.place(placement, ctx.now);
        self.save(ctx.guide, ctx.store, ctx.now);
        Outcome::message(said)
    }
}
