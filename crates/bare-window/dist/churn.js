// With BARE_CHURN set, each `show` first changes both pages (`churn(mode)`), in one of three
// ways. `rebuild`: a hand-over-sized tree (about 170 elements: headings, a form, a list of
// buttons, icons, text) is made anew and put in place of the last one, as a framework's `{#if}`
// does. `keep`: the same tree, made once, only has its heading's text changed. `toggle`: the
// same tree is shown, with a new heading, and hidden again at each `hide` (`rest()`), as
// Mobflow's pages show their hand-over parts only at a hand-over. The floors of what WebKitGTK
// keeps for a page's work at each hand-over (scripts/measure-footprint --turns --churn).
const row = '<li><button type="button">Away</button> <span>Member</span></li>';
const icon = '<svg viewBox="0 0 10 10" width="16" height="16"><path d="M1 1 L9 9"/></svg>';
const para = '<p>Some text that wraps, <b>bold</b> and <i>italic</i>.</p>';
const tree = document.createElement('template');
tree.innerHTML =
  '<section><h1>Hand over</h1>' +
  '<p><span>Ada</span> drives, <span>Bob</span> navigates</p>' +
  '<form><label for="note">Next step</label><input id="note" type="text"><button>Save</button></form>' +
  `<ul>${row.repeat(20)}</ul><div>${icon.repeat(20)}</div><div>${para.repeat(20)}</div></section>`;
let turns = 0;
window.churn = (mode) => {
  turns += 1;
  let section = document.querySelector('section');
  if (mode === 'rebuild' || section === null) {
    const made = tree.content.cloneNode(true);
    section = made.querySelector('section');
    document.body.replaceChildren(made);
  }
  section.hidden = false;
  section.querySelector('h1').textContent = `Hand over ${turns}`;
};
window.rest = () => {
  const section = document.querySelector('section');
  if (section !== null) section.hidden = true;
};
