//! Tables and text out: never does linear algebra. Every command builds [`Frame`]s and
//! prints them through [`emit::render`] after the reader's [`View`].

mod check;
pub mod demo;
pub mod emit;
mod frame;
pub mod linkages;
pub mod multipliers;
pub mod number;
pub mod planning;
pub mod render;
pub mod scenario;
pub mod scenario_charts;
pub mod scenario_compare;
pub mod spillover;
pub mod svg;
pub mod uncertainty;
pub mod units;
pub mod view;
pub mod xlsx;

pub use check::{check_frames, render_check};
pub use emit::{render, Format};
pub use frame::{
    key_cells, key_columns, num, region_names as frame_region_names, Cell, Column, Frame, Role,
};
pub use number::{fmt_full, fmt_pct, fmt_sig, fmt_value, fmt_whole};
pub use view::{Groups, View};
