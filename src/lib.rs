//! journey: a terminal interview assistant for research on server virtualization journeys.

pub mod agreement;
pub mod archive;
pub mod assess;
pub mod cli;
pub mod customer;
pub mod export;
pub mod files;
pub mod guide;
pub mod index;
pub mod par;
pub mod report;
pub mod session;
pub mod text;
pub mod transcript;
pub mod tui;
pub mod xlsform;
