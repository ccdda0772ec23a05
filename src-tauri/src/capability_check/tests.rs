use super::*;

#[test]
fn each_window_is_granted_exactly_what_its_view_calls() {
    let ui = Ui::read(Path::new(UI_SRC));
    let grants = read_capabilities(Path::new(CAPABILITIES));
    let problems = check(&ui, &views(), &grants, command::NAMES);
    assert!(
        problems.is_empty(),
        "src-tauri/capabilities/ must grant each window exactly what its view calls:\n{}",
        problems.join("\n")
    );
    assert!(
        grants["mini"].len() < grants["main"].len(),
        "the mini timer calls less than the main window, so it is granted less"
    );
}

const IPC_TS: &str = "import { invoke } from '@tauri-apps/api/core';\n\
    import { listen } from '@tauri-apps/api/event';\n\
    import { COMMANDS, EVENTS } from './bindings';\n\
    // getBoard() is not called here: a comment.\n\
    export function getSnapshot() {\n  return invoke(COMMANDS.SNAPSHOT);\n}\n\
    export function dispatch(command) {\n  return invoke<Snapshot | null>(COMMANDS.DISPATCH, { command });\n}\n\
    export function onSnapshot(cb) {\n  return listen(EVENTS.SNAPSHOT, cb);\n}\n";

/// A small UI: the IPC module, a class whose methods call different commands, two views.
fn small_ui(mini_view: &str) -> Ui {
    small_ui_with(IPC_TS, mini_view)
}

fn small_ui_with(ipc: &str, mini_view: &str) -> Ui {
    let files = [
        ("lib/ipc.ts", ipc),
        ("lib/bindings.ts", "export const COMMANDS = {} as const;\n"),
        (
            "lib/mob.svelte.ts",
            "import { dispatch } from './ipc';\n\
             export class Mob {\n  state = $state('idle');\n\
             \x20 apply(s) {\n    this.state = s.state;\n  }\n\
             \x20 async run(command) {\n    this.apply(await dispatch(command));\n  }\n}\n",
        ),
        (
            "Main.svelte",
            "<script lang=\"ts\">\n  import { Mob } from './lib/mob.svelte';\n  import Mini from './Mini.svelte';\n\
             \x20 const mob = new Mob();\n</script>\n<button onclick={() => mob.run({ type: 'next' })}>Next</button>\n<Mini />\n",
        ),
        ("Mini.svelte", mini_view),
    ];
    Ui::parse(
        &files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
    )
}

const MINI: &str = "<script lang=\"ts\">\n\
    \x20 import { getSnapshot, onSnapshot } from './lib/ipc';\n\
    \x20 import { Mob } from './lib/mob.svelte';\n\
    \x20 const mob = new Mob();\n\
    \x20 // mob.run() would dispatch; this view never calls it.\n\
    \x20 void onSnapshot((s) => mob.apply(s));\n\
    \x20 void getSnapshot().then((s) => mob.apply(s));\n\
    </script>\n<p>Next: {mob.state}, say 'run'</p>\n";

fn grants(windows: &[(&str, &[&str])]) -> BTreeMap<String, BTreeSet<String>> {
    windows
        .iter()
        .map(|(w, perms)| (w.to_string(), perms.iter().map(|p| p.to_string()).collect()))
        .collect()
}

fn small_views() -> Vec<(String, &'static str)> {
    vec![
        ("main".to_owned(), "Main.svelte"),
        ("mini".to_owned(), "Mini.svelte"),
    ]
}

/// What the small UI's views call, as it is.
fn small_grants() -> BTreeMap<String, BTreeSet<String>> {
    grants(&[
        (
            "main",
            &["allow-dispatch", "allow-snapshot", LISTEN[0], LISTEN[1]],
        ),
        ("mini", &["allow-snapshot", LISTEN[0], LISTEN[1]]),
    ])
}

const COMMANDS: &[&str] = &["snapshot", "dispatch"];

#[test]
fn a_view_needs_what_the_methods_it_calls_call_and_no_more() {
    let ui = small_ui(MINI);
    let mini: Vec<String> = ui.needs("Mini.svelte").unwrap().into_iter().collect();
    assert_eq!(
        mini,
        [
            "allow-snapshot",
            "core:event:allow-listen",
            "core:event:allow-unlisten"
        ],
        "the mini view calls Mob.apply, never Mob.run, so it does not dispatch"
    );
    let main = ui.needs("Main.svelte").unwrap();
    assert!(
        main.contains("allow-dispatch") && main.contains("allow-snapshot"),
        "the main view calls Mob.run (dispatch) and shows Mini (snapshot): {main:?}"
    );
    let exact = small_grants();
    assert_eq!(
        check(&ui, &small_views(), &exact, COMMANDS),
        Vec::<String>::new(),
        "each window is granted what it calls"
    );
}

