//! (filled from the layout research)
