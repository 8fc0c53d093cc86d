//! Analyses built on the models: spillover and feedback between regions, structural
//! paths, and scenarios. Never reads tables itself (scenario files excepted: they are
//! the analysis' input), never prints.

pub mod household;
pub mod paths;
pub mod scenario;
pub mod spillover;
