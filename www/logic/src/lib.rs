//! The web app's decisions that need no browser, kept out of `ipdocs-www` (a wasm-only
//! crate) so that they are tested natively with the rest of the core: what an error means
//! to a person, sizes in words, the attachment list's rows and which of them are on screen,
//! pasted UCIDs, and which of the office's retrievals a filter keeps.

pub mod explain;
pub mod human;
pub mod listing;
pub mod office;
pub mod window;
