//! The alert chime, played by the desktop's own sound player (PipeWire's `pw-play`,
//! PulseAudio's `paplay` or ALSA's `aplay`) from a WAV file the app writes once, rather than by
//! the page's Web Audio: the first chime in the page loaded GStreamer and its audio stack into
//! the web process for the rest of the day (it grew by 13.7 MB over a day's first three
//! hand-overs, 3.5 MB with a player: per-mapping PSS from /proc/PID/smaps). Where no player
//! works, the main page plays it as before (the `chime` event, which only it follows).
//!
//! The sound is two soft sine tones, the same as the page's (`ui/src/lib/sound.ts`). Players run
//! on a worker thread of their own, one chime at a time: the timer never waits for a sound.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::time::Duration;

use mobflow_api::names::event;
use mobflow_api::{Alert, AlertKind};
use tauri::{AppHandle, Runtime};

use crate::{clock, push};

/// Samples a second: plenty for two tones under 1 kHz.
const RATE: u32 = 22_050;
/// Loudest point of each tone (full scale is 1); a reminder that has grown louder.
const PEAK: f64 = 0.16;
const LOUD_PEAK: f64 = 0.5;
/// The second tone starts this long after the first; each lasts this long.
const GAP_S: f64 = 0.24;
const TONE_S: f64 = 0.9;
/// The pause between chimes played in a row.
const REPEAT_GAP_S: f64 = 0.35;
/// The quiet level the tones rise from and fade to (an exponential ramp cannot start at 0).
const QUIET: f64 = 0.0001;
const ATTACK_S: f64 = 0.04;
/// A player that has not finished by then is stopped (the longest chime lasts under 5 s).
const PLAYER_LIMIT: Duration = Duration::from_secs(15);

/// Hz: rising for "time to act", falling for the gentler early warning.
fn tones(kind: AlertKind) -> [f64; 2] {
    match kind {
        AlertKind::Warning => [783.99, 659.25],
        AlertKind::TurnOver | AlertKind::Overrun => [659.25, 880.0],
        AlertKind::BreakOver => [523.25, 783.99],
    }
}

/// The players tried, in order, each given the WAV file's path last.
const PLAYERS: &[&[&str]] = &[&["pw-play"], &["paplay"], &["aplay", "-q"]];

