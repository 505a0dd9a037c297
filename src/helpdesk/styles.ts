/** The one stylesheet, served from /helpdesk/static/helpdesk.css. Colours meet WCAG AA contrast. */
export const HELPDESK_CSS = `
:root { --ink: #1b1b1f; --muted: #55565e; --line: #d6d7de; --bg: #f6f6f9; --card: #fff; --brand: #4b4fbf;
  --success: #0d6b2f; --success-bg: #e3f4e8; --warning: #7a4b00; --warning-bg: #fdf0d5;
  --danger: #a4262c; --danger-bg: #fbe4e5; --info: #1f4e96; --info-bg: #e2ecfb; --neutral-bg: #ececf1;
  font-family: "Segoe UI", system-ui, -apple-system, sans-serif; color: var(--ink); background: var(--bg); }
* { box-sizing: border-box; }
body { margin: 0; line-height: 1.45; }
a { color: var(--brand); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid var(--brand); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--card); padding: .5rem; z-index: 2; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.top { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between;
  padding: .75rem 1.25rem; background: var(--brand); color: #fff; }
.brand { color: #fff; font-weight: 600; text-decoration: none; }
.brand span { font-weight: 400; opacity: .9; margin-left: .35rem; }
.signout { display: flex; gap: .75rem; align-items: center; margin: 0; }
.signout .who { font-size: .95rem; }
button.link { background: none; border: 1px solid #fff; color: #fff; border-radius: 4px; padding: .25rem .6rem; cursor: pointer; font: inherit; }
main { max-width: 75rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
main:focus { outline: none; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .75rem; }
.filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; align-items: end;
  background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
.filters label { display: flex; flex-direction: column; gap: .25rem; font-size: .9rem; color: var(--muted); }
input, select { font: inherit; color: var(--ink); padding: .45rem .5rem; border: 1px solid #8a8b94; border-radius: 4px; background: #fff; min-width: 0; height: 2.5rem; }
button, .button { font: inherit; background: var(--brand); color: #fff; border: 0; border-radius: 4px; padding: .5rem 1rem;
  cursor: pointer; text-decoration: none; display: inline-block; }
.filter-actions { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.status { color: var(--muted); margin: 1rem 0 .5rem; display: flex; flex-wrap: wrap; gap: .25rem 1rem; justify-content: space-between; }
.notice { background: var(--warning-bg); color: var(--warning); border-radius: 6px; padding: .6rem .8rem; }
.notice.warning { border-left: 4px solid var(--warning); }
table.cases { width: 100%; border-collapse: collapse; background: var(--card); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.cases th, .cases td { text-align: left; padding: .6rem .75rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.cases th { background: var(--neutral-bg); font-size: .9rem; }
.cases tbody tr:hover { background: #fafaff; }
.sub { color: var(--muted); font-size: .9rem; }
.flag { color: var(--warning); font-size: .85rem; font-weight: 600; }
.badge { display: inline-block; border-radius: 999px; padding: .1rem .6rem; font-size: .85rem; font-weight: 600; white-space: nowrap; }
.badge.success { background: var(--success-bg); color: var(--success); }
.badge.warning { background: var(--warning-bg); color: var(--warning); }
.badge.danger { background: var(--danger-bg); color: var(--danger); }
.badge.info { background: var(--info-bg); color: var(--info); }
.badge.neutral { background: var(--neutral-bg); color: var(--muted); }
.more { margin: 1rem 0; }
.page-head { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; justify-content: space-between; }
table.counts { width: 100%; max-width: 40rem; border-collapse: collapse; background: var(--card); border: 1px solid var(--line); margin: 0 0 1rem; }
.counts th, .counts td { text-align: left; padding: .5rem .75rem; border-bottom: 1px solid var(--line); }
.counts thead th { background: var(--neutral-bg); font-size: .9rem; }
.counts .number { text-align: right; font-variant-numeric: tabular-nums; }
.filters.compact { grid-template-columns: minmax(10rem, 16rem) auto; justify-content: start; }
.back { margin: 0; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .5rem 1.5rem; margin: 0;
  background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
.summary div { min-width: 0; }
.summary dt { font-size: .85rem; color: var(--muted); }
.summary dd { margin: 0; overflow-wrap: anywhere; }
.columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 2fr); gap: 0 2rem; }
.timeline { list-style: none; margin: 0; padding: 0 0 0 1rem; border-left: 2px solid var(--line); }
.timeline li { margin: 0 0 .6rem; position: relative; }
.timeline li::before { content: ""; position: absolute; left: -1.4rem; top: .45rem; width: .6rem; height: .6rem; border-radius: 50%; background: var(--brand); }
.timeline time { font-variant-numeric: tabular-nums; color: var(--muted); margin-right: .35rem; }
.chat { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: .6rem; }
.bubble { max-width: 85%; border-radius: 10px; padding: .5rem .75rem; background: var(--card); border: 1px solid var(--line); }
.bubble p { margin: .15rem 0; overflow-wrap: anywhere; white-space: pre-line; }
.bubble .meta { font-size: .8rem; color: var(--muted); display: flex; gap: .5rem; }
.bubble.from-user { align-self: flex-end; background: var(--info-bg); border-color: #c4d5f2; }
.bubble.update { border-left: 3px solid var(--line); }
.hint { color: var(--muted); font-size: .9rem; }
section.message { max-width: 36rem; margin: 2rem auto; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1.5rem; }
code { font-size: .85rem; overflow-wrap: anywhere; }
@media (max-width: 46rem) {
  main { padding: .75rem; }
  /* The text filters get a whole row on a phone, so their placeholders are not cut. */
  .filters label:has(input[type=text]), .filters label:has(input[type=search]) { grid-column: 1 / -1; }
  .columns { grid-template-columns: 1fr; }
  .bubble { max-width: 95%; }
  table.cases, .cases tbody, .cases tr, .cases td { display: block; width: 100%; }
  .cases thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .cases tr { border-bottom: 2px solid var(--line); padding: .4rem 0; }
  .cases td { border: 0; padding: .2rem .75rem .2rem 7.75rem; position: relative; overflow-wrap: anywhere; }
  .cases td::before { content: attr(data-label); position: absolute; left: .75rem; width: 6.5rem; color: var(--muted); font-size: .85rem; line-height: 1.7; }
}
`;
