/// The one stylesheet, served from /static/app.css (the CSP allows no inline styles).
enum Stylesheet {
    static let css = """
    :root { --ink: #1d2733; --muted: #5b6b7c; --line: #d5dde6; --accent: #0b5cad; --bad: #b3261e; --bg: #f6f8fa; }
    * { box-sizing: border-box; }
    body { margin: 0; font-family: system-ui, "Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans CJK SC", sans-serif; color: var(--ink); background: var(--bg); }
    header.top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .6rem 1rem; background: #fff; border-bottom: 1px solid var(--line); }
    header.top nav a { margin-right: .9rem; }
    .brand { font-weight: 700; color: var(--ink); text-decoration: none; }
    .who { margin-left: auto; display: flex; gap: .5rem; align-items: center; font-size: .9rem; }
    main { padding: 1rem 1.5rem; max-width: 1200px; }
    a { color: var(--accent); }
    table { border-collapse: collapse; width: 100%; background: #fff; }
    th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { font-size: .85rem; color: var(--muted); }
    .field { display: flex; flex-direction: column; margin-bottom: .7rem; max-width: 32rem; }
    .field label { font-size: .85rem; color: var(--muted); margin-bottom: .2rem; }
    .field input, .field select, .field textarea { padding: .35rem; border: 1px solid var(--line); border-radius: 4px; font: inherit; }
    .field.invalid input, .field.invalid select, .field.invalid textarea { border-color: var(--bad); }
    .field-error, .form-error { color: var(--bad); font-size: .85rem; }
    .notice { background: #fff4d6; border: 1px solid #e8c66a; padding: .5rem .8rem; border-radius: 4px; }
    form.inline { display: inline; }
    .filters { display: flex; flex-wrap: wrap; gap: .6rem; align-items: flex-end; margin-bottom: 1rem; }
    .filters .field { margin: 0; }
    .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; margin-bottom: 1rem; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1rem; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
    dl.facts dt { color: var(--muted); }
    ul.tree, ul.org { list-style: none; padding-left: 1.1rem; }
    .depth-0 { margin-left: 0; } .depth-1 { margin-left: 1.2rem; } .depth-2 { margin-left: 2.4rem; } .depth-3 { margin-left: 3.6rem; } .depth-4 { margin-left: 4.8rem; }
    .current { font-weight: 700; }
    .badge { display: inline-block; padding: .05rem .45rem; border-radius: 999px; background: #e7eef6; font-size: .8rem; }
    figure.relationship-map { margin: 1rem 0; overflow: auto; border: 1px solid #ddd; background: #fafafa; }
    .map-legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; font-size: .85rem; }
    .map-legend .swatch { display: inline-block; width: 1.2rem; height: .35rem; vertical-align: middle; }
    .swatch.stance-supporter { background: #2e7d32; } .swatch.stance-neutral { background: #616161; }
    .swatch.stance-opponent { background: #c62828; } .swatch.conflict { background: #6a1b9a; }
    .swatch.placeholder { border: 1px dashed #424242; height: .6rem; }
    #map-drawing .reporting-lines path { fill: none; stroke: #9e9e9e; stroke-width: 1.5; }
    #map-drawing .connections path { fill: none; opacity: .8; }
    #map-drawing use.box { fill: #fff; stroke: #424242; }
    #map-drawing .ourSide use.box { fill: #e8f5e9; } #map-drawing .external use.box { fill: #f3e5f5; }
    #map-drawing .placeholder use.box { stroke-dasharray: 4 3; }
    #map-drawing text.name { font-size: 13px; } #map-drawing text.role { font-size: 11px; fill: #616161; }
    #map-drawing .level-0 { fill: #bdbdbd; } #map-drawing .level-1 { fill: #d32f2f; } #map-drawing .level-2 { fill: #f57c00; }
    #map-drawing .level-3 { fill: #fbc02d; } #map-drawing .level-4 { fill: #7cb342; } #map-drawing .level-5 { fill: #2e7d32; }
    .map-insights { display: flex; flex-wrap: wrap; gap: 2rem; }
    tr.hypothesis td { color: #666; font-style: italic; }
    .muted { color: var(--muted); }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    .actions { display: flex; gap: .6rem; align-items: center; margin: .6rem 0; }
    td.cell.gap, li.coverage-gap { background: #fdecea; }
    td.cell.overlap, li.coverage-overlap { background: #fff4d6; }
    .badge.warn, .load.over { color: #8a1c1c; }
    .badge.warn, .badge.overdue { background: #fdecea; }
    .prewrap { white-space: pre-wrap; }
    .card.current { border-color: #2f6db5; } ul.checklist { list-style: none; padding-left: 0; }
    ul.checklist li.met { color: #1f6b2c; } ul.checklist li.unmet { color: #8a1c1c; } ul.checklist li.unknown { color: #5b6573; }
    ol.timeline { list-style: none; padding-left: 0; } ol.timeline li { padding: .3rem 0; border-bottom: 1px solid #eef1f4; }
    tr.ended, tr.coverage.ended { color: var(--muted); }
    select[multiple] { min-width: 12rem; }
    /* The portfolio's 2×2: one colour per class, shared by dots, badges and table cells. */
    #portfolio-svg { width: 100%; height: auto; max-width: 560px; }
    #rules-form fieldset { display: grid; grid-template-columns: 1fr 1fr; gap: 0 .8rem; }
    #rules-form fieldset legend { grid-column: 1 / -1; }
    #portfolio-svg .plot { fill: #fafcff; stroke: var(--line); }
    #trend-svg .plot { fill: #fafcff; stroke: var(--line); }
    #trend-svg .trend-line { fill: none; stroke: #2563eb; stroke-width: 2; }
    #trend-svg .score-dot { fill: #2563eb; }
    #trend-svg .review-mark { fill: #64748b; }
    #trend-svg .result-qualified, #trend-svg .result-on_track { fill: #16a34a; }
    #trend-svg .result-adjust { fill: #d97706; }
    #trend-svg .result-disqualified { fill: #dc2626; }
    #portfolio-svg .cut { stroke: #8a1c1c; stroke-dasharray: 6 4; stroke-width: 1.5; }
    #portfolio-svg .quadrant { font-size: 22px; font-weight: 700; fill: #c5cfdb; }
    #portfolio-svg .axis-label { font-size: 12px; fill: var(--muted); }
    #portfolio-svg .dot { stroke: #fff; stroke-width: 1.5; cursor: pointer; }
    #portfolio-svg .dot:hover { stroke: #222; }
    .dot.class-a { fill: #2e7d32; } .dot.class-b { fill: #1565c0; } .dot.class-c { fill: #ef6c00; } .dot.class-d { fill: #757575; }
    .badge.class-a, td.class-a { background: #e3f1e4; } .badge.class-b, td.class-b { background: #e3edf9; }
    .badge.class-c, td.class-c { background: #fdeedd; } .badge.class-d, td.class-d { background: #eeeeee; }
    fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .8rem; }
    tr.flagged td { background: #fdecea; }
    section.login { max-width: 24rem; margin: 3rem auto; background: #fff; padding: 1.5rem; border: 1px solid var(--line); border-radius: 6px; }
    /* The pipeline board: one column per stage, scrolling sideways on narrow screens. */
    .board { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(14rem, 1fr); gap: .8rem; overflow-x: auto; }
    .board-column { background: #f4f6f9; border-radius: 6px; padding: .5rem; }
    .board-column ul.cards { list-style: none; padding: 0; margin: 0; }
    .board-column li.card { margin-bottom: .5rem; }
    ul.checklist { list-style: none; padding-left: 0; }
    ul.checklist li.met { color: #2e7d32; }
    tr.total th, tr.total td { font-weight: 700; border-top: 2px solid var(--line); }
    /* Printed documents (quotes, orders, contracts, plans): the document alone, without navigation or forms. */
    @media print {
      header.top, nav, form, .actions, .no-print { display: none !important; }
      body, main { background: #fff; margin: 0; padding: 0; }
      .document { border: none; }
    }
    """
}
