//! The seed user for tests that build labs or servers of their own (`#[path]`-included by each).

use std::sync::OnceLock;

use jwt_session_tutor::auth::users::{
    SEED_PASSWORD, SEED_USER_ID, SEED_USERNAME, User, hash_password, new_salt,
};
use jwt_session_tutor::auth::{RandomSource, UserStore};

/// One argon2 hash for the whole test binary; every lab or server gets copies of this user.
pub fn users() -> UserStore {
    static USER: OnceLock<User> = OnceLock::new();
    let user = USER.get_or_init(|| User {
        id: SEED_USER_ID,
        username: SEED_USERNAME.to_string(),
        password_hash: hash_password(SEED_PASSWORD, &new_salt(&mut RandomSource::seeded(1))),
    });
    UserStore::from_users(vec![user.clone()])
}
