//! The real window on WebKitGTK, driven through tauri-driver and WebKitWebDriver, so that a test
//! reads as the user's steps:
//!
//! ```text
//! let w = Window::open(&env).await;
//! w.click("#start").await;
//! w.wait_text("#state", "Running").await;
//! w.screenshot("main-running").await;
//! ```
//!
//! Every step waits by polling (bounded) for what it needs, and a step that times out fails the
//! test saying what it waited for and what it saw last, with a screenshot and the page's HTML.

use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tokio::sync::MutexGuard;

use super::{app_binary, artifacts, Daemon, Env};

/// One window at a time: each WebDriver session owns the display's focus.
static ONE_WINDOW: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// How long a step may wait for the window. A poll: a passing step waits only as long as the
/// window takes.
const PATIENCE: Duration = Duration::from_secs(10);
/// How long the app may take to start and render its first page.
const START_PATIENCE: Duration = Duration::from_secs(30);
/// How long a click that closes or hides its window is waited for.
const CLOSING: Duration = Duration::from_secs(2);
/// How often a waiting step looks again.
const POLL: Duration = Duration::from_millis(25);

/// The main window's hand-over panel while it is shown: the page keeps the panel between
/// hand-overs, hidden, so a turn's page changes in place.
pub const HANDOVER_PANEL: &str = "#handover:not([hidden])";

/// The app's windows in one WebDriver session, on the app started for one [`Env`].
pub struct Window {
    client: Client,
    /// The app's data folder: its lock file names the app's pid (for its X windows).
    data: std::path::PathBuf,
    /// Each window handle's URL, once switched to (by the handle's debug form).
    urls: std::sync::Mutex<std::collections::HashMap<String, url::Url>>,
    // Dropped in this order: the session, the driver (and with it the app), and last the lock
    // that lets the next window test start.
    _driver: Daemon,
    _one: MutexGuard<'static, ()>,
}

impl Window {
    /// Starts the app through tauri-driver on `env`'s folders and waits until the main window
    /// has rendered.
    pub async fn open(env: &Env) -> Window {
        Window::launch(env, "#member-name", &[], || {}).await
    }

    /// Starts the app through tauri-driver on `env`'s folders and waits until its first window
    /// shows the element at `first` (the start-up problem window, say).
    pub async fn open_showing(env: &Env, first: &str) -> Window {
        Window::launch(env, first, &[], || {}).await
    }

    /// [`Window::open`] with extra environment variables for the app.
    pub async fn open_with(env: &Env, vars: &[(&str, &str)]) -> Window {
        Window::launch(env, "#member-name", vars, || {}).await
    }

    /// Like [`Window::open`], running `prepare` just before the app starts (once this test has
    /// the display): for stored state whose timing counts from the start.
    pub async fn open_after(env: &Env, prepare: impl FnOnce()) -> Window {
        Window::launch(env, "#member-name", &[], prepare).await
    }

