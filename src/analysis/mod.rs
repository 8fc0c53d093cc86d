//! Analyses on a factored model: one file per method family. Never prints.

pub mod extraction;
pub mod linkages;
pub mod multipliers;
