//! Tutorial: dragonn (being written).

use super::{Context, TutorialReport};
use crate::Result;

/// Runs the tutorial.
pub fn run(ctx: &Context) -> Result<TutorialReport> {
    Err(crate::Error::Usage(format!("tutorial dragonn is not written yet (output {})", ctx.dir.display())))
}