    /// Starts the app with `vars`, `prepare` run just before, and waits for `first`.
    async fn launch(
        env: &Env,
        first: &str,
        vars: &[(&str, &str)],
        prepare: impl FnOnce(),
    ) -> Window {
        let one = ONE_WINDOW.lock().await;
        prepare();
        let (port, native) = (free_port(), free_port());
        let mut cmd = Command::new(tauri_driver());
        cmd.args(["--port", &port.to_string()])
            .args(["--native-port", &native.to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("MOBFLOW_DATA_DIR", env.data.path())
            .env("XDG_RUNTIME_DIR", env.runtime.path())
            .env("NO_AT_BRIDGE", "1")
            .envs(vars.iter().copied());
        // tauri-driver listens before its native driver does, and a session asked for in
        // between fails (tauri-apps/tauri#15156): wait for both.
        let driver = Daemon::start(cmd, "tauri-driver and WebKitWebDriver", || {
            [port, native]
                .iter()
                .all(|p| TcpStream::connect(("127.0.0.1", *p)).is_ok())
        });
        let caps = json!({
            "browserName": "wry",
            "tauri:options": { "application": app_binary() }
        });
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.as_object().unwrap().clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with the app");
        let window = Window {
            client,
            data: env.data.path().to_owned(),
            urls: std::sync::Mutex::default(),
            _driver: driver,
            _one: one,
        };
        let first = Locator::Css(first);
        window
            .until("the first window to render", START_PATIENCE, async || {
                window.client.find(first).await.map_err(|e| e.to_string())
            })
            .await;
        window
    }

    /// Ends the WebDriver session, which closes the app.
    /// Not waited for past `PATIENCE`: a driver still busy with an input to a window that hid
    /// may never answer; dropping the window ends the driver and the app either way.
    pub async fn close(self) {
        let _ = tokio::time::timeout(PATIENCE, self.client.clone().close()).await;
    }

    /// Ends the WebDriver session whatever became of the app (it may have gone, or replaced
    /// itself), without failing the test; bounded.
    pub async fn close_quietly(self) {
        self.close().await;
    }

    /// The element at `css`, once it is on screen.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.until(&format!("{css} to be on screen"), PATIENCE, async || {
            self.client
                .find(Locator::Css(css))
                .await
                .map_err(|_| "not on screen".to_owned())
        })
        .await
    }

    /// Clicks the element at `css` once it is on screen.
    pub async fn click(&self, css: &str) {
        let element = self.wait_for(css).await;
        if let Err(e) = element.click().await {
            self.fail(&format!("clicking {css} failed: {e}")).await;
        }
    }

    /// Clicks the element at `css` once it is on screen, for a click that may end the page (the
    /// app replaces itself): the driver's answer to the click itself is not waited for.
    pub async fn click_letting_go(&self, css: &str) {
        let element = self.wait_for(css).await;
        let _ = tokio::time::timeout(PATIENCE, element.click()).await;
    }

    /// Types `text` into the element at `css` (keys as WebDriver spells them).
    pub async fn type_into(&self, css: &str, text: &str) {
        let element = self.wait_for(css).await;
        if let Err(e) = element.send_keys(text).await {
            self.fail(&format!("typing {text:?} into {css} failed: {e}"))
                .await;
        }
    }

    /// Empties the field at `css`.
    pub async fn clear(&self, css: &str) {
        let element = self.wait_for(css).await;
        if let Err(e) = element.clear().await {
            self.fail(&format!("clearing {css} failed: {e}")).await;
        }
    }

    /// Presses `keys` on the page, as the in-app keys are pressed.
    pub async fn press(&self, keys: &str) {
        self.type_into("body", keys).await;
    }

    /// Clicks the element at `css` whose action closes or hides this very window (the
    /// hand-over's buttons). The click is dispatched in the page (a mouse click, `detail` 1):
    /// a driver's click on a window that hides waits for a frame that never comes, and every
    /// later command of the session queues behind it.
    pub async fn click_closing(&self, css: &str) {
        self.wait_for(css).await;
        let script = "document.querySelector(arguments[0]).dispatchEvent(new MouseEvent('click', \
                      { bubbles: true, cancelable: true, detail: 1, view: window }));";
        let _ = tokio::time::timeout(CLOSING, self.client.execute(script, vec![css.into()])).await;
    }

    /// Presses the keys of a chord together (`'\u{E009}'` Control, `'\u{E00A}'` Alt,
    /// `'\u{E008}'` Shift, then the key), and lets them go. The window may close on it (the
    /// driver then reports an error, which is no failure: the test checks what the chord did).
    pub async fn chord(&self, keys: &[char]) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("chord".to_owned());
        for &value in keys {
            actions = actions.then(KeyAction::Down { value });
        }
        for &value in keys.iter().rev() {
            actions = actions.then(KeyAction::Up { value });
        }
        let _ = tokio::time::timeout(CLOSING, self.client.perform_actions(actions)).await;
    }

    /// The text of the element at `css` (trimmed), once it is on screen.
    pub async fn text(&self, css: &str) -> String {
        let element = self.wait_for(css).await;
        content(&element).await
    }

    /// Waits until the element at `css` reads `want` (trimmed): the UI renders pushed
    /// snapshots, so what the app did shows a moment later.
    pub async fn wait_text(&self, css: &str, want: &str) {
        self.wait_text_where(css, &format!("{want:?}"), |shown| shown == want)
            .await;
    }

    /// Waits until the text of the element at `css` (trimmed) is one `ok` takes (`what` says
    /// which, for the failure), and returns it.
    pub async fn wait_text_where(
        &self,
        css: &str,
        what: &str,
        ok: impl Fn(&str) -> bool,
    ) -> String {
        self.until(&format!("{css} to read {what}"), PATIENCE, async || {
            let shown = match self.client.find(Locator::Css(css)).await {
                Ok(element) => content(&element).await,
                Err(_) => return Err("not on screen".to_owned()),
            };
            if ok(&shown) {
                Ok(shown)
            } else {
                Err(format!("it reads {shown:?}"))
            }
        })
        .await
    }

    /// Waits until the element at `css` has the attribute `name` set to `want`.
    pub async fn wait_attr(&self, css: &str, name: &str, want: &str) {
        let what = format!("{css} to have {name}={want:?}");
        self.until(&what, PATIENCE, async || {
            let element = self
                .client
                .find(Locator::Css(css))
                .await
                .map_err(|_| "not on screen".to_owned())?;
            let value = element.attr(name).await.map_err(|e| e.to_string())?;
            match value {
                Some(value) if value == want => Ok(()),
                other => Err(format!("it has {other:?}")),
            }
        })
        .await;
    }

    /// The attribute `name` of the element at `css`, once it is on screen.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        let element = self.wait_for(css).await;
        element.attr(name).await.unwrap_or_default()
    }

    /// How many elements match `css` now.
    pub async fn count(&self, css: &str) -> usize {
        match self.client.find_all(Locator::Css(css)).await {
            Ok(found) => found.len(),
            Err(e) => self.fail(&format!("counting {css} failed: {e}")).await,
        }
    }

    /// Waits until nothing on the page matches `css` (a dialog closed, say).
    pub async fn wait_gone(&self, css: &str) {
        self.until(&format!("{css} to go"), PATIENCE, async || {
            match self.client.find_all(Locator::Css(css)).await {
                Ok(found) if found.is_empty() => Ok(()),
                Ok(found) => Err(format!("{} still there", found.len())),
                Err(e) => Err(e.to_string()),
            }
        })
        .await;
    }

    /// Presses `keys` where the focus is (WebDriver's key codes: `\u{E004}` is Tab).
    pub async fn press_focused(&self, keys: &str) {
        let focused = match self.client.active_element().await {
            Ok(element) => element,
            Err(e) => self.fail(&format!("no focused element: {e}")).await,
        };
        if let Err(e) = focused.send_keys(keys).await {
            self.fail(&format!("pressing {keys:?} failed: {e}")).await;
        }
    }

    /// Runs `script` in the current window (WebDriver's execute) and returns what it returns.
    pub async fn run(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        match self.client.execute(script, args).await {
            Ok(value) => value,
            Err(e) => self.fail(&format!("the script failed: {e}")).await,
        }
    }

    /// Runs `script` asynchronously (WebDriver's execute/async): it calls its last argument
    /// with the result.
    pub async fn run_async(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        match self.client.execute_async(script, args).await {
            Ok(value) => value,
            Err(e) => self.fail(&format!("the async script failed: {e}")).await,
        }
    }

    /// Scrolls the element at `css` to the middle of the window.
    pub async fn scroll_to(&self, css: &str) {
        self.wait_for(css).await;
        let script = "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})";
        if let Err(e) = self.client.execute(script, vec![json!(css)]).await {
            self.fail(&format!("scrolling to {css} failed: {e}")).await;
        }
    }

    /// Switches to the app's window whose URL ends with `hash` (`#handover`, `#mini`), waiting
    /// for it to open.
    pub async fn switch_to(&self, hash: &str) {
        self.switch_to_within(hash, PATIENCE).await;
    }

    /// Switches to the main window (the one whose URL has no `#`).
    pub async fn switch_to_main(&self) {
        self.switch_where("the main window", PATIENCE, |url| url.fragment().is_none())
            .await;
    }

    /// The window title the app gives the view at `hash`.
    fn title_of(hash: &str) -> &'static str {
        match hash.trim_start_matches('#') {
            "handover" => "Mobflow: hand over",
            "mini" => "Mobflow mini timer",
            "startup" => "Mobflow cannot start",
            _ => "Mobflow",
        }
    }

    /// The app's X windows titled `title` that are on screen (mapped), by id. Asked of the X
    /// server, not the driver: WebKitWebDriver shows a hidden window it switches to (the
    /// hand-over is kept hidden between hand-overs).
    fn x_shown(&self, title: &str) -> Vec<String> {
        super::app_pid(&self.data)
            .map(|pid| super::x_windows_of(&pid, title, true))
            .unwrap_or_default()
    }

    /// How many of the app's windows at `hash` are on screen now.
    pub async fn windows_at(&self, hash: &str) -> usize {
        self.x_shown(Window::title_of(hash)).len()
    }

    /// Waits until none of the app's windows at `hash` is on screen (closed, or kept hidden).
    pub async fn wait_closed(&self, hash: &str) {
        self.until(
            &format!("no window at {hash} on screen"),
            PATIENCE,
            async || match self.windows_at(hash).await {
                0 => Ok(()),
                n => Err(format!("{n} still on screen")),
            },
        )
        .await;
    }

    /// Switches to a window on screen whose URL `wanted` accepts, waiting up to `limit`. A
    /// window is switched to only when its URL is not known yet or is the one wanted, and the
    /// kind wanted is on screen: switching would show a window kept hidden.
    async fn switch_where(&self, what: &str, limit: Duration, wanted: impl Fn(&url::Url) -> bool) {
        self.until(what, limit, async || {
            let handles = self.client.windows().await.map_err(|e| e.to_string())?;
            let mut seen = Vec::new();
            for handle in handles {
                let key = format!("{handle:?}");
                let known = self.urls.lock().unwrap().get(&key).cloned();
                if let Some(url) = &known {
                    let title = Window::title_of(url.fragment().unwrap_or(""));
                    if !wanted(url) || self.x_shown(title).is_empty() {
                        seen.push(url.to_string());
                        continue;
                    }
                }
                if self.client.switch_to_window(handle).await.is_err() {
                    continue;
                }
                if let Ok(url) = self.client.current_url().await {
                    self.urls.lock().unwrap().insert(key, url.clone());
                    if wanted(&url) {
                        return Ok(());
                    }
                    seen.push(url.to_string());
                }
            }
            Err(format!("the windows are at {seen:?}"))
        })
        .await;
    }

    /// Runs `script` in the current window (with `arguments`), returning what it returns.
    pub async fn run_script(
        &self,
        script: &str,
        arguments: Vec<serde_json::Value>,
    ) -> serde_json::Value {
        match self.client.execute(script, arguments).await {
            Ok(value) => value,
            Err(e) => {
                self.fail(&format!(
                    "the script failed: {e}
{script}"
                ))
                .await
            }
        }
    }

    /// The DOM property `name` of the element at `css` (`value` of a select), once on screen.
    pub async fn prop(&self, css: &str, name: &str) -> Option<String> {
        let element = self.wait_for(css).await;
        element.prop(name).await.ok().flatten()
    }

    /// Like [`Window::switch_to`], waiting up to `limit` (a window that opens a minute later).
    /// Only a window on screen counts (the hand-over is kept hidden between hand-overs).
    pub async fn switch_to_within(&self, hash: &str, limit: Duration) {
        let title = Window::title_of(hash);
        self.switch_where(&format!("a window at {hash} on screen"), limit, |url| {
            url.as_str().ends_with(hash) && !self.x_shown(title).is_empty()
        })
        .await;
    }

    /// Saves a screenshot of the current window as `target/e2e/NAME.png`, to look at after a
    /// run.
    pub async fn screenshot(&self, name: &str) {
        // What the page shows is painted at the next frames: wait for two, else the picture
        // can be the frame before the last change.
        let frames = "const done = arguments[0]; \
                      requestAnimationFrame(() => requestAnimationFrame(() => done()));";
        let _ = self.client.execute_async(frames, vec![]).await;
        let path = artifacts().join(format!("{name}.png"));
        if let Err(why) = self.x_screenshot(&path).await {
            panic!("no screenshot {name}: {why}");
        }
    }

    /// The current window as the X server shows it (ImageMagick's `import`). Not WebDriver's
    /// screenshot: WebKit takes that through its compositor, which the app turns off, and then
    /// it never answers.
    async fn x_screenshot(&self, path: &std::path::Path) -> Result<(), String> {
        let url = self.client.current_url().await.map_err(|e| e.to_string())?;
        let title = Window::title_of(url.fragment().unwrap_or(""));
        let id = self
            .x_shown(title)
            .into_iter()
            .next()
            .ok_or_else(|| format!("no window titled {title:?} on screen"))?;
        let shot = Command::new("import")
            .args(["-window", &id])
            .arg(path)
            .output()
            .map_err(|e| format!("import (ImageMagick): {e}"))?;
        if shot.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&shot.stderr).into_owned())
        }
    }

    /// Polls `check` until it gives a value; after `limit`, fails the test naming `what` and
    /// what `check` said last.
    async fn until<T>(
        &self,
        what: &str,
        limit: Duration,
        mut check: impl AsyncFnMut() -> Result<T, String>,
    ) -> T {
        let start = Instant::now();
        loop {
            let last = match check().await {
                Ok(value) => return value,
                Err(last) => last,
            };
            if start.elapsed() > limit {
                let why = format!("timed out after {limit:?} waiting for {what}: {last}");
                self.fail(&why).await;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Fails the test with `why`, a screenshot and the page's HTML.
    async fn fail(&self, why: &str) -> ! {
        let shot = artifacts().join("failure.png");
        if let Err(error) = self.x_screenshot(&shot).await {
            eprintln!("no screenshot of the failure: {error}");
        }
        let html = self.client.source().await.unwrap_or_default();
        panic!("{why} (screenshot: {})\n{html}", shot.display());
    }
}

/// The element's text content, trimmed (also for elements scrolled out of view).
async fn content(element: &Element) -> String {
    let text = element.prop("textContent").await.ok().flatten();
    text.unwrap_or_default().trim().to_owned()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn tauri_driver() -> String {
    let home = std::env::var("HOME").unwrap_or_default();
    let installed = format!("{home}/.cargo/bin/tauri-driver");
    if std::path::Path::new(&installed).exists() {
        installed
    } else {
        "tauri-driver".to_owned()
    }
}
