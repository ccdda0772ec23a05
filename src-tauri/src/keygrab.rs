//! Global shortcuts on X11: passive key grabs on the root window, and one thread that sleeps on
//! the X connection until a grabbed key is pressed.
//!
//! Written here rather than taken from `global-hotkey`: that crate's X11 thread wakes every
//! 50 ms to look for key presses and for work, all day, in every state (about 0.1 % of a core
//! while nothing happens, and up to 50 ms added to each key press). Here the thread blocks in
//! the X connection's read, and grabbing and letting go are done from the caller's thread on the
//! same connection (x11rb's connection is shared between threads: a reply another thread waits
//! for is handed over by whichever thread reads it).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use x11rb::connection::Connection;
use x11rb::errors::ReplyError;
use x11rb::protocol::xproto::{ConnectionExt as _, GrabMode, Keycode, ModMask, Window};
use x11rb::protocol::{xkb, ErrorKind, Event};
use x11rb::rust_connection::RustConnection;

/// A shortcut as X11 sees it: the modifiers held and the key's symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    mods: u16,
    keysym: u32,
}

/// The modifiers a shortcut's text names, as X11's modifier bits.
const MODIFIERS: &[(&str, ModMask)] = &[
    ("Ctrl", ModMask::CONTROL),
    ("Alt", ModMask::M1),
    ("Shift", ModMask::SHIFT),
    ("Super", ModMask::M4),
];

/// The X11 key symbols (keysymdef.h) of the named keys the core's shortcut grammar accepts.
const NAMED_KEYS: &[(&str, u32)] = &[
    ("Space", 0x0020),
    ("Enter", 0xff0d),
    ("Tab", 0xff09),
    ("Backspace", 0xff08),
    ("Delete", 0xffff),
    ("Insert", 0xff63),
    ("Home", 0xff50),
    ("End", 0xff57),
    ("PageUp", 0xff55),
    ("PageDown", 0xff56),
    ("Up", 0xff52),
    ("Down", 0xff54),
    ("Left", 0xff51),
    ("Right", 0xff53),
    ("Escape", 0xff1b),
    ("Minus", 0x002d),
    ("Equal", 0x003d),
    ("Comma", 0x002c),
    ("Period", 0x002e),
    ("Slash", 0x002f),
    ("Semicolon", 0x003b),
    ("Quote", 0x0027),
    ("Backquote", 0x0060),
    ("Backslash", 0x005c),
    ("BracketLeft", 0x005b),
    ("BracketRight", 0x005d),
];

/// A held key's repeats come this soon after the press (X's default delay is 660 ms) and each
/// other (25 a second): a press of the same key later than this is a new press.
const REPEAT_WITHIN_MS: u32 = 1000;

/// `XK_F1`; F2 to F24 follow it.
const KEYSYM_F1: u32 = 0xffbe;

/// The modifier bits a shortcut can name; the lock keys' bits are left out of a key press.
fn chord_mods() -> ModMask {
    ModMask::CONTROL | ModMask::M1 | ModMask::SHIFT | ModMask::M4
}

/// X11 grabs a key with exactly the modifiers held: NumLock and CapsLock count too, so each
/// shortcut is grabbed also with them on.
fn locks() -> [u16; 4] {
    let (num, caps) = (ModMask::M2.bits(), ModMask::LOCK.bits());
    [0, num, caps, num | caps]
}

impl Chord {
    /// Reads a shortcut written the way the core's `normalize_shortcut` writes it
    /// (`Ctrl+Alt+Shift+N`, `Super+F9`, `Alt+Equal`).
    pub fn parse(text: &str) -> Result<Chord, String> {
        let mut parts: Vec<&str> = text.split('+').collect();
        let key = parts.pop().filter(|k| !k.is_empty()).ok_or("no key")?;
        let mut mods = 0u16;
        for part in parts {
            let (_, bit) = MODIFIERS
                .iter()
                .find(|(name, _)| *name == part)
                .ok_or_else(|| format!("\"{part}\" is not a modifier"))?;
            mods |= bit.bits();
        }
        Ok(Chord {
            mods,
            keysym: keysym(key).ok_or_else(|| format!("\"{key}\" is not a key"))?,
        })
    }
}

/// The key symbol of a key's name: a letter (its lower case symbol, the one a key map lists
/// first), a digit, F1 to F24, or a named key.
fn keysym(key: &str) -> Option<u32> {
    let mut chars = key.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_ascii_alphanumeric() {
            return Some(u32::from(c.to_ascii_lowercase()));
        }
    }
    if let Some(n) = key.strip_prefix('F').and_then(|n| n.parse::<u32>().ok()) {
        return (1..=24).contains(&n).then_some(KEYSYM_F1 + n - 1);
    }
    NAMED_KEYS
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, sym)| *sym)
}

