//! Starting the service on a history: a clock set back while the app was closed is noticed.

use chrono::{DateTime, Duration, Utc};
use mobflow_api::{Service, TimerState};
use mobflow_core::Command;

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + Duration::minutes(minutes)
}

#[test]
fn a_clock_set_back_while_closed_is_asked_about_and_the_turn_keeps_its_time() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut service = Service::open(dir.path(), at(0)).unwrap();
        service
            .execute(&Command::AddMember { name: "Ada".into() }, at(0))
            .unwrap();
        service.execute(&Command::Start, at(0)).unwrap();
        service.heartbeat(at(3));
        let stored = service.storage().flush(std::time::Duration::from_secs(30));
        assert_eq!(
            stored.pending, 0,
            "everything is on disk before the app closes"
        );
    }
    // Reopened with the clock an hour behind the last heartbeat.
    let service = Service::open(dir.path(), at(3 - 60)).unwrap();
    let snapshot = service.snapshot(at(3 - 60));
    assert!(
        snapshot.away.is_some(),
        "how long the app was away is unknown: the mob is asked"
    );
    assert_eq!(snapshot.state, TimerState::Running, "the turn is still on");
    assert_eq!(
        snapshot.remaining_ms,
        7 * 60_000,
        "it keeps the 7 minutes it had when last alive, not 67"
    );
}
