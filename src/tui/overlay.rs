//! Overlays over a screen: help, reasons, the obstacle editor, go to a question, questions to
//! confirm, export, messages and the quit prompt. Each handles an action and says what happens
//! next; drawing lives in `screens::overlay`.

use super::action::{Action, Command};
use super::component::Ctx;
use super::keymap::Mode;
use super::nav::Nav;
use super::screen::Screen;
use super::screens::jump::{Jump, JumpOutcome};
use crate::export::{Export, Format};
use crate::guide::ObstacleStatus;

#[derive(Debug, Clone)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Reasons {
        scroll: u16,
    },
    Obstacles,
    /// A yes / no question that holds what it confirms: `then` happens on yes.
    Confirm {
        title: String,
        message: String,
        then: Box<Nav>,
    },
    Export {
        ids: Vec<String>,
        anonymize: bool,
    },
    Message(String),
    /// Go to a question.
    Jump(Jump),
    /// Ctrl-C in an interview: a second Ctrl-C quits, any other key goes on.
    QuitPrompt,
    /// The versions of the current question's answer that two copies disagree on.
    Resolve,
    /// Picking a code for a text.
    Code(crate::tui::screens::code_picker::CodePicker),
    /// Picking a quote or a line of notes to code, in the read-only view.
    CodeTexts(crate::tui::screens::code_picker::CodeTexts),
    /// The study report, to read.
    Report {
        text: String,
        scroll: u16,
    },
}

/// What an overlay did with an action.
#[derive(Debug)]
pub enum Outcome {
    Keep,
    Close,
    /// Close, and go there.
    Go(Nav),
    /// Close, and the screen under it takes the action.
    PassOn(Action),
}

impl Overlay {
    pub fn help() -> Overlay {
        Overlay::Help { scroll: 0 }
    }

    pub fn reasons() -> Overlay {
        Overlay::Reasons { scroll: 0 }
    }

    pub fn confirm(title: &str, message: String, then: Nav) -> Overlay {
        Overlay::Confirm {
            title: title.to_string(),
            message,
            then: Box::new(then),
        }
    }

    /// The key table the overlay reads; a message reads keys as the screen under it does.
    pub fn mode(&self) -> Option<Mode> {
        Some(match self {
            Overlay::Help { .. } | Overlay::Reasons { .. } | Overlay::Report { .. } => Mode::Reader,
            Overlay::Obstacles => Mode::Obstacles,
            Overlay::Confirm { .. } => Mode::Confirm,
            Overlay::Export { .. } => Mode::Export,
            Overlay::Jump(_) => Mode::Search,
            Overlay::QuitPrompt => Mode::QuitPrompt,
            Overlay::Resolve => Mode::Resolve,
            Overlay::Code(_) | Overlay::CodeTexts(_) => Mode::Search,
            Overlay::Message(_) => return None,
        })
    }

    pub fn handle(&mut self, action: Action, screen: &mut Screen, ctx: &Ctx) -> Outcome {
        match self {
            Overlay::Help { scroll }
            | Overlay::Reasons { scroll }
            | Overlay::Report { scroll, .. } => read(scroll, action),
            Overlay::Obstacles => edit_obstacles(action, screen, ctx),
            Overlay::Confirm { then, .. } => match action {
                Action::Command(Command::Yes) => Outcome::Go((**then).clone()),
                Action::Command(Command::No) | Action::Back => Outcome::Close,
                _ => Outcome::Keep,
            },
            Overlay::Export { ids, anonymize } => match action {
                Action::Command(Command::Anonymize) => {
                    *anonymize = !*anonymize;
                    Outcome::Keep
                }
                Action::Digit(d @ 1..=4) => {
                    let format = [Format::Markdown, Format::Csv, Format::Json, Format::Html]
                        [usize::from(d) - 1];
                    Outcome::Go(Nav::Message(match export(ctx, ids, format, *anonymize) {
                        Ok(path) => format!("Wrote {path}"),
                        Err(e) => format!("Export failed: {e}"),
                    }))
                }
                Action::Back | Action::Command(Command::No) => Outcome::Close,
                _ => Outcome::Keep,
            },
            Overlay::Jump(jump) => {
                let Screen::Interview(i) = screen else {
                    return Outcome::Close;
                };
                match jump.handle(ctx.guide, i.session(), action) {
                    JumpOutcome::Stay => Outcome::Keep,
                    JumpOutcome::Close => Outcome::Close,
                    JumpOutcome::Go(index) => {
                        i.go_to(ctx.guide, ctx.store, index, ctx.now);
                        Outcome::Close
                    }
                }
            }
            Overlay::Code(picker) => {
                use crate::tui::screens::code_picker::PickOutcome;
                match (picker.handle(ctx.guide, action), screen) {
                    (PickOutcome::Stay, _) => Outcome::Keep,
                    (PickOutcome::Close, _) => Outcome::Close,
                    (PickOutcome::Apply(code), Screen::Interview(i)) => {
                        i.apply_code(ctx.guide, &picker.target, &code, ctx.now);
                        Outcome::Close
                    }
                    (PickOutcome::Apply(code), Screen::Review(r)) => {
                        let question = picker.question.clone().unwrap_or_default();
                        Outcome::Go(Nav::Message(r.code(ctx, &question, &picker.target, &code)))
                    }
                    _ => Outcome::Close,
                }
            }
            Overlay::CodeTexts(texts) => match texts.handle(action) {
                None => Outcome::Keep,
                Some(None) => Outcome::Close,
                Some(Some(picker)) => Outcome::Go(Nav::Show(Overlay::Code(picker))),
            },
            Overlay::Resolve => {
                let Screen::Interview(i) = screen else {
                    return Outcome::Close;
                };
                match action {
                    Action::Digit(d) if d >= 1 => {
                        // Who keeps it: the researcher using journey here.
                        let by = crate::session::identity::researcher(ctx.store.data_dir())
                            .ok()
                            .flatten()
                            .map(|who| who.name)
                            .unwrap_or_default();
                        if i.resolve_by(ctx.guide, usize::from(d) - 1, &by, ctx.now) {
                            Outcome::Close
                        } else {
                            Outcome::Keep
                        }
                    }
                    Action::Back | Action::Command(Command::Resolve) => Outcome::Close,
                    _ => Outcome::Keep,
                }
            }
            // The app lets a second Ctrl-C quit before it comes here; anything else goes on.
            Overlay::QuitPrompt | Overlay::Message(_) => Outcome::PassOn(action),
        }
    }
}

