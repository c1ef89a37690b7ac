//! Folders only the till's own user may read: the database, the log and the signing key
//! live there, and each holds what others must not read.

/// Creates `dir` and its parents, mode 0700 where the system has modes.
#[cfg(unix)]
pub(crate) fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
pub(crate) fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}