/// The chime for `kind`, `times` in a row (louder when `loud`), as a WAV file's bytes: mono,
/// 16-bit, [`RATE`].
pub fn wav(kind: AlertKind, loud: bool, times: u32) -> Vec<u8> {
    let peak = if loud { LOUD_PEAK } else { PEAK };
    let times = times.max(1);
    let one = GAP_S + TONE_S;
    let total_s = f64::from(times) * one + f64::from(times - 1) * REPEAT_GAP_S;
    let samples = (total_s * f64::from(RATE)).ceil() as usize;
    let mut pcm = vec![0f64; samples];
    for chime in 0..times {
        let at = f64::from(chime) * (one + REPEAT_GAP_S);
        for (i, hz) in tones(kind).into_iter().enumerate() {
            add_tone(&mut pcm, at + i as f64 * GAP_S, hz, peak);
        }
    }
    let data_len = (pcm.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + pcm.len() * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&RATE.to_le_bytes());
    out.extend_from_slice(&(RATE * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in pcm {
        let v = (s.clamp(-1.0, 1.0) * f64::from(i16::MAX)).round() as i16;
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// Adds one tone starting at `start` s: a soft attack to `peak`, then a long fade (a chime,
/// not a beep), as the page's exponential ramps do.
fn add_tone(pcm: &mut [f64], start: f64, hz: f64, peak: f64) {
    let first = (start * f64::from(RATE)) as usize;
    let len = (TONE_S * f64::from(RATE)) as usize;
    for (n, sample) in pcm.iter_mut().skip(first).take(len).enumerate() {
        let t = n as f64 / f64::from(RATE);
        let gain = if t < ATTACK_S {
            QUIET * (peak / QUIET).powf(t / ATTACK_S)
        } else {
            peak * (QUIET / peak).powf((t - ATTACK_S) / (TONE_S - ATTACK_S))
        };
        *sample += gain * (std::f64::consts::TAU * hz * t).sin();
    }
}

/// Plays chimes on a worker thread; where no player works, the main page plays them.
pub struct Chimes {
    queue: SyncSender<Alert>,
}

impl Chimes {
    /// Starts the worker; WAV files go to `dir` (the app's private runtime folder).
    pub fn new<R: Runtime>(app: AppHandle<R>, dir: PathBuf) -> Chimes {
        let (queue, jobs) = sync_channel::<Alert>(2);
        std::thread::Builder::new()
            .name("mobflow-chime".into())
            .spawn(move || play_all(&app, &dir, jobs))
            .expect("spawning the chime thread");
        Chimes { queue }
    }

    /// Plays `alert`'s chime (its kind, loudness and count), unless two are already waiting.
    pub fn play(&self, alert: Alert) {
        match self.queue.try_send(alert) {
            Ok(()) | Err(TrySendError::Disconnected(_)) => {}
            Err(TrySendError::Full(_)) => eprintln!("mobflow: chimes are queued up; one skipped"),
        }
    }
}

fn play_all<R: Runtime>(app: &AppHandle<R>, dir: &Path, jobs: Receiver<Alert>) {
    // The player that worked last is tried first. Which one plays (or that none does) is said
    // once, and again when that changes.
    let mut works: Option<usize> = None;
    let mut said: Option<Option<usize>> = None;
    for alert in jobs {
        let file = match written(dir, &alert) {
            Ok(file) => file,
            Err(error) => {
                eprintln!(
                    "mobflow: could not write the chime to {}: {error}",
                    dir.display()
                );
                push::to_every(app, event::CHIME, &alert);
                continue;
            }
        };
        let last = works;
        let order = last
            .into_iter()
            .chain((0..PLAYERS.len()).filter(|i| Some(*i) != last));
        works = order.into_iter().find(|i| play(PLAYERS[*i], &file));
        if said != Some(works) {
            said = Some(works);
            match works {
                Some(i) => eprintln!("mobflow: alert chimes play through {}", PLAYERS[i][0]),
                None => eprintln!(
                    "mobflow: no sound player (pw-play, paplay, aplay) could play the chime; \
                     the window plays it"
                ),
            }
        }
        if works.is_none() {
            // No player here (or none could reach a sound device): the page plays it.
            push::to_every(app, event::CHIME, &alert);
        }
    }
}

/// The chime's WAV file in `dir`, written the first time it is wanted.
fn written(dir: &Path, alert: &Alert) -> std::io::Result<PathBuf> {
    let kind = match alert.kind {
        AlertKind::Warning => "warning",
        AlertKind::TurnOver => "turn_over",
        AlertKind::Overrun => "overrun",
        AlertKind::BreakOver => "break_over",
    };
    let loud = if alert.loud { "-loud" } else { "" };
    let times = alert.chimes.clamp(1, 9);
    let path = dir.join(format!("chime-{kind}{loud}-{times}.wav"));
    if !path.exists() {
        // Whole or not at all under its name (a cache in the runtime folder: nothing to sync).
        let tmp = path.with_extension("wav.tmp");
        std::fs::write(&tmp, wav(alert.kind, alert.loud, times))?;
        std::fs::rename(&tmp, &path)?;
    }
    Ok(path)
}

/// Runs `player` on `file` to its end; true when it played it (exit status 0).
fn play(player: &[&str], file: &Path) -> bool {
    let mut cmd = Command::new(player[0]);
    crate::webkit::as_launched(&mut cmd)
        .args(&player[1..])
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let Ok(mut child) = cmd.spawn() else {
        return false;
    };
    let deadline = clock::read().mono + PLAYER_LIMIT;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return status.success(),
            Ok(None) if clock::read().mono < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(wav: &[u8]) -> Vec<i16> {
        wav[44..]
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect()
    }

    #[test]
    fn the_chime_is_a_wav_file_of_two_tones_that_fade() {
        let bytes = wav(AlertKind::TurnOver, false, 1);
        assert_eq!(&bytes[0..4], b"RIFF");
        assert_eq!(&bytes[8..16], b"WAVEfmt ");
        assert_eq!(u32::from_le_bytes(bytes[24..28].try_into().unwrap()), RATE);
        let pcm = samples(&bytes);
        let secs = pcm.len() as f64 / f64::from(RATE);
        assert!(
            (secs - (GAP_S + TONE_S)).abs() < 0.01,
            "one chime lasts {secs} s"
        );
        let loudest = pcm.iter().map(|s| s.unsigned_abs()).max().unwrap();
        let limit = (PEAK * 2.0 * f64::from(i16::MAX)) as u16;
        assert!(loudest > 1000 && loudest <= limit, "soft: {loudest}");
        let tail = &pcm[pcm.len() - 100..];
        assert!(
            tail.iter().all(|s| s.unsigned_abs() < 50),
            "it fades out: {tail:?}"
        );
    }

    #[test]
    fn a_louder_reminder_is_louder_and_repeats() {
        let soft = samples(&wav(AlertKind::Overrun, false, 1));
        let loud = samples(&wav(AlertKind::Overrun, true, 3));
        let peak = |pcm: &[i16]| pcm.iter().map(|s| s.unsigned_abs()).max().unwrap();
        assert!(peak(&loud) > 2 * peak(&soft));
        let secs = loud.len() as f64 / f64::from(RATE);
        let want = 3.0 * (GAP_S + TONE_S) + 2.0 * REPEAT_GAP_S;
        assert!((secs - want).abs() < 0.01, "three chimes last {secs} s");
    }
}