/// Why a shortcut could not be grabbed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrabError {
    /// Another program holds the same keys.
    Taken,
    /// This keyboard's layout has no key for the symbol.
    NoKey,
    /// The X server refused or the connection is gone.
    Failed(String),
}

impl std::fmt::Display for GrabError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GrabError::Taken => f.write_str("another program already uses these keys"),
            GrabError::NoKey => f.write_str("this keyboard layout has no such key"),
            GrabError::Failed(why) => write!(f, "the X server refused it: {why}"),
        }
    }
}

/// The keys held down, with the X server's time (ms) of each one's last press or repeat.
#[derive(Default)]
struct Held(HashMap<Keycode, u32>);

impl Held {
    /// Whether a press of `key` at `time` is a new press, not a held key's repeat. A repeat
    /// comes well within a second of the press or the repeat before; a press long after a
    /// release that never came (a grab let go while the key was down) is a press.
    fn press(&mut self, key: Keycode, time: u32) -> bool {
        let last = self.0.insert(key, time);
        last.is_none_or(|at| time.wrapping_sub(at) >= REPEAT_WITHIN_MS)
    }

    fn release(&mut self, key: Keycode) {
        self.0.remove(&key);
    }
}

/// One connection to the X server, its grabs, and the thread that hears them.
pub struct Grabber {
    conn: RustConnection,
    root: Window,
    /// What each grabbed key and modifiers stand for.
    grabs: Mutex<HashMap<(Keycode, u16), Chord>>,
}

impl Grabber {
    /// Connects to the X server of `$DISPLAY` and starts the thread that calls `on_press` with
    /// the chord of each grabbed key pressed (once per press: a held key's repeats are not
    /// presses). Fails where there is no X server (a Wayland session without Xwayland).
    pub fn connect(on_press: impl Fn(Chord) + Send + 'static) -> Result<Arc<Grabber>, String> {
        let (conn, screen) = RustConnection::connect(None).map_err(|error| {
            format!("global shortcuts need an X11 display ({error}); use the mobflow command")
        })?;
        let root = conn.setup().roots[screen].root;
        // A held key repeats as presses without releases, so the thread can tell a repeat from
        // a press. Without XKB a repeat is a release and a press: it acts again, nothing worse.
        let detectable = xkb::ConnectionExt::xkb_use_extension(&conn, 1, 0)
            .ok()
            .and_then(|cookie| cookie.reply().ok())
            .is_some_and(|reply| reply.supported);
        if detectable {
            let flag = xkb::PerClientFlag::DETECTABLE_AUTO_REPEAT;
            if let Ok(cookie) = xkb::ConnectionExt::xkb_per_client_flags(
                &conn,
                xkb::ID::USE_CORE_KBD.into(),
                flag,
                flag,
                Default::default(),
                Default::default(),
                Default::default(),
            ) {
                let _ = cookie.reply();
            }
        }
        let grabber = Arc::new(Grabber {
            conn,
            root,
            grabs: Mutex::new(HashMap::new()),
        });
        let listener = Arc::clone(&grabber);
        std::thread::Builder::new()
            .name("mobflow-keys".into())
            .spawn(move || listener.listen(on_press))
            .map_err(|error| format!("could not start the shortcut thread: {error}"))?;
        Ok(grabber)
    }

    /// Sleeps on the connection; wakes only for what the X server sends (the grabbed keys, and
    /// the replies the other threads' requests are waiting for).
    fn listen(&self, on_press: impl Fn(Chord)) {
        let mut held = Held::default();
        loop {
            match self.conn.wait_for_event() {
                Ok(Event::KeyPress(press)) => {
                    if !held.press(press.detail, press.time) {
                        continue;
                    }
                    let mods = u16::from(press.state) & chord_mods().bits();
                    let chord = self
                        .grabs
                        .lock()
                        .ok()
                        .and_then(|grabs| grabs.get(&(press.detail, mods)).copied());
                    if let Some(chord) = chord {
                        on_press(chord);
                    }
                }
                Ok(Event::KeyRelease(release)) => held.release(release.detail),
                Ok(_) => {}
                Err(error) => {
                    eprintln!("mobflow: the global shortcuts' X connection closed: {error}");
                    return;
                }
            }
        }
    }

