//! Faults injected from outside the running app: storage that stops working under it (a write
//! lock held by another program, a read-only data folder, a full disk), kill -9 at random
//! moments, a retried request, a crowd on the socket. Each test prints what it measured.
//!
//! The promise held here (ARCHITECTURE.md, "Durability"): the timer never waits on storage; a
//! command is answered once applied, and its answer says whether it is on disk (`storage`);
//! changes that could not be written are kept and written in order, once, when storage works
//! again; an answer that said "on disk" survives kill -9.

mod deadline;
mod faults;
mod kill;
mod requests;

use std::path::Path;
use std::time::Duration;

use mobflow_api::protocol::{Request, Response};
use mobflow_api::{client, ApiError, Snapshot};

use crate::support::{App, Env};

/// One request to the app through the client the CLI uses; its snapshot.
fn call(socket: &Path, request: Request) -> Result<Snapshot, ApiError> {
    match client::call(socket, &request)? {
        Response::Ok { snapshot, .. } => Ok(*snapshot),
        Response::Error { error } => Err(error),
    }
}

/// The app with a HOME of its own, so the data folder holds only the database.
fn launch(env: &Env, home: &tempfile::TempDir) -> App {
    env.launch_with(&[("HOME", home.path().to_str().unwrap())])
}

fn ms(d: Duration) -> u128 {
    d.as_millis()
}
