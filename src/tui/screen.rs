//! Which screen is up. Every screen has the shape of [`Component`]; the app routes to it here.

use super::component::Component;
use super::interview::Interview;
use super::screens::browser::Browser;
use super::screens::customer::CustomerPage;
use super::screens::form::Form;
use super::screens::home::Home;
use super::screens::session_view::{Insights, Review, Summary};
use super::screens::trash::TrashList;

pub enum Screen {
    Home(Home),
    Form(Box<Form>),
    Browser(Box<Browser>),
    Interview(Box<Interview>),
    Summary(Summary),
    Review(Review),
    Insights(Insights),
    Trash(TrashList),
    Customer(Box<CustomerPage>),
}

impl Screen {
    pub fn component(&self) -> &dyn Component {
        match self {
            Screen::Home(s) => s,
            Screen::Form(s) => s.as_ref(),
            Screen::Browser(s) => s.as_ref(),
            Screen::Interview(s) => s.as_ref(),
            Screen::Summary(s) => s,
            Screen::Review(s) => s,
            Screen::Insights(s) => s,
            Screen::Trash(s) => s,
            Screen::Customer(s) => s.as_ref(),
        }
    }

    pub fn component_mut(&mut self) -> &mut dyn Component {
        match self {
            Screen::Home(s) => s,
            Screen::Form(s) => s.as_mut(),
            Screen::Browser(s) => s.as_mut(),
            Screen::Interview(s) => s.as_mut(),
            Screen::Summary(s) => s,
            Screen::Review(s) => s,
            Screen::Insights(s) => s,
            Screen::Trash(s) => s,
            Screen::Customer(s) => s.as_mut(),
        }
    }

    /// The interview on screen, if any (also under the summary).
    pub fn interview(&self) -> Option<&Interview> {
        match self {
            Screen::Interview(i) => Some(i),
            Screen::Summary(s) => Some(&s.interview),
            _ => None,
        }
    }

    pub fn interview_mut(&mut self) -> Option<&mut Interview> {
        match self {
            Screen::Interview(i) => Some(i),
            Screen::Summary(s) => Some(&mut s.interview),
            _ => None,
        }
    }
}
