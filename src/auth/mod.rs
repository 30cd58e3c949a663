//! The authentication domain: what the seed's Next.js route handler does, run for real.
//! No UI code lives here.

pub mod clock;
pub mod config;
pub mod jwt;
pub mod random;
pub mod users;

pub use clock::UnixSeconds;
pub use config::{AuthConfig, SameSite, Secret, SecretStrength, SessionOptions};
pub use jwt::{Alg, DecodedToken, TokenError, VerifyOptions, VerifyReport};
pub use random::RandomSource;
pub use users::{LoginError, User, UserStore};