    /// Grabs `chord` on the root window, with every combination of the lock keys. Returns once
    /// the X server has answered.
    pub fn grab(&self, chord: Chord) -> Result<(), GrabError> {
        let keycode = self.keycode(chord.keysym)?.ok_or(GrabError::NoKey)?;
        let failed = |error: &dyn std::fmt::Display| GrabError::Failed(error.to_string());
        let mut cookies = Vec::with_capacity(4);
        for lock in locks() {
            let mods = ModMask::from(chord.mods | lock);
            cookies.push(
                self.conn
                    .grab_key(
                        false,
                        self.root,
                        mods,
                        keycode,
                        GrabMode::ASYNC,
                        GrabMode::ASYNC,
                    )
                    .map_err(|e| failed(&e))?,
            );
        }
        let mut outcome = Ok(());
        for cookie in cookies {
            let checked = match cookie.check() {
                Ok(()) => Ok(()),
                Err(ReplyError::X11Error(error)) if error.error_kind == ErrorKind::Access => {
                    Err(GrabError::Taken)
                }
                Err(error) => Err(failed(&error)),
            };
            if outcome.is_ok() {
                outcome = checked;
            }
        }
        match outcome {
            Ok(()) => {
                if let Ok(mut grabs) = self.grabs.lock() {
                    grabs.insert((keycode, chord.mods), chord);
                }
                Ok(())
            }
            Err(error) => {
                self.ungrab_keycode(keycode, chord.mods);
                Err(error)
            }
        }
    }

    /// Lets go of every key grabbed.
    pub fn ungrab_all(&self) {
        let grabbed: Vec<(Keycode, u16)> = match self.grabs.lock() {
            Ok(mut grabs) => grabs.drain().map(|(key, _)| key).collect(),
            Err(_) => return,
        };
        for (keycode, mods) in grabbed {
            self.ungrab_keycode(keycode, mods);
        }
        let _ = self.conn.flush();
    }

    fn ungrab_keycode(&self, keycode: Keycode, mods: u16) {
        for lock in locks() {
            if let Ok(cookie) = self
                .conn
                .ungrab_key(keycode, self.root, ModMask::from(mods | lock))
            {
                cookie.ignore_error();
            }
        }
    }

    /// The first key of the keyboard's current layout that types `keysym`.
    fn keycode(&self, keysym: u32) -> Result<Option<Keycode>, GrabError> {
        let failed = |error: &dyn std::fmt::Display| GrabError::Failed(error.to_string());
        let setup = self.conn.setup();
        let (min, max) = (setup.min_keycode, setup.max_keycode);
        let map = self
            .conn
            .get_keyboard_mapping(min, max - min + 1)
            .map_err(|e| failed(&e))?
            .reply()
            .map_err(|e| failed(&e))?;
        let per = usize::from(map.keysyms_per_keycode).max(1);
        Ok(map
            .keysyms
            .chunks(per)
            .position(|syms| syms.contains(&keysym))
            .and_then(|i| u8::try_from(i).ok())
            .map(|i| min + i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortcut_reads_as_its_modifier_bits_and_key_symbol() {
        let chord = Chord::parse("Ctrl+Alt+Shift+N").unwrap();
        assert_eq!(
            chord.mods,
            (ModMask::CONTROL | ModMask::M1 | ModMask::SHIFT).bits()
        );
        assert_eq!(chord.keysym, u32::from(b'n'));
        assert_eq!(Chord::parse("Super+7").unwrap().keysym, u32::from(b'7'));
        assert_eq!(Chord::parse("Super+7").unwrap().mods, ModMask::M4.bits());
        assert_eq!(Chord::parse("F1").unwrap().keysym, 0xffbe);
        assert_eq!(Chord::parse("F24").unwrap().keysym, 0xffd5);
        assert_eq!(Chord::parse("Ctrl+Alt+Space").unwrap().keysym, 0x20);
        assert_eq!(Chord::parse("Alt+PageDown").unwrap().keysym, 0xff56);
    }

    #[test]
    fn a_held_key_acts_once_and_a_lost_release_does_not_leave_it_dead() {
        let mut held = Held::default();
        assert!(held.press(57, 10_000), "a press");
        assert!(!held.press(57, 10_660), "the first repeat");
        assert!(!held.press(57, 10_700), "repeats");
        assert!(held.press(58, 10_710), "another key");
        held.release(57);
        assert!(held.press(57, 10_900), "pressed again after its release");
        assert!(
            held.press(57, 15_000),
            "pressed again long after a release that never came"
        );
        assert!(held.press(60, u32::MAX - 5));
        assert!(
            !held.press(60, 10),
            "a repeat across the server clock's wrap"
        );
    }

    #[test]
    fn text_outside_the_grammar_is_refused() {
        for text in [
            "",
            "Ctrl+",
            "Hyper+A",
            "Ctrl+F25",
            "Ctrl+F0",
            "Ctrl+é",
            "Ctrl+Plus",
        ] {
            assert!(Chord::parse(text).is_err(), "{text:?}");
        }
    }
}
