//! # seq-plot
//!
//! Every figure seqdl draws, as PNG, with an embedded font (no system fontconfig):
//!
//! | module | figure |
//! |---|---|
//! | [`logo`] | sequence logos (information content or raw attributions, positive up, negative down) |
//! | [`heatmap`] | diverging heat maps with a colour bar (attribution 4 × L, ISM, base effects) |
//! | [`curves`] | learning curves (lines with markers and a legend), optionally in several panels |
//! | [`confusion`] | annotated confusion matrices |
//! | [`bars`] | bar plots with highlighted positions (e.g. saliency with the motif marked) |
//! | [`tracks`] | several position tracks stacked, ground-truth spans shaded (attribution vs motifs) |
//!
//! The building blocks are public too: [`Canvas`] (in-memory RGB figure, PNG writing), [`Theme`] (font
//! sizes), [`Frame`] (data-to-pixel mapping returned by every `render_*` function), [`colors`] and the
//! letter outlines in [`glyphs`].
//!
//! ```
//! use seq_plot::{draw_logo, information_logo_heights, Highlight, LogoOptions};
//! # fn main() -> Result<(), seq_plot::PlotError> {
//! let pfm = [[0.9, 0.05, 0.03, 0.02], [0.0, 0.0, 1.0, 0.0], [0.25, 0.25, 0.25, 0.25]];
//! let opts = LogoOptions {
//!     title: "Motif".into(),
//!     y_label: "bits".into(),
//!     y_range: Some((0.0, 2.0)),
//!     highlight: vec![Highlight::new(0, 2, "core")],
//!     ..LogoOptions::default()
//! };
//! let path = std::env::temp_dir().join("seq_plot_doc_logo.png");
//! draw_logo(&path, &information_logo_heights(&pfm), &opts)?;
//! # std::fs::remove_file(&path).ok();
//! # Ok(())
//! # }
//! ```
//!
//! **Never depends on** burn or on any other seqdl crate: it draws plain numbers.
#![warn(missing_docs)]

pub mod bars;
pub mod canvas;
pub mod colors;
pub mod confusion;
pub mod curves;
mod error;
pub mod font;
pub mod glyphs;
pub mod heatmap;
pub mod logo;
pub mod ticks;
pub mod tracks;
mod validate;

pub use bars::{draw_bar_plot, BarOptions};
pub use canvas::{Canvas, Frame, Theme};
pub use colors::Rgb;
pub use confusion::draw_confusion_matrix;
pub use curves::{draw_learning_curves, draw_multi_panel, Panel, Series};
pub use error::PlotError;
pub use heatmap::{draw_heatmap, HeatmapOptions};
pub use logo::{draw_logo, draw_logo_panels, information_logo_heights, Highlight, LogoOptions, LogoPanel};
pub use tracks::{draw_tracks, Track, TrackOptions};
