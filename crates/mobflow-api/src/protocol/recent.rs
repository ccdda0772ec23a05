//! Answers to recent changing requests, by id: what makes a retried request safe.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::{Request, Response};
use crate::{ApiError, ErrorCode};

/// How long a retry waits for the answer of a first attempt that is still being carried out,
/// before it is told the app is busy.
pub const RETRY_WAIT: Duration = Duration::from_secs(2);

/// The answers to the last few changing requests, by id: each is carried out once, and a retry
/// gets the first answer (waiting for it while the first attempt still runs). Bounded: the
/// oldest answers are forgotten first.
pub struct Recent {
    entries: Mutex<Entries>,
    answered: Condvar,
    capacity: usize,
}

struct Entries {
    by_id: HashMap<String, (Request, Option<Response>)>,
    /// Ids in the order they came, oldest first.
    order: VecDeque<String>,
}

impl Recent {
    /// Remembers up to `capacity` answers.
    pub fn new(capacity: usize) -> Recent {
        Recent {
            entries: Mutex::new(Entries {
                by_id: HashMap::new(),
                order: VecDeque::new(),
            }),
            answered: Condvar::new(),
            capacity: capacity.max(1),
        }
    }

    fn entries(&self) -> MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Carries out `request` (by calling `run`) unless a request with this `id` was: then the
    /// answer it got. The same id with another request is refused.
    pub fn once(&self, id: &str, request: &Request, run: impl FnOnce() -> Response) -> Response {
        let mut entries = self.entries();
        match entries.by_id.get(id) {
            None => {}
            Some((first, _)) if first != request => {
                return Response::Error {
                    error: ApiError::new(
                        ErrorCode::BadRequest,
                        format!("the request id {id:?} was already used for another request"),
                    ),
                };
            }
            Some((_, Some(answer))) => return answer.clone(),
            Some((_, None)) => {
                let (entries, _) = self
                    .answered
                    .wait_timeout_while(entries, RETRY_WAIT, |e| {
                        matches!(e.by_id.get(id), Some((_, None)))
                    })
                    .unwrap_or_else(PoisonError::into_inner);
                return match entries.by_id.get(id) {
                    Some((_, Some(answer))) => answer.clone(),
                    _ => Response::Error {
                        error: ApiError::new(
                            ErrorCode::Busy,
                            "Mobflow is still carrying out the first attempt of this request; \
                             check `mobflow status` before trying again",
                        ),
                    },
                };
            }
        }
        entries.by_id.insert(id.to_owned(), (request.clone(), None));
        entries.order.push_back(id.to_owned());
        self.forget_old(&mut entries);
        drop(entries);
        // If `run` unwinds, the entry goes, so a retry is carried out rather than stuck.
        let mut pending = Pending {
            recent: self,
            id,
            done: false,
        };
        let answer = run();
        pending.done = true;
        if let Some(entry) = self.entries().by_id.get_mut(id) {
            entry.1 = Some(answer.clone());
        }
        self.answered.notify_all();
        answer
    }

    /// Forgets the oldest answered entries beyond the capacity (one still running stays).
    fn forget_old(&self, entries: &mut Entries) {
        let mut kept = VecDeque::new();
        while entries.by_id.len() > self.capacity {
            let Some(id) = entries.order.pop_front() else {
                break;
            };
            if matches!(entries.by_id.get(&id), Some((_, None))) {
                kept.push_back(id);
            } else {
                entries.by_id.remove(&id);
            }
        }
        while let Some(id) = kept.pop_back() {
            entries.order.push_front(id);
        }
    }
}

/// An entry whose request is being carried out; removed if that never finishes.
struct Pending<'a> {
    recent: &'a Recent,
    id: &'a str,
    done: bool,
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        if !self.done {
            let mut entries = self.recent.entries();
            entries.by_id.remove(self.id);
            entries.order.retain(|id| id != self.id);
            drop(entries);
            self.recent.answered.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use mobflow_core::Command;

    use crate::Snapshot;
    fn ok() -> Response {
        Response::Ok {
            snapshot: Box::new(Snapshot::of(
                &mobflow_core::Mob::default(),
                chrono::DateTime::UNIX_EPOCH,
            )),
            board: None,
            test_report: None,
        }
    }

    #[test]
    fn a_retried_request_is_carried_out_once() {
        let recent = Recent::new(2);
        let runs = AtomicUsize::new(0);
        let next = Request::Run {
            command: Command::Next,
        };
        let run = || {
            runs.fetch_add(1, Ordering::SeqCst);
            ok()
        };
        let first = recent.once("a", &next, run);
        let again = recent.once("a", &next, || {
            runs.fetch_add(1, Ordering::SeqCst);
            ok()
        });
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "the retry was not carried out"
        );
        assert_eq!(first, again, "the retry gets the first answer");
        let other = recent.once(
            "a",
            &Request::Run {
                command: Command::Skip,
            },
            ok,
        );
        assert!(
            matches!(other, Response::Error { ref error } if error.code == ErrorCode::BadRequest),
            "one id, two requests: refused, {other:?}"
        );
        recent.once("b", &next, ok);
        recent.once("c", &next, ok);
        recent.once("a", &next, || {
            runs.fetch_add(1, Ordering::SeqCst);
            ok()
        });
        assert_eq!(
            runs.load(Ordering::SeqCst),
            2,
            "with room for two, the oldest id is forgotten"
        );
    }

    #[test]
    fn a_retry_waits_for_the_first_attempt_and_a_failed_one_is_forgotten() {
        let recent = std::sync::Arc::new(Recent::new(8));
        let next = Request::Run {
            command: Command::Next,
        };
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (finish_tx, finish_rx) = std::sync::mpsc::channel::<()>();
        let first = {
            let recent = recent.clone();
            let next = next.clone();
            std::thread::spawn(move || {
                recent.once("x", &next, || {
                    started_tx.send(()).unwrap();
                    finish_rx.recv().unwrap();
                    ok()
                })
            })
        };
        started_rx.recv().unwrap();
        let retry = {
            let recent = recent.clone();
            let next = next.clone();
            std::thread::spawn(move || recent.once("x", &next, || panic!("run twice")))
        };
        finish_tx.send(()).unwrap();
        let first = first.join().unwrap();
        assert_eq!(
            retry.join().unwrap(),
            first,
            "a retry during the first attempt waits for its answer"
        );

        let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            recent.once("y", &next, || panic!("the handler failed"))
        }));
        assert!(unwound.is_err());
        let runs = AtomicUsize::new(0);
        recent.once("y", &next, || {
            runs.fetch_add(1, Ordering::SeqCst);
            ok()
        });
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "an attempt that never answered does not block a retry"
        );
    }
}
