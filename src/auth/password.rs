//! Argon2 password hashes (PHC strings with their own salt).

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// The shortest password accepted.
pub const MIN_LEN: usize = 10;

/// Hashes a password with a fresh salt.
pub fn hash(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

/// Whether `password` matches the stored PHC string; a malformed hash never matches.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of a random password, made once with the same parameters as every real hash: a
/// sign-in for an address with no account (or no password yet) is checked against it, so that
/// it costs the same work as one with an account and the answer's time tells nothing.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash(&super::token::random_hex()).unwrap_or_default())
}

/// Makes the dummy hash now (at start-up), so the first unknown address costs no extra hash.
pub fn warm_up() {
    let _ = dummy_hash();
}

/// Checks `password` against the stored hash, or against the dummy when there is none: one
/// argon2 verification either way. False without a stored hash, whatever was typed.
pub fn verify_or_dummy(password: &str, stored: Option<&str>) -> bool {
    match stored {
        Some(phc) => verify(password, phc),
        None => {
            verify(password, dummy_hash());
            false
        }
    }
}

/// A password people can use: long enough, not only spaces.
pub fn check_new(password: &str) -> Result<(), crate::domain::Violation> {
    if password.trim().chars().count() < MIN_LEN {
        return Err(crate::domain::Violation::new(
            "password",
            format!("must be at least {MIN_LEN} characters"),
        ));
    }
    Ok(())
}

/// A random password for `create-user` when none is given: 20 characters people can type.
pub fn generate() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterx", &h));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn the_dummy_costs_what_a_real_hash_costs_and_never_matches() {
        let real = hash("anything at all").unwrap();
        let params = |h: &str| h.rsplitn(3, '$').nth(2).unwrap().to_string();
        assert_eq!(
            params(dummy_hash()),
            params(&real),
            "same algorithm and cost"
        );
        assert!(!verify_or_dummy("anything at all", None));
        assert!(verify_or_dummy("anything at all", Some(&real)));
    }

    #[test]
    fn each_hash_has_its_own_salt() {
        assert_ne!(
            hash("same password").unwrap(),
            hash("same password").unwrap()
        );
    }

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(check_new("short").unwrap_err().field, "password");
        assert!(check_new("long enough pw").is_ok());
        let g = generate();
        assert_eq!(g.len(), 20);
        assert!(check_new(&g).is_ok());
    }
}
