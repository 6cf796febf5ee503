//! Templates and static files. Both are built into the binary (as the migrations and seeds are),
//! so a copied `pdsa` runs from any folder and reads nothing beside it. `PDSA_ASSET_DIR` names a
//! folder with `templates/` and `static/` to read instead, so that templates and the stylesheet
//! can be worked on without a rebuild: an edit shows on the next request.

use crate::config::Config;
use handlebars::Handlebars;
use rust_embed::Embed;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// `templates/` as it was at build time. The `debug-embed` feature embeds it in debug builds
/// too: without it rust-embed reads the build machine's source folder at run time, which is
/// the dependency on a checkout this module exists to remove.
#[derive(Embed)]
#[folder = "templates/"]
struct BuiltInTemplates;

/// `static/` as it was at build time.
#[derive(Embed)]
#[folder = "static/"]
struct BuiltInStatic;

/// Where templates and static files come from; decided by `Config` alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assets {
    /// The copies built into the binary; nothing is read from disk.
    BuiltIn,
    /// `templates/` and `static/` under this folder (`PDSA_ASSET_DIR`).
    Dir(PathBuf),
}

/// One static file: its bytes and their SHA-256, which is its ETag (computed at build time for
/// the built-in files, so serving one hashes nothing).
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// The content.
    pub bytes: Cow<'static, [u8]>,
    /// SHA-256 of `bytes`.
    pub sha256: [u8; 32],
}

impl Assets {
    /// The folder of `PDSA_ASSET_DIR` when it is set, else the built-in copies.
    pub fn of(config: &Config) -> Assets {
        config
            .asset_dir
            .clone()
            .map_or(Assets::BuiltIn, Assets::Dir)
    }

    /// Registers every `*.hbs` under `templates/<folder>` (`""` for all), each named by its path
    /// below that folder without `.hbs` (`home`, `partials/layout`, `reminder/subject`), as
    /// handlebars' directory loader named them. From a folder the registry is put in dev mode,
    /// which re-reads a template file on every render.
    pub fn register_templates(
        &self,
        hb: &mut Handlebars<'static>,
        folder: &str,
    ) -> Result<(), String> {
        match self {
            Assets::BuiltIn => register_built_in(hb, folder),
            Assets::Dir(dir) => register_from_dir(hb, &dir.join("templates").join(folder)),
        }
    }

    /// The file at `path` below `static/`; `None` when there is none, or when the path has a
    /// hidden, empty or parent (`..`) part, so nothing outside `static/` can be named.
    pub fn static_file(&self, path: &str) -> Option<StaticFile> {
        if !safe_path(path) {
            return None;
        }
        match self {
            Assets::BuiltIn => BuiltInStatic::get(path).map(|f| StaticFile {
                sha256: f.metadata.sha256_hash(),
                bytes: f.data,
            }),
            Assets::Dir(dir) => read_static(&dir.join("static").join(path)),
        }
    }
}

/// Each part of a `/`-separated path is a plain name: not empty, not hidden, not `..`.
fn safe_path(path: &str) -> bool {
    path.split('/')
        .all(|part| !part.is_empty() && !part.starts_with('.') && !part.contains('\\'))
}

fn read_static(file: &Path) -> Option<StaticFile> {
    let bytes = std::fs::read(file).ok()?;
    Some(StaticFile {
        sha256: Sha256::digest(&bytes).into(),
        bytes: Cow::Owned(bytes),
    })
}

/// The template name of a path below the templates folder: without `.hbs`, and `None` for other
/// files and for hidden (`.x.hbs`) or editor-temporary (`#x.hbs`) ones, which handlebars'
/// directory loader skipped too.
fn template_name(relative: &str) -> Option<&str> {
    let name = relative.strip_suffix(".hbs")?;
    let file = name.rsplit('/').next().unwrap_or(name);
    (!file.is_empty() && !file.starts_with('.') && !file.starts_with('#')).then_some(name)
}

fn register_built_in(hb: &mut Handlebars<'static>, folder: &str) -> Result<(), String> {
    let prefix = if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    };
    for path in BuiltInTemplates::iter() {
        let Some(name) = path.strip_prefix(&prefix).and_then(template_name) else {
            continue;
        };
        let file = BuiltInTemplates::get(&path).ok_or_else(|| format!("{path} is missing"))?;
        let source =
            std::str::from_utf8(&file.data).map_err(|e| format!("{path} is not UTF-8: {e}"))?;
        hb.register_template_string(name, source)
            .map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(())
}

fn register_from_dir(hb: &mut Handlebars<'static>, root: &Path) -> Result<(), String> {
    hb.set_dev_mode(true);
    for (relative, file) in files_below(root)? {
        if let Some(name) = template_name(&relative) {
            hb.register_template_file(name, &file)
                .map_err(|e| format!("{}: {e}", file.display()))?;
        }
    }
    Ok(())
}

/// Every file below `root` with its `/`-separated path relative to `root`; a folder that cannot
/// be read (a mistyped `PDSA_ASSET_DIR`) is an error naming it.
fn files_below(root: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder)
            .map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot read {}: {e}", folder.display()))?
                .path();
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(relative) = path.strip_prefix(root) {
                let parts: Vec<_> = relative.iter().map(|p| p.to_string_lossy()).collect();
                files.push((parts.join("/"), path));
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
#[path = "assets_tests.rs"]
mod tests;