/// Help and reasons: scroll, and close.
fn read(scroll: &mut u16, action: Action) -> Outcome {
    match action {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll = scroll.saturating_add(1),
        Action::PrevQuestion => *scroll = scroll.saturating_sub(10),
        Action::NextQuestion => *scroll = scroll.saturating_add(10),
        Action::Back | Action::Help | Action::Select | Action::Command(Command::Reasons) => {
            return Outcome::Close
        }
        _ => {}
    }
    Outcome::Keep
}

/// The obstacle editor: the interviewer's status for each obstacle, or back to the answers.
fn edit_obstacles(action: Action, screen: &mut Screen, ctx: &Ctx) -> Outcome {
    let Screen::Interview(i) = screen else {
        return Outcome::Close;
    };
    let (guide, now) = (ctx.guide, ctx.now);
    let count = guide.obstacles.len();
    let at = i.obstacle_cursor.min(count.saturating_sub(1));
    let status = i.assessment.obstacles.get(at).map(|o| o.status);
    let cycle = |delta: isize| {
        let all = &ObstacleStatus::ALL;
        let pos = status
            .and_then(|s| all.iter().position(|x| *x == s))
            .unwrap_or(0) as isize;
        all[(pos + delta).rem_euclid(all.len() as isize) as usize]
    };
    match action {
        Action::Up => i.obstacle_cursor = at.saturating_sub(1),
        Action::Down => i.obstacle_cursor = (at + 1).min(count.saturating_sub(1)),
        Action::Right => i.set_override(guide, at, Some(cycle(1)), now),
        Action::Left => i.set_override(guide, at, Some(cycle(-1)), now),
        Action::Digit(d) if (1..=ObstacleStatus::ALL.len() as u8).contains(&d) => {
            i.set_override(
                guide,
                at,
                Some(ObstacleStatus::ALL[usize::from(d) - 1]),
                now,
            );
        }
        Action::Command(Command::ClearOverride) => i.set_override(guide, at, None, now),
        Action::Back | Action::Select | Action::Command(Command::Obstacles) => {
            return Outcome::Close
        }
        _ => {}
    }
    Outcome::Keep
}

/// Writes an export into `<data>/exports/`, under a name no other file has.
fn export(ctx: &Ctx, ids: &[String], format: Format, anonymize: bool) -> Result<String, String> {
    let sessions = ids
        .iter()
        .map(|id| ctx.store.load(id))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let export = Export::new(ctx.guide, sessions, anonymize, crate::session::now());
    let contents = export.render(format).map_err(|e| e.to_string())?;
    let dir = ctx.store.data_dir().join("exports");
    crate::session::create_private_dir(&dir).map_err(|e| e.to_string())?;
    crate::export::write_new(&dir, &export.file_name(format), &contents)
        .map(|path| path.display().to_string())
        .map_err(|e| e.to_string())
}
