//! The authentication domain: what the seed's Next.js route handler does, run for real.
//! No UI code lives here.

pub mod clock;
pub mod config;
pub mod cookies;
pub mod exchange;
pub mod handler;
pub mod http;
pub mod jwt;
pub mod random;
pub mod sessions;
pub mod users;

pub use clock::UnixSeconds;
pub use config::{AuthConfig, SameSite, Secret, SecretStrength, SessionOptions, TokenCheck};
pub use cookies::{CookieJar, SetCookie, parse_cookie_header};
pub use exchange::Exchange;
pub use handler::{AuthServer, Backend, handle};
pub use http::{Method, Request, Response};
pub use jwt::{Alg, DecodedToken, TokenError, VerifyOptions, VerifyReport};
pub use random::RandomSource;
pub use sessions::{Session, SessionError, SessionId, SessionStore};
pub use users::{LoginError, User, UserStore};
