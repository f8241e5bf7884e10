//! Themes: each palette's colours on the cells that matter (the title, a key, the selected row,
//! the faint lines), `t` on the home screen going through them, and in the real binary the
//! terminal's answer to OSC 11 choosing the light theme, `--theme`, and the choice remembered
//! in `JOURNEY_CONFIG_DIR`.

mod common;

use std::time::{Duration, Instant};

use common::pty::{keys::*, Journey, DEADLINE};
use journey::session::Store;
use journey::tui::theme::{self, Theme};
use journey::tui::{App, Launch};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;

fn draw(app: &App, now: Instant) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    terminal.draw(|f| app.draw(f, now)).expect("draw");
    terminal.backend().buffer().clone()
}

/// The cell where `text` first starts.
fn cell_of<'b>(buf: &'b Buffer, text: &str) -> &'b ratatui::buffer::Cell {
    for y in 0..buf.area.height {
        let symbols: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        let line: String = symbols.concat();
        if let Some(at) = line.find(text) {
            let x = line[..at].chars().count() as u16;
            return &buf[(x, y)];
        }
    }
    panic!("{text} is not on the screen");
}

/// What each palette draws: (theme, accent, faint text, the selected row's background).
const PALETTES: [(Theme, Color, Color, Option<Color>); 3] = [
    (
        Theme::Dark,
        Color::Cyan,
        Color::DarkGray,
        Some(Color::Rgb(40, 60, 80)),
    ),
    (
        Theme::Light,
        Color::Rgb(0, 90, 160),
        Color::Rgb(100, 100, 100),
        Some(Color::Rgb(200, 222, 245)),
    ),
    (Theme::HighContrast, Color::LightCyan, Color::White, None),
];

// One test: the theme is the process's, and tests run on threads side by side.
#[test]
fn every_palette_colours_the_key_cells_and_t_goes_through_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let guide = common::guide();
    store
        .save(&common::session(&guide, "Globex"))
        .expect("save");
    let now = Instant::now();
    let mut app = App::new(guide, store, Launch::Home, now);
    app.settle(Duration::from_secs(30));
    for (palette, accent, faint, selected) in PALETTES {
        theme::set_theme(palette);
        let buf = draw(&app, now);
        assert_eq!(
            cell_of(&buf, "journey").fg,
            accent,
            "{palette:?}: the title"
        );
        assert_eq!(cell_of(&buf, "n New").fg, accent, "{palette:?}: a key");
        assert_eq!(cell_of(&buf, "The virtualization").fg, faint, "{palette:?}");
        let row = cell_of(&buf, "▶");
        match selected {
            Some(bg) => assert_eq!(row.bg, bg, "{palette:?}: the selected row"),
            None => assert!(
                row.modifier.contains(Modifier::REVERSED),
                "{palette:?}: the selected row in reverse video"
            ),
        }
    }
    // The interview: a picked option in the palette's "good" colour, the probes faint or not.
    let mut interview = App::new(
        common::guide(),
        Store::open(dir.path()).expect("store"),
        Launch::New(Some(common::meta("Acme"))),
        now,
    );
    interview.handle_key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE), now);
    for (palette, good) in [
        (Theme::Dark, Color::Green),
        (Theme::Light, Color::Rgb(0, 110, 0)),
        (Theme::HighContrast, Color::LightGreen),
    ] {
        theme::set_theme(palette);
        let buf = draw(&interview, now);
        assert_eq!(
            cell_of(&buf, "(•) 3").fg,
            good,
            "{palette:?}: the picked option"
        );
        assert_eq!(cell_of(&buf, "Public sector").fg, good, "{palette:?}");
    }
    interview.leave(now);
    // `t` goes from auto to dark, light, high contrast and back; in a test, for this run only.
    theme::set_theme(Theme::Dark);
    let t = KeyEvent::new(KeyCode::Char('t'), KeyModifiers::NONE);
    let mut seen = Vec::new();
    for _ in 0..4 {
        app.handle_key(t, now);
        let buf = draw(&app, now);
        assert!(
            cell_of(&buf, "Colours:").symbol() == "C",
            "the choice is said"
        );
        seen.push((app.colours.choice, theme::theme()));
        app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE), now);
    }
    use journey::tui::theme::Choice;
    assert_eq!(
        seen,
        [
            (Choice::Dark, Theme::Dark),
            (Choice::Light, Theme::Light),
            (Choice::HighContrast, Theme::HighContrast),
            (Choice::Auto, Theme::Dark),
        ]
    );
    assert!(std::fs::read_dir(dir.path())
        .expect("dir")
        .all(|e| e.map_or(true, |e| e.file_name() != "config.json")));
}

