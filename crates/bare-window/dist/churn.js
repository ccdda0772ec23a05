// With BARE_CHURN set, each `show` first changes both pages (`churn(rebuild)`): either a
// hand-over-sized tree (about 170 elements: headings, a form, a list of buttons, icons, text) is
// made anew and put in place of the last one, as a framework's `{#if}` does, or the same tree,
// made once, only has its heading's text changed. The two floors of what WebKitGTK keeps for a
// page's work at each hand-over (scripts/measure-footprint --turns --churn).
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
window.churn = (rebuild) => {
  turns += 1;
  let heading = document.querySelector('section h1');
  if (rebuild || heading === null) {
    const made = tree.content.cloneNode(true);
    heading = made.querySelector('h1');
    document.body.replaceChildren(made);
  }
  heading.textContent = `Hand over ${turns}`;
};