#[test]
fn a_call_the_window_is_not_granted_fails_the_check() {
    let calls_run = MINI.replace(
        "mob.apply(s));\n  void getSnapshot",
        "mob.run(s));\n  void getSnapshot",
    );
    let ui = small_ui(&calls_run);
    let before = small_grants();
    assert_eq!(
        check(&ui, &small_views(), &before, COMMANDS),
        ["the mini window calls allow-dispatch, which its capability does not grant"],
        "a view that starts to call Mob.run needs dispatch"
    );
}

#[test]
fn an_unused_grant_and_an_unused_command_fail_the_check() {
    let ui = small_ui(MINI);
    let mut wide = small_grants();
    let mini = wide
        .get_mut("mini")
        .expect("the small UI has a mini window");
    mini.extend(["allow-dispatch".to_owned(), DRAG.to_owned()]);
    wide.insert("gone".to_owned(), ["allow-snapshot".to_owned()].into());
    assert_eq!(
        check(
            &ui,
            &small_views(),
            &wide,
            &["snapshot", "dispatch", "sessions"]
        ),
        [
            "the mini window is granted allow-dispatch but never calls it",
            "the mini window is granted core:window:allow-start-dragging but never calls it",
            "a capability names the window gone, which has no view",
            "no window calls the command sessions: delete it",
        ],
        "each grant nobody uses, window without a view and command nobody calls is named"
    );
}

#[test]
fn a_command_named_by_hand_or_tauri_api_beyond_ipc_fails_the_check() {
    let by_hand = IPC_TS.replace("invoke(COMMANDS.SNAPSHOT)", "invoke<Snapshot>('snapshot')");
    let elsewhere = MINI.replace(
        "<script lang=\"ts\">\n",
        "<script lang=\"ts\">\n  import { getCurrentWindow } from '@tauri-apps/api/window';\n\
         \x20 import { gone } from './lib/gone';\n",
    );
    let problems = small_ui_with(&by_hand, &elsewhere).blind_spots();
    assert_eq!(
        problems,
        [
            "Mini.svelte imports getCurrentWindow from @tauri-apps/api/window: only lib/ipc.ts \
             calls Tauri, through invoke and listen (teach this check what anything else needs)",
            "Mini.svelte imports ./lib/gone: no such file",
            "lib/ipc.ts: a call of invoke does not name its target as COMMANDS.X: \
             `invoke<Snapshot>('         );` (strings blanked)",
        ],
        "calls this check cannot follow are refused"
    );
    assert!(
        small_ui(MINI).blind_spots().is_empty(),
        "the small UI calls Tauri the one way the check follows"
    );
}

#[test]
fn comments_and_strings_are_no_code() {
    let code = "const a = 'x // y'; // getBoard()\nconst b = `t ${f('{')} u`; /* run( */ const c = /[/'{]/g;\n";
    let masked = mask(code, false);
    assert_eq!(masked.lines().count(), 2, "lines are kept");
    let (bare, members) = identifiers(&masked);
    assert!(
        bare.contains("f") && bare.contains("c"),
        "code stays: {bare:?}"
    );
    for gone in ["getBoard", "run", "y", "t", "u"] {
        assert!(
            !bare.contains(gone),
            "{gone} is in a comment or a string: {masked}"
        );
    }
    assert!(members.is_empty(), "{members:?}");
    let braces = masked.matches('{').count() as i32 - masked.matches('}').count() as i32;
    assert_eq!(
        braces, 0,
        "braces in strings and regexes do not count: {masked}"
    );
}

#[test]
fn code_loaded_when_needed_counts_as_imported() {
    let code = "const load = () => import('./components/History.svelte');\nimport(\"./x\");";
    let found = source::imports(code);
    let from: Vec<&str> = found.iter().map(|i| i.from.as_str()).collect();
    assert_eq!(from, ["./components/History.svelte", "./x"]);
    assert!(found
        .iter()
        .all(|i| i.local == source::DYNAMIC && i.imported == "*" && !i.type_only));
}
