//! Credentials, independent of HTTP: password hashing, API token secrets, and the throttle on
//! failed sign-ins.

pub mod password;
pub mod proxies;
pub mod throttle;
pub mod token;
