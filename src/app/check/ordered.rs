//! Work done in parallel, results used in input order, with a bounded number in flight.
//!
//! A directory run audits and renders documents on every core, but its reports must come
//! out in input order whatever the number of threads, and must not hold every document's
//! report at once. Rayon's `par_iter().collect()` gives the order but keeps every result;
//! its splitting hands each thread a half of the input, so a reorder buffer behind it
//! would grow with the run. Here workers take items one at a time, in order, from a
//! shared counter, and no worker starts an item more than [`window`] items ahead of the
//! first one not yet used: the results waiting to be used stay bounded by the number of
//! threads, not by the number of items.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// How far ahead of the next result to be used a worker may start an item.
pub fn window(threads: usize) -> usize {
    threads * 4
}

/// What the workers and the consumer share.
struct Shared {
    /// The next item to hand out.
    next: AtomicUsize,
    /// The first item whose result has not been used yet.
    used: Mutex<usize>,
    /// Signalled when `used` moves or the run stops.
    moved: Condvar,
    /// Set when the run stops early (a panic): workers stop waiting.
    stopped: AtomicBool,
}

/// Wakes and releases the workers: when the consumer ends, however it ends, and when a
/// worker panics.
struct Release<'a>(&'a Shared);

impl Drop for Release<'_> {
    fn drop(&mut self) {
        self.0.stopped.store(true, Ordering::SeqCst);
        let _guard = self.0.used.lock().unwrap_or_else(|p| p.into_inner());
        self.0.moved.notify_all();
    }
}

/// Runs `work` on every item on rayon's threads, and `use_result` on each result on the
/// calling thread, in input order.
pub fn for_each<T, R>(items: &[T], work: impl Fn(&T) -> R + Sync, mut use_result: impl FnMut(R))
where
    T: Sync,
    R: Send,
{
    let threads = rayon::current_num_threads().max(1);
    let window = window(threads);
    let shared = Shared {
        next: AtomicUsize::new(0),
        used: Mutex::new(0),
        moved: Condvar::new(),
        stopped: AtomicBool::new(false),
    };
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        let (shared, work) = (&shared, &work);
        scope.spawn(move || {
            rayon::scope(|pool| {
                for _ in 0..threads {
                    let tx = tx.clone();
                    pool.spawn(move |_| worker(items, shared, window, work, &tx));
                }
            });
        });
        let _release = Release(shared);
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        let mut want = 0;
        for (i, r) in rx {
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&want) {
                use_result(r);
                want += 1;
                *shared.used.lock().unwrap_or_else(|p| p.into_inner()) = want;
                shared.moved.notify_all();
            }
        }
    });
}

/// One worker: takes the next item, waits while it is too far ahead, works, sends.
fn worker<T, R>(
    items: &[T],
    shared: &Shared,
    window: usize,
    work: &(impl Fn(&T) -> R + Sync),
    tx: &mpsc::Sender<(usize, R)>,
) {
    loop {
        let i = shared.next.fetch_add(1, Ordering::SeqCst);
        let Some(item) = items.get(i) else {
            return;
        };
        let mut used = shared.used.lock().unwrap_or_else(|p| p.into_inner());
        while i >= *used + window && !shared.stopped.load(Ordering::SeqCst) {
            used = shared.moved.wait(used).unwrap_or_else(|p| p.into_inner());
        }
        drop(used);
        if shared.stopped.load(Ordering::SeqCst) {
            return;
        }
        // A panic is a bug, but must not leave the others waiting for this item forever.
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(item)));
        match r {
            Ok(r) => {
                if tx.send((i, r)).is_err() {
                    return;
                }
            }
            Err(panic) => {
                drop(Release(shared));
                std::panic::resume_unwind(panic);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::for_each;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_in_input_order_and_only_a_window_ahead() {
        let items: Vec<usize> = (0..2_000).collect();
        let started = AtomicUsize::new(0);
        let mut seen = Vec::new();
        let mut most_ahead = 0;
        for_each(
            &items,
            |&i| {
                started.fetch_add(1, Ordering::SeqCst);
                // Uneven work, so later items often finish first.
                let spin = if i % 7 == 0 { 20_000 } else { 10 };
                (0..spin).fold(i, |a, b| a.wrapping_add(b % 3))
                    - (0..spin).map(|b| b % 3).sum::<usize>()
            },
            |r| {
                let ahead = started.load(Ordering::SeqCst) - seen.len();
                most_ahead = most_ahead.max(ahead);
                seen.push(r);
            },
        );
        assert_eq!(seen, items);
        let bound = super::window(rayon::current_num_threads()) + rayon::current_num_threads();
        assert!(
            most_ahead <= bound,
            "{most_ahead} items in flight, bound {bound}"
        );
    }

    #[test]
    fn nothing_to_do_is_done() {
        let mut n = 0;
        for_each(&[] as &[u8], |_| 1, |_: i32| n += 1);
        assert_eq!(n, 0);
    }
}
