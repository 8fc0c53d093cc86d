//! The linear-algebra core (faer): coefficients, the factored Leontief and Ghosh
//! models, the price model and productivity checks. Never reads files, never prints.

mod accuracy;
pub mod closure;
mod coefficients;
mod ghosh;
#[cfg(feature = "lapack")]
mod lapack;
mod leontief;
pub mod mixed;
pub mod power;
pub mod price;
pub mod productivity;
mod residual;
mod solver;
pub mod zstore;

pub use accuracy::{accuracy_warnings, ERROR_LIMIT, RESIDUAL_LIMIT};
pub use closure::{ClosedLeontief, HouseholdSpec, Households, Miyazawa};
pub use coefficients::{
    allocation_coefficients, per_unit_output, technical_coefficients, ZeroOutput,
};
pub use ghosh::Ghosh;
pub use leontief::{check_productive, Leontief, ModelOptions, Solved};
pub use power::{power_series, PowerOptions, PowerSolved};
pub use solver::{par_for, with_lu_backend, Factored, LuBackend};
