//! The screens: one module each, each a [`Component`](super::component::Component). The
//! interview, the largest, lives in its own folder (`tui::interview`).

pub mod browser;
pub mod customer;
pub mod form;
pub mod home;
pub mod insights;
pub mod session_view;
pub mod summary;
pub mod trash;
