//! The one integration-test binary: every test runs the real app (`pdsa::build_app`) over a fresh
//! temporary SQLite file. `support` holds the `TestApp` builder and a cookie-keeping browser.

mod support;

mod auth;
