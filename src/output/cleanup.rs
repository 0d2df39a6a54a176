//! Temporary files that must not outlive the run, even when it is interrupted.
//!
//! A report is rendered into a temporary file beside its target before it is renamed into
//! place. If the user presses Ctrl-C or CI sends SIGTERM meanwhile, the process ends
//! without unwinding, so the temporary files' destructors never run. Every temporary file
//! is therefore registered here while it exists, and a signal thread (installed with the
//! first one) removes the registered files and exits with the shell's code for the signal:
//! 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP.
//!
//! The registry's lock is also held while a run renames its outputs into place, so a
//! signal arriving then waits for the renames: the outputs appear together or not at all.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};

static REGISTRY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();

/// The registry, locked. A poisoned lock still holds a valid list of paths.
pub struct Registry(MutexGuard<'static, Vec<PathBuf>>);

/// Locks the registry; installs the signal handler the first time.
pub fn lock() -> Registry {
    HANDLER.call_once(install);
    Registry(
        REGISTRY
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    )
}

impl Registry {
    /// Remembers a temporary file to remove if the run is interrupted.
    pub fn add(&mut self, path: &Path) {
        self.0.push(path.to_path_buf());
    }

    /// Forgets a temporary file: it was renamed into place or removed.
    pub fn forget(&mut self, path: &Path) {
        if let Some(i) = self.0.iter().rposition(|p| p == path) {
            self.0.swap_remove(i);
        }
    }

    /// Removes every registered temporary file; returns how many there were.
    pub fn remove_all(&mut self) -> usize {
        remove_files(&mut self.0)
    }

    /// True if the file is registered.
    #[cfg(test)]
    pub fn holds(&self, path: &Path) -> bool {
        self.0.iter().any(|p| p == path)
    }
}

/// Removes the files of a list and empties it; returns how many there were.
fn remove_files(list: &mut Vec<PathBuf>) -> usize {
    let n = list.len();
    for p in list.drain(..) {
        let _ = std::fs::remove_file(p);
    }
    n
}

#[cfg(unix)]
fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // Without a handler the run still ends on a signal, as it always did; it only may
    // leave temporary files behind, so a failure to install is not worth stopping for.
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("aftercert-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                lock().remove_all();
                std::process::exit(128 + signal);
            }
        });
    drop(spawned);
}

#[cfg(not(unix))]
fn install() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signal_cleanup_removes_every_listed_file_and_empties_the_list() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.tmp"), dir.path().join("b.tmp"));
        std::fs::write(&a, "a").unwrap();
        std::fs::write(&b, "b").unwrap();
        let mut list = vec![a.clone(), b.clone(), dir.path().join("gone.tmp")];
        assert_eq!(remove_files(&mut list), 3);
        assert!(list.is_empty() && !a.exists() && !b.exists());
    }

    #[test]
    fn a_forgotten_file_is_no_longer_registered() {
        let path = Path::new("/nonexistent/aftercert-registry-test.tmp");
        let mut reg = lock();
        reg.add(path);
        assert!(reg.holds(path));
        reg.forget(path);
        assert!(!reg.holds(path));
    }
}
