//! Errors on writing name the output the user asked for, never mrio's temporary or
//! lock files (issue 13): a folder output under a path that is not a folder, a file
//! output there, and (when the tests do not run as root) a read-only parent folder.

use mrio::fsio::{write_atomic, OutDir};
use std::path::{Path, PathBuf};

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("mrio-write-errors-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The message names `target` and none of the hidden helper files.
fn names_target_only(msg: &str, target: &Path) {
    assert!(msg.contains(&target.display().to_string()), "{msg}");
    for hidden in [".mrio-lock", ".mrio-new", ".mrio-old", ".tmp-"] {
        assert!(
            !msg.contains(hidden),
            "names a temporary file ({hidden}): {msg}"
        );
    }
}

#[test]
fn folder_output_under_a_file_names_the_target() {
    let d = scratch("dir");
    let file = d.join("plain.txt");
    std::fs::write(&file, "not a folder").unwrap();
    let target = file.join("results");
    let Err(err) = OutDir::create(&target, false, &[]) else {
        panic!("an output under a file was accepted")
    };
    names_target_only(&err.to_string(), &target);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn file_output_under_a_file_names_the_target() {
    let d = scratch("file");
    let file = d.join("plain.txt");
    std::fs::write(&file, "not a folder").unwrap();
    let target = file.join("balanced.csv");
    let err = write_atomic(&target, b"id,x\n").unwrap_err();
    names_target_only(&err.to_string(), &target);
    let _ = std::fs::remove_dir_all(&d);
}

#[cfg(unix)]
#[test]
fn read_only_parent_names_the_target() {
    use std::os::unix::fs::PermissionsExt;
    let d = scratch("ro");
    let parent = d.join("locked");
    std::fs::create_dir(&parent).unwrap();
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(parent.join("probe"), "x").is_ok() {
        // root ignores permissions: nothing to test here.
        let _ = std::fs::remove_file(parent.join("probe"));
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED read_only_parent_names_the_target: running as root, a 0o555 folder is writable"
        );
    } else {
        let target = parent.join("results");
        let Err(err) = OutDir::create(&target, false, &[]) else {
            panic!("an output under a file was accepted")
        };
        names_target_only(&err.to_string(), &target);
        let target = parent.join("balanced.csv");
        let err = write_atomic(&target, b"id,x\n").unwrap_err();
        names_target_only(&err.to_string(), &target);
    }
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
    let _ = std::fs::remove_dir_all(&d);
}
