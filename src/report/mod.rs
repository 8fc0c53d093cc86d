//! Tables and text out: never does linear algebra.

mod check;
mod frame;
pub mod linkages;
pub mod multipliers;
pub mod scenario;
pub mod spillover;
pub mod svg;

pub use check::render_check;
pub use frame::{fmt_value, Cell, Column, Format, Frame};
