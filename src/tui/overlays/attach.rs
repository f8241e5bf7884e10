//! Attaching a transcript from the screen: the researcher types the file's path (Tab completes
//! files and folders, `~` is the home folder), Enter reads it (a bad file's error is shown with
//! its line, nothing attached), then the participant is chosen among its speakers (journey's
//! guess first) and Enter attaches it, the same way as `journey transcript add`.

use std::path::{Path, PathBuf};

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::text;
use crate::transcript::{guess_roles, Roles};
use crate::tui::action::{Action, Command};
use crate::tui::chrome::{centered, hints, popup};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keymap::Mode;
use crate::tui::nav::Edit;
use crate::tui::theme;

/// The file read, and the speakers to choose the participant from.
struct Ready {
    path: PathBuf,
    cues: usize,
    speakers: Vec<String>,
    /// The participant, by index in `speakers`.
    participant: usize,
    guessed: Roles,
}

#[derive(Default)]
pub struct AttachPrompt {
    typed: String,
    /// What Tab found when it could not complete alone.
    candidates: Vec<String>,
    error: Option<String>,
    ready: Option<Ready>,
}

impl AttachPrompt {
    pub fn new() -> AttachPrompt {
        AttachPrompt::default()
    }

    /// Enter on the path: reads and parses the file; its speakers next, or the error.
    fn read(&mut self, participant: &str, interviewer: &str) {
        let path = expand(self.typed.trim());
        match crate::transcript::read_file(&path) {
            Err(e) => self.error = Some(e.to_string()),
            Ok(t) => {
                let speakers: Vec<String> = t.speakers().into_iter().map(str::to_string).collect();
                let names: Vec<&str> = speakers.iter().map(String::as_str).collect();
                let guessed = guess_roles(&names, participant, interviewer);
                let at = |name: &Option<String>| {
                    name.as_ref()
                        .and_then(|n| speakers.iter().position(|s| s == n))
                };
                let participant = at(&guessed.participant)
                    .or_else(|| {
                        // Not the interviewer: the first other speaker.
                        (0..speakers.len()).find(|i| Some(*i) != at(&guessed.interviewer))
                    })
                    .unwrap_or(0);
                self.error = None;
                self.ready = Some(Ready {
                    path,
                    cues: t.cues.len(),
                    speakers,
                    participant,
                    guessed,
                });
            }
        }
    }
}

impl Ready {
    /// The roles chosen: the participant under the cursor, the interviewer guessed (or, of two
    /// speakers, the other one).
    fn roles(&self) -> Roles {
        let participant = self.speakers.get(self.participant).cloned();
        let interviewer = match self.speakers.as_slice() {
            [a, b] => Some(
                if participant.as_ref() == Some(a) {
                    b
                } else {
                    a
                }
                .clone(),
            ),
            _ => self
                .guessed
                .interviewer
                .clone()
                .filter(|i| Some(i) != participant.as_ref()),
        };
        Roles {
            participant,
            interviewer,
        }
    }
}

impl Component for AttachPrompt {
    fn handle(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Help | Action::Quit | Action::ConfirmQuit | Action::Save => {
                return Outcome::PassOn(action)
            }
            Action::Back => return Outcome::Close,
            _ => {}
        }
        if let Some(ready) = &mut self.ready {
            match action {
                Action::Up => ready.participant = ready.participant.saturating_sub(1),
                Action::Down => {
                    ready.participant =
                        (ready.participant + 1).min(ready.speakers.len().saturating_sub(1));
                }
                Action::Select => {
                    return Outcome::CloseAndSend(Edit::Attach {
                        path: ready.path.clone(),
                        roles: ready.roles(),
                    })
                }
                _ => {}
            }
            return Outcome::Done;
        }
        match action {
            Action::Command(Command::Complete) => {
                let (done, candidates) = complete(&self.typed);
                self.typed = done;
                self.candidates = candidates;
            }
            Action::Select => {
                let meta = ctx.subject.map(|s| &s.session.meta);
                let (p, i) = meta.map_or(("", ""), |m| {
                    (m.participant.as_str(), m.interviewer.as_str())
                });
                self.read(p, i);
            }
            Action::Input(key) if crate::tui::line_edit::input_at_end(&mut self.typed, key) => {
                self.candidates.clear();
                self.error = None;
            }
            Action::Paste(t) => self.typed.push_str(&text::line(&t)),
            _ => {}
        }
        Outcome::Done
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        let mut lines = vec![Line::from(vec![
            Span::styled("File: ", theme::key()),
            Span::raw(text::line(&self.typed).into_owned()),
            Span::styled("█", theme::dim()),
        ])];
        if let Some(e) = &self.error {
            lines.push(Line::styled(
                format!("Not attached: {}", text::line(e)),
                theme::error(),
            ));
        }
        if !self.candidates.is_empty() {
            let shown: Vec<String> = self
                .candidates
                .iter()
                .take(12)
                .map(|c| text::line(c).into_owned())
                .collect();
            let more = self.candidates.len().saturating_sub(shown.len());
            let tail = if more > 0 {
                format!("  (+{more})")
            } else {
                String::new()
            };
            lines.push(Line::styled(
                format!("{}{tail}", shown.join("  ")),
                theme::dim(),
            ));
        }
        match &self.ready {
            None => lines.push(Line::styled(
                "WebVTT (Zoom, Teams, Meet, Otter), SRT or plain-text turns: the format is read from the content.",
                theme::dim(),
            )),
            Some(r) => ready_lines(r, &mut lines),
        }
        let height = (lines.len() as u16 + 4).clamp(8, area.height.saturating_sub(2).max(8));
        popup(
            frame,
            centered(area, 90, height),
            "Attach a transcript",
            lines,
            0,
            &hints(Mode::Attach),
        );
    }

    fn mode(&self, _: &Ctx) -> Option<Mode> {
        Some(Mode::Attach)
    }
}

