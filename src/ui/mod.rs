//! ui (being built on the ui branch)
use crate::till::{Action, State};
use ratatui::layout::Rect;
pub fn draw(_f: &mut ratatui::Frame, _s: &State) {}
pub fn hit_test(_a: Rect, _s: &State, _c: u16, _r: u16) -> Option<Action> {
    None
}
