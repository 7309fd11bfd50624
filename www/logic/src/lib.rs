//! The web app's decisions that need no browser, kept out of `ipdocs-www` (a wasm-only
//! crate) so that they are tested natively with the rest of the core: what an error means
//! to a person, sizes in words, the attachment list's rows and which of them are on screen,
//! pasted UCIDs, which of the office's retrievals a filter keeps, and the settings (kept
//! copies read, environments switched, the office a tracked item belongs to).

pub mod activity;
pub mod explain;
pub mod human;
pub mod listing;
pub mod office;
pub mod pdf;
pub mod settings;
pub mod sign_in;
pub mod window;
pub mod zoom;