const LIGHT_ACCENT: vt100::Color = vt100::Color::Rgb(0, 90, 160);

/// A terminal whose background is white: it answers journey's OSC 11 query (and the Device
/// Attributes query after it).
fn answer_as_a_white_terminal(j: &mut Journey) {
    let start = Instant::now();
    while !String::from_utf8_lossy(&j.output()).contains("\x1b]11;?") {
        assert!(start.elapsed() < DEADLINE, "journey never asked");
        std::thread::sleep(Duration::from_millis(2));
    }
    j.send("\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c");
}

#[test]
fn auto_asks_the_terminal_and_the_choice_made_with_t_is_remembered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = Journey::start_with(dir.path(), &[], 100, 30, &[("COLORFGBG", "")], None);
    answer_as_a_white_terminal(&mut j);
    j.expect("New interview");
    assert_eq!(j.fg_of("journey"), Some(LIGHT_ACCENT), "{}", j.screen());
    // Auto → dark → light, remembered in the config folder (the test's).
    j.send("t");
    j.expect("Colours: dark; remembered in");
    j.send(ESC);
    j.wait_for("the message to close", |s| !s.contains("Colours:"));
    j.send("t");
    j.expect("Colours: light; remembered in");
    let config = std::fs::read_to_string(dir.path().join("config.json")).expect("config");
    assert!(config.contains("\"light\""), "{config}");
    j.send(ESC);
    j.wait_for("the message to close", |s| !s.contains("Colours:"));
    j.send("q");
    assert!(j.wait_exit());

    // The next start draws light though COLORFGBG says the background is dark.
    let mut j = Journey::start(dir.path(), &[], 100, 30);
    j.expect("New interview");
    assert_eq!(j.fg_of("journey"), Some(LIGHT_ACCENT), "{}", j.screen());
    j.send("q");
    assert!(j.wait_exit());

    // `--theme` chooses for one run, over what was remembered.
    let mut j = Journey::start(dir.path(), &["--theme", "high-contrast"], 100, 30);
    j.expect("New interview");
    assert_eq!(j.fg_of("journey"), Some(vt100::Color::Idx(14)));
    j.send("q");
    assert!(j.wait_exit());
    let config = std::fs::read_to_string(dir.path().join("config.json")).expect("config");
    assert!(config.contains("\"light\""), "{config}");
}

#[test]
fn a_terminal_that_never_answers_starts_all_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut j = Journey::start_with(dir.path(), &[], 100, 30, &[("COLORFGBG", "")], None);
    j.expect("New interview");
    assert_eq!(j.fg_of("journey"), Some(vt100::Color::Idx(6)), "dark: cyan");
    j.send(CTRL_Q);
    assert!(j.wait_exit());
}

#[test]
fn a_config_file_that_cannot_be_read_is_named_and_auto_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("config.json"), "{\"theme\": \"neon\"}").expect("write");
    let mut j = Journey::start(dir.path(), &[], 100, 30);
    j.expect("could not be read");
    j.expect("neon");
    j.send(ESC);
    j.wait_for("the message to close", |s| !s.contains("could not be read"));
    j.send("q");
    assert!(j.wait_exit());
}
