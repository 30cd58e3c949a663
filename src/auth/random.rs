//! Where every random byte in the auth engine comes from.
//!
//! Normally the operating system's CSPRNG. `--demo` mode uses a seeded generator so that screenshots,
//! transcripts and tests come out the same on every run; a seeded source must never protect anything real.

use rand::rngs::{OsRng, StdRng};
use rand::{RngCore, SeedableRng};

/// A source of random bytes: the OS CSPRNG, or a reproducible seeded generator for demos and tests.
pub struct RandomSource {
    inner: Inner,
}

enum Inner {
    Os(OsRng),
    Seeded(Box<StdRng>),
}

impl RandomSource {
    /// The operating system's CSPRNG (`getrandom`): what session ids and secrets must use.
    pub fn os() -> Self {
        Self { inner: Inner::Os(OsRng) }
    }

    /// A deterministic generator: the same seed gives the same bytes. For `--demo` and tests only.
    pub fn seeded(seed: u64) -> Self {
        Self { inner: Inner::Seeded(Box::new(StdRng::seed_from_u64(seed))) }
    }

    /// Fills `buffer` with random bytes.
    pub fn fill(&mut self, buffer: &mut [u8]) {
        match &mut self.inner {
            Inner::Os(rng) => rng.fill_bytes(buffer),
            Inner::Seeded(rng) => rng.fill_bytes(buffer),
        }
    }

    /// `N` fresh random bytes.
    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut buffer = [0u8; N];
        self.fill(&mut buffer);
        buffer
    }

    /// True for the reproducible demo generator, so the UI can say "demo randomness, not secure".
    pub fn is_seeded(&self) -> bool {
        matches!(self.inner, Inner::Seeded(_))
    }
}

impl std::fmt::Debug for RandomSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.is_seeded() { "RandomSource::Seeded" } else { "RandomSource::Os" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_sources_repeat_and_differ_by_seed() {
        let a: [u8; 32] = RandomSource::seeded(7).bytes();
        let b: [u8; 32] = RandomSource::seeded(7).bytes();
        let c: [u8; 32] = RandomSource::seeded(8).bytes();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(RandomSource::seeded(7).is_seeded());
    }

    #[test]
    fn os_source_gives_fresh_bytes_each_call() {
        let mut rng = RandomSource::os();
        assert!(!rng.is_seeded());
        let first: [u8; 32] = rng.bytes();
        let second: [u8; 32] = rng.bytes();
        assert_ne!(first, second);
        assert_ne!(first, [0u8; 32]);
    }
}
