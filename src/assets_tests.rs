//! Unit tests of `assets`: the built-in templates keep the names the folder gives them, static
//! paths cannot leave `static/`, and a folder replaces both.

use super::*;
use std::collections::BTreeSet;

fn names(assets: &Assets, folder: &str) -> BTreeSet<String> {
    let mut hb = Handlebars::new();
    assets.register_templates(&mut hb, folder).unwrap();
    hb.get_templates().keys().cloned().collect()
}

fn source_folder() -> Assets {
    Assets::Dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

#[test]
fn built_in_templates_are_named_as_the_folder_names_them() {
    let pages = names(&Assets::BuiltIn, "");
    assert!(pages.contains("sign_in"));
    assert!(pages.contains("partials/layout"));
    assert_eq!(pages, names(&source_folder(), ""));
    let emails = names(&Assets::BuiltIn, "emails");
    assert!(emails.contains("reminder/subject"));
    assert!(emails.contains("partials/footer_html"));
    assert!(!emails.contains("sign_in"));
    assert_eq!(emails, names(&source_folder(), "emails"));
}

#[test]
fn template_names_drop_the_extension_and_skip_other_files() {
    assert_eq!(template_name("home.hbs"), Some("home"));
    assert_eq!(
        template_name("reminder/subject.hbs"),
        Some("reminder/subject")
    );
    assert_eq!(template_name("README.md"), None);
    assert_eq!(template_name("partials/.draft.hbs"), None);
    assert_eq!(template_name("#home.hbs"), None);
}

#[test]
fn built_in_static_files_carry_their_hash_and_stay_inside_static() {
    let css = Assets::BuiltIn.static_file("app.css").unwrap();
    let hash: [u8; 32] = Sha256::digest(&css.bytes).into();
    assert_eq!(css.sha256, hash);
    assert!(Assets::BuiltIn.static_file("favicon.ico").is_some());
    for bad in [
        "../Cargo.toml",
        "",
        "a//b",
        ".hidden",
        "x/../app.css",
        "no-such.css",
    ] {
        assert!(Assets::BuiltIn.static_file(bad).is_none(), "{bad}");
    }
}

#[test]
fn a_folder_replaces_templates_and_static_files_and_edits_show_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("templates/partials")).unwrap();
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    let page = dir.path().join("templates/sign_in.hbs");
    std::fs::write(&page, "first {{> partials/x}}").unwrap();
    std::fs::write(dir.path().join("templates/partials/x.hbs"), "part").unwrap();
    std::fs::write(dir.path().join("static/app.css"), "body{}").unwrap();
    let assets = Assets::Dir(dir.path().to_path_buf());

    let mut hb = Handlebars::new();
    assets.register_templates(&mut hb, "").unwrap();
    assert_eq!(hb.render("sign_in", &()).unwrap(), "first part");
    std::fs::write(&page, "second").unwrap();
    assert_eq!(hb.render("sign_in", &()).unwrap(), "second");

    let css = assets.static_file("app.css").unwrap();
    assert_eq!(&*css.bytes, b"body{}");
    assert_eq!(css.sha256, <[u8; 32]>::from(Sha256::digest(b"body{}")));
    assert!(assets.static_file("pico.min.css").is_none(), "no fallback");
}

#[test]
fn a_missing_folder_is_an_error_naming_it() {
    let assets = Assets::Dir(PathBuf::from("/no/such/pdsa-assets"));
    let err = assets
        .register_templates(&mut Handlebars::new(), "")
        .unwrap_err();
    assert!(err.contains("/no/such/pdsa-assets/templates"), "{err}");
}
