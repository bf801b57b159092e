//! Huaban (画版): composes Chinese newspaper pages and exports them print-ready.
//!
//! The flow runs one way (see ARCHITECTURE.md):
//! [`model`] → [`compose`] → [`display`] → backends ([`pdf`], [`raster`], the editor in [`app`]).

pub mod app;
pub mod cli;
pub mod compose;
pub mod display;
pub mod fonts;
pub mod import;
pub mod model;
pub mod pdf;
pub mod print;
pub mod raster;
pub mod resources;
pub mod typeset;
pub mod units;
