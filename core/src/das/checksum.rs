//! Incremental SHA-256, lowercase hex (the `fileChecksum` format), fed chunk by chunk so a
//! file of any size is hashed in bounded memory.

use sha2::{Digest, Sha256};

#[derive(Default, Clone)]
pub struct Sha256Hex(Sha256);

impl Sha256Hex {
    pub fn new() -> Sha256Hex {
        Sha256Hex::default()
    }

    /// The checksum of bytes held in one piece.
    pub fn of(bytes: &[u8]) -> String {
        let mut hasher = Sha256Hex::new();
        hasher.update(bytes);
        hasher.finish()
    }

    pub fn update(&mut self, chunk: &[u8]) {
        self.0.update(chunk);
    }

    pub fn finish(self) -> String {
        let digest = self.0.finalize();
        let mut hex = String::with_capacity(64);
        for byte in digest {
            hex.push_str(&format!("{byte:02x}"));
        }
        hex
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors_and_chunking() {
        assert_eq!(
            Sha256Hex::new().finish(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let mut h = Sha256Hex::new();
        h.update(b"a");
        h.update(b"bc");
        assert_eq!(Sha256Hex::of(b"abc"), h.clone().finish());
        assert_eq!(
            h.finish(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
