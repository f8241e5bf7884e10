//! Choosing an export format for sessions: every format the export knows, by digit; the file
//! goes into `<data>/exports/` under a name no other file has.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::export::{Export, Format};
use crate::tui::action::{Action, Command};
use crate::tui::chrome::{centered, hints, popup};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::{self, Mode};
use crate::tui::theme;

#[derive(Debug, Clone)]
pub struct ExportChoice {
    ids: Vec<String>,
    anonymize: bool,
}

impl ExportChoice {
    pub fn new(ids: Vec<String>) -> ExportChoice {
        ExportChoice {
            ids,
            anonymize: false,
        }
    }

    /// Writes the export; the message says where, or why not.
    fn write(&self, ctx: &Ctx, format: Format) -> String {
        // A REFI-QDA project carries the transcripts, as `journey export` does.
        let carried = format == Format::Qdpx;
        let read = Export::read(
            ctx.guide,
            ctx.store,
            &self.ids,
            (self.anonymize, carried),
            crate::session::now(),
        );
        let export = match read {
            Ok(export) => export,
            Err(e) => return format!("Export failed: {e}"),
        };
        let dir = ctx.store.data_dir().join("exports");
        match crate::export::write_into(&dir, &export, format) {
            Ok(paths) => format!(
                "Exported {} ({}) to {}",
                crate::text::count(self.ids.len(), "session"),
                format.label(),
                paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            Err(e) => format!("Export failed: {e}"),
        }
    }
}

impl Component for ExportChoice {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Command(Command::Anonymize) => {
                self.anonymize = !self.anonymize;
                Outcome::Done
            }
            Action::Digit(d) => match Format::ALL.get(usize::from(d).wrapping_sub(1)) {
                Some(format) => Outcome::message(self.write(ctx, *format)),
                None => Outcome::Done,
            },
            Action::Back | Action::Command(Command::No) => Outcome::Close,
            other => Outcome::PassOn(other),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let what = match self.ids.len() {
            1 => "this session".to_string(),
            n => format!("{n} sessions"),
        };
        let mut lines = vec![
            Line::raw(format!(
                "Export {what} to {}",
                ctx.store.data_dir().join("exports").display()
            )),
            Line::raw(""),
        ];
        for (n, format) in Format::ALL.iter().enumerate() {
            lines.push(Line::from(vec![
                Span::styled(format!("  {} ", n + 1), theme::key()),
                Span::raw(format!("{} — {}", format.label(), format.description())),
            ]));
        }
        lines.push(Line::raw(""));
        let key = keymap::key_for(Mode::Export, &Action::Command(Command::Anonymize));
        lines.push(Line::from(vec![
            Span::styled(format!("  {} ", key.unwrap_or_default()), theme::key()),
            Span::raw(format!(
                "anonymise names (C1, P1, I1): {}",
                if self.anonymize { "on" } else { "off" }
            )),
        ]));
        let height = lines.len() as u16 + 4;
        popup(
            frame,
            centered(area, 76, height),
            "Export",
            lines,
            0,
            &hints(Mode::Export),
        );
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Export)
    }
}