/// The file read: its cues, and the speakers with the participant chosen.
fn ready_lines(r: &Ready, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::styled(
        format!(
            "{}: {} · Enter attaches it",
            text::line(&r.path.display().to_string()),
            text::count(r.cues, "line")
        ),
        theme::ok(),
    ));
    if r.speakers.is_empty() {
        lines.push(Line::raw("The file names no speaker."));
        return;
    }
    let roles = r.roles();
    lines.push(Line::raw("Who is the participant (↑↓)?"));
    for s in &r.speakers {
        let role = if roles.participant.as_ref() == Some(s) {
            let guessed = r.guessed.participant.as_ref() == Some(s);
            if guessed {
                "▸ participant (guessed)"
            } else {
                "▸ participant"
            }
        } else if roles.interviewer.as_ref() == Some(s) {
            "  interviewer"
        } else {
            "  "
        };
        let style = if roles.participant.as_ref() == Some(s) {
            theme::selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<24}", text::line(s)), style),
            Span::styled(format!(" {role}"), theme::dim()),
        ]));
    }
}

/// A path as typed, with `~` for the home folder.
pub fn expand(typed: &str) -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match (typed.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            home.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(typed),
    }
}

/// Tab: the path completed as far as the folder's entries agree (a folder gets its `/`), and
/// the entries that still match when there are several.
pub fn complete(typed: &str) -> (String, Vec<String>) {
    let typed_dir = if typed == "~" { "~/" } else { typed };
    let (dir, prefix) = match typed_dir.rfind('/') {
        Some(i) => typed_dir.split_at(i + 1),
        None => ("", typed_dir),
    };
    let folder = if dir.is_empty() {
        PathBuf::from(".")
    } else {
        expand(dir)
    };
    let mut names: Vec<String> = entries(&folder)
        .into_iter()
        .filter(|n| n.starts_with(prefix) && (prefix.starts_with('.') || !n.starts_with('.')))
        .collect();
    names.sort();
    match names.as_slice() {
        [] => (typed.to_string(), Vec::new()),
        [one] => (format!("{dir}{one}"), Vec::new()),
        many => {
            let common = many.iter().skip(1).fold(many[0].clone(), |acc, n| {
                acc.chars()
                    .zip(n.chars())
                    .take_while(|(a, b)| a == b)
                    .map(|(a, _)| a)
                    .collect()
            });
            let common = if common.len() > prefix.len() {
                common
            } else {
                prefix.to_string()
            };
            (format!("{dir}{common}"), many.to_vec())
        }
    }
}

/// A folder's entries by name, folders with a `/`.
fn entries(folder: &Path) -> Vec<String> {
    let Ok(read) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    read.flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let dir = e.path().is_dir();
            Some(if dir { format!("{name}/") } else { name })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_completes_files_and_folders_as_far_as_they_agree() {
        let dir = tempfile::tempdir().expect("tempdir");
        let base = dir.path().display().to_string();
        std::fs::create_dir(dir.path().join("calls")).expect("dir");
        std::fs::write(dir.path().join("calls/nordbank.vtt"), "WEBVTT").expect("write");
        std::fs::write(dir.path().join("calls/nordic.srt"), "1").expect("write");
        std::fs::write(dir.path().join(".hidden"), "").expect("write");
        assert_eq!(
            complete(&format!("{base}/ca")),
            (format!("{base}/calls/"), vec![])
        );
        let (done, many) = complete(&format!("{base}/calls/n"));
        assert_eq!(done, format!("{base}/calls/nord"));
        assert_eq!(many, ["nordbank.vtt", "nordic.srt"]);
        assert_eq!(
            complete(&format!("{base}/calls/nordb")).0,
            format!("{base}/calls/nordbank.vtt")
        );
        assert_eq!(
            complete(&format!("{base}/x")),
            (format!("{base}/x"), vec![])
        );
        assert_eq!(complete(&format!("{base}/")).0, format!("{base}/calls/"));
    }

    #[test]
    fn a_tilde_is_the_home_folder() {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        if let Some(home) = home {
            assert_eq!(expand("~/calls/a.vtt"), home.join("calls/a.vtt"));
            assert_eq!(expand("~"), home);
        }
        assert_eq!(expand("~bob/a"), PathBuf::from("~bob/a"));
    }
}
