//! The overlays: each a [`Component`](super::component::Component) the app puts over the
//! screen. One file each; a new overlay is a new file here and its key in `keymap`.

pub mod attach;
pub mod code;
pub mod confirm;
pub mod export;
pub mod finish;
pub mod jump;
pub mod message;
pub mod obstacles;
pub mod place;
pub mod quit;
pub mod reader;
pub mod resolve;
pub mod transcript;

pub use attach::AttachPrompt;
pub use code::{CodePicker, CodeTexts};
pub use confirm::Confirm;
pub use export::ExportChoice;
pub use finish::Finish;
pub use jump::Jump;
pub use message::Message;
pub use obstacles::Obstacles;
pub use place::Place;
pub use quit::QuitPrompt;
pub use reader::Reader;
pub use resolve::Resolve;
pub use transcript::{after_quote, TranscriptPanel};
