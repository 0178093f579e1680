/// The report page's Mustache templates. Inline CSS and SVG only: the page must open from a
/// file with no network, print on paper, and read without colour (every number is in a table).
enum ReportTemplate {
    /// One message with its marked words (a partial, for misses, false alarms and changes).
    static let example = """
        <li><p class="message">{{#segments}}{{#marked}}<mark>{{text}}</mark>{{/marked}}{{^marked}}{{text}}{{/marked}}{{/segments}}</p>
        <p class="meta">line {{line}}{{#hasLabels}} · labelled {{labels}}{{/hasLabels}} · detected {{detected}}{{#hasFired}} · fired {{fired}}{{/hasFired}}</p></li>

        """

    static let page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <title>{{title}}</title>
        <style>
        :root { color-scheme: light; --ink: #1a1a1a; --muted: #4b5563; --line: #d1d5db; --accent: #1d4ed8; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
        header, main { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }
        header { padding-top: 1.5rem; border-bottom: 1px solid var(--line); }
        h1 { font-size: 1.75rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.4rem; margin: 2.5rem 0 .75rem; padding-top: .5rem; border-top: 3px solid var(--ink); }
        h3 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
        h4 { font-size: 1rem; margin: 1.25rem 0 .25rem; }
        p.sub { color: var(--muted); margin: 0 0 .75rem; overflow-wrap: anywhere; }
        nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; padding: 0; margin: .75rem 0 1rem; }
        a { color: var(--accent); }
        a:focus, [tabindex]:focus { outline: 3px solid #f59e0b; outline-offset: 2px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; margin: 1rem 0; padding: 0; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; margin: 0; }
        .card dt { color: var(--muted); font-size: .85rem; }
        .card dd { margin: 0; font-size: 1.5rem; font-weight: 650; }
        .crisis { border: 3px solid #b91c1c; border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0; background: #fef2f2; }
        .crisis.ok { border-color: #15803d; background: #f0fdf4; }
        .crisis .big { font-size: 2.4rem; font-weight: 750; line-height: 1.1; display: block; }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding: .25rem 0; }
        th, td { border: 1px solid var(--line); padding: .3rem .6rem; text-align: left; vertical-align: top; }
        th { background: #f3f4f6; }
        td.num, th.num { text-align: right; }
        td.bad { color: #b91c1c; font-weight: 600; }
        .matrix { font-size: .8rem; }
        .matrix th { padding: .25rem .35rem; }
        .matrix td { text-align: right; min-width: 2.5rem; padding: .25rem .4rem; }
        .matrix td.zero { color: #6b7280; }
        .matrix td.right { outline: 2px solid #1e3a8a; outline-offset: -3px; }
        figure { margin: 1rem 0; }
        figcaption { color: var(--muted); font-size: .9rem; }
        svg { max-width: 100%; height: auto; font: 12px system-ui, sans-serif; }
        svg text { fill: #1a1a1a; }
        .precision { fill: #1d4ed8; } .recall { fill: #c2410c; } .f1 { fill: #374151; }
        .gain { fill: #15803d; } .loss { fill: #b91c1c; } .rule { fill: #1d4ed8; }
        .legend { display: flex; gap: 1rem; font-size: .9rem; margin: .25rem 0; padding: 0; list-style: none; }
        .swatch { display: inline-block; width: .9rem; height: .9rem; vertical-align: -2px; margin-right: .3rem; }
        .swatch.precision { background: #1d4ed8; } .swatch.recall { background: #c2410c; } .swatch.f1 { background: #374151; }
        ul.examples { padding-left: 1.25rem; }
        ul.examples li { margin: 0 0 .6rem; }
        .message { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
        .meta { margin: 0; color: var(--muted); font-size: .85rem; }
        mark { background: #fde68a; color: #111; padding: 0 .1em; border-bottom: 2px solid #b45309; }
        code { font-size: .95em; }
        footer { max-width: 72rem; margin: 3rem auto 2rem; padding: 0 1.25rem; color: var(--muted); font-size: .85rem; }
        @media print {
          body { font-size: 11pt; }
          nav, .skip { display: none; }
          h2 { break-before: page; }
          h2:first-of-type { break-before: avoid; }
          figure, table, li { break-inside: avoid; }
          .table-wrap { overflow: visible; }
          a { color: inherit; text-decoration: none; }
          .matrix td, mark, .crisis { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        </style>
        </head>
        <body>
        <a class="skip" href="#overview">Skip to the report</a>
        <header>
        <h1>{{title}}</h1>
        <p class="sub">{{subtitle}}</p>
        <nav aria-label="Sections"><ul>{{#nav}}<li><a href="{{href}}">{{name}}</a></li>{{/nav}}</ul></nav>
        </header>
        <main>
        {{#overview}}
        <section aria-labelledby="overview">
        <h2 id="overview" tabindex="-1">Overview</h2>
        <dl class="cards" id="overview-cards">
        <div class="card"><dt>categories</dt><dd>{{categoryCount}}</dd></div>
        <div class="card"><dt>rules</dt><dd>{{ruleCount}}</dd></div>
        <div class="card"><dt>guards</dt><dd>{{guardCount}}</dd></div>
        <div class="card"><dt>examples passing</dt><dd>{{examples}}</dd></div>
        <div class="card"><dt>lint findings</dt><dd>{{findingSummary}}</dd></div>
        </dl>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Categories table">
        <table id="overview-categories">
        <caption>Categories, their rules and examples (variants included)</caption>
        <thead><tr><th scope="col">category</th><th scope="col">title</th><th scope="col" class="num">rules</th><th scope="col" class="num">examples passing</th></tr></thead>
        <tbody>
        {{#categories}}<tr><th scope="row">{{id}}</th><td>{{title}}</td><td class="num">{{rules}}</td><td class="num{{#failing}} bad{{/failing}}">{{examples}}</td></tr>
        {{/categories}}
        </tbody>
        </table>
        </div>
        <h3 id="lint">Lint findings</h3>
        {{#hasFindings}}
        <p>{{findingSummary}}, grouped by code; <code>haven rules lint --explain CODE</code> says what a code means and how to fix it.</p>
        {{#findingGroups}}
        <h4 id="lint-{{code}}"><code>{{code}}:</code> {{summary}} ({{count}})</h4>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Lint findings {{code}} table">
        <table id="lint-findings-{{code}}">
        <caption>{{count}} with code {{code}}, by file and line</caption>
        <thead><tr><th scope="col">where</th><th scope="col">severity</th><th scope="col">finding</th></tr></thead>
        <tbody>
        {{#findings}}<tr><td><code>{{location}}</code></td><td>{{severity}}</td><td>{{message}}</td></tr>
        {{/findings}}
        </tbody>
        </table>
        </div>
        {{/findingGroups}}
        {{/hasFindings}}
        {{^hasFindings}}<p>No findings: the rules lint clean.</p>{{/hasFindings}}
        </section>
        {{/overview}}
        {{#evaluation}}
        <section aria-labelledby="evaluation">
        <h2 id="evaluation" tabindex="-1">Evaluation on labelled messages</h2>
        <p class="sub">{{messages}} labelled messages from <code>{{file}}</code>. The messages below appear only in this local file.</p>
        {{#crisis}}
        <div class="crisis{{#complete}} ok{{/complete}}" id="crisis-recall" role="note" aria-label="Crisis recall">
        <span class="big">crisis recall {{recall}}</span>
        {{caught}} of {{labelled}} crisis messages caught; precision {{precision}} ({{alarmsRight}} of {{alarms}} crisis alarms right).
        </div>
        {{/crisis}}
        <dl class="cards">
        <div class="card"><dt>macro-F1</dt><dd>{{macroF1}}</dd></div>
        <div class="card"><dt>top-1</dt><dd>{{topOne}}</dd></div>
        <div class="card"><dt>top-1 right</dt><dd>{{topOneHits}} of {{messages}}</dd></div>
        </dl>
        <h3 id="scores">Precision, recall and F1 per category</h3>
        <figure>
        <ul class="legend" aria-hidden="true"><li><span class="swatch precision"></span>precision</li><li><span class="swatch recall"></span>recall</li><li><span class="swatch f1"></span>F1</li></ul>
        <svg role="img" aria-labelledby="scores-chart-title" viewBox="0 0 600 {{chartHeight}}" width="600" height="{{chartHeight}}">
        <title id="scores-chart-title">Bars of precision, recall and F1 per category, from 0 to 1; the table below gives the same figures.</title>
        {{#categoryLabels}}<text x="0" y="{{textY}}">{{label}}</text>
        {{/categoryLabels}}
        {{#bars}}<rect class="{{tone}}" x="{{x}}" y="{{y}}" width="{{width}}" height="12"><title>{{label}}: {{value}}</title></rect><text x="{{valueX}}" y="{{textY}}">{{value}}</text>
        {{/bars}}
        </svg>
        <figcaption>Longer is better; 1.00 is every message right.</figcaption>
        </figure>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Scores table">
        <table id="eval-scores">
        <caption>Per category: precision, recall, F1 and their counts</caption>
        <thead><tr><th scope="col">category</th><th scope="col" class="num">precision</th><th scope="col" class="num">recall</th><th scope="col" class="num">F1</th><th scope="col" class="num">TP</th><th scope="col" class="num">FP</th><th scope="col" class="num">FN</th></tr></thead>
        <tbody>
        {{#rows}}<tr><th scope="row">{{id}}</th><td class="num">{{precision}}</td><td class="num">{{recall}}</td><td class="num">{{f1}}</td><td class="num">{{tp}}</td><td class="num">{{fp}}</td><td class="num">{{fn}}</td></tr>
        {{/rows}}
        </tbody>
        </table>
        </div>
        <h3 id="confusions">Labelled against detected</h3>
        <p>Rows: each message's main label. Columns: the strongest pattern detected. Blue cells (outlined) are right, red ones are confusions; the darker, the more of that row's messages.</p>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Confusion matrix">
        <table id="eval-matrix" class="matrix">
        <caption>Confusion matrix (number of messages)</caption>
        <thead><tr><th scope="col">label ↓ / detected →</th>{{#matrixColumns}}<th scope="col" class="num">{{.}}</th>{{/matrixColumns}}</tr></thead>
        <tbody>
        {{#matrixRows}}<tr><th scope="row">{{label}}</th>{{#cells}}<td class="{{#right}}right{{/right}}{{#zero}} zero{{/zero}}" style="{{style}}" title="{{describe}}">{{count}}</td>{{/cells}}</tr>
        {{/matrixRows}}
        </tbody>
        </table>
        </div>
        <h3 id="mistakes">Misses and false alarms</h3>
        {{#hasMistakes}}<p>The words that fired are <mark class="key">marked</mark>. <code>haven rules explain "…"</code> shows why.</p>{{/hasMistakes}}
        {{^hasMistakes}}<p>None: every labelled message was detected as labelled.</p>{{/hasMistakes}}
        {{#mistakes}}
        <h4>{{id}}: {{summary}}</h4>
        {{#hasMisses}}<p>Missed (labelled {{id}}, not detected):</p><ul class="examples">{{#misses}}{{> example}}{{/misses}}</ul>{{/hasMisses}}
        {{#hasFalseAlarms}}<p>False alarms (detected {{id}}, not labelled):</p><ul class="examples">{{#falseAlarms}}{{> example}}{{/falseAlarms}}</ul>{{/hasFalseAlarms}}
        {{/mistakes}}
        </section>
        {{/evaluation}}
        {{#impact}}
        <section aria-labelledby="impact">
        <h2 id="impact" tabindex="-1">Edit impact</h2>
        <p class="sub">Compared with the rules in <code>{{against}}</code>, over {{messages}} messages of {{measuredOver}}.</p>
        {{#macroF1}}<dl class="cards"><div class="card"><dt>macro-F1 before → after</dt><dd id="impact-macro-f1">{{.}}</dd></div></dl>{{/macroF1}}
        <figure>
        <svg role="img" aria-labelledby="impact-chart-title" viewBox="0 0 600 {{chartHeight}}" width="600" height="{{chartHeight}}">
        <title id="impact-chart-title">Per category, messages newly caught (green, to the right) and no longer caught (red, to the left); the table below gives the same figures.</title>
        <line x1="340" x2="340" y1="0" y2="{{chartHeight}}" stroke="#6b7280"/>
        {{#categoryLabels}}<text x="0" y="{{textY}}">{{label}}</text>
        {{/categoryLabels}}
        {{#gains}}<rect class="gain" x="{{x}}" y="{{y}}" width="{{width}}" height="16"><title>{{label}}: {{value}}</title></rect><text x="{{valueX}}" y="{{textY}}">{{value}}</text>
        {{/gains}}
        {{#losses}}<rect class="loss" x="{{x}}" y="{{y}}" width="{{width}}" height="16"><title>{{label}}: {{value}}</title></rect><text x="{{valueX}}" y="{{textY}}" text-anchor="end">{{value}}</text>
        {{/losses}}
        </svg>
        <figcaption>Green: newly caught. Red: no longer caught.</figcaption>
        </figure>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Impact table">
        <table id="impact-changes">
        <caption>Per category, before → after{{#hasScores}} (precision, recall and F1 on the labelled messages){{/hasScores}}</caption>
        <thead><tr><th scope="col">category</th><th scope="col" class="num">messages caught</th><th scope="col" class="num">change</th><th scope="col" class="num">newly caught</th><th scope="col" class="num">no longer caught</th>{{#hasScores}}<th scope="col" class="num">precision</th><th scope="col" class="num">recall</th><th scope="col" class="num">F1</th>{{/hasScores}}</tr></thead>
        <tbody>
        {{#rows}}<tr><th scope="row">{{id}}</th><td class="num">{{caught}}</td><td class="num">{{delta}}</td><td class="num">{{newly}}</td><td class="num">{{noLonger}}</td>{{#hasScores}}<td class="num">{{precision}}</td><td class="num">{{recall}}</td><td class="num">{{f1}}</td>{{/hasScores}}</tr>
        {{/rows}}
        </tbody>
        </table>
        </div>
        {{^hasChanges}}<p>The edit changes nothing on these messages.</p>{{/hasChanges}}
        {{#groups}}
        <h3>{{id}}: {{summary}}</h3>
        {{#hasNewly}}<p>Newly caught (the new rules' words marked):</p><ul class="examples">{{#newly}}{{> example}}{{/newly}}</ul>{{/hasNewly}}
        {{#hasNoLonger}}<p>No longer caught (the old rules' words marked):</p><ul class="examples">{{#noLonger}}{{> example}}{{/noLonger}}</ul>{{/hasNoLonger}}
        {{/groups}}
        </section>
        {{/impact}}
        {{#coverage}}
        <section aria-labelledby="coverage">
        <h2 id="coverage" tabindex="-1">Corpus</h2>
        <p class="sub">{{messages}} messages from <code>{{file}}</code>.</p>
        <h3 id="rule-counts">How often each rule fires</h3>
        {{#hasRules}}
        <figure>
        <svg role="img" aria-labelledby="rules-chart-title" viewBox="0 0 600 {{chartHeight}}" width="600" height="{{chartHeight}}">
        <title id="rules-chart-title">Messages each rule fires in, for {{chartShows}}; the table below lists every rule.</title>
        {{#bars}}<text x="0" y="{{textY}}">{{label}}</text><rect class="{{tone}}" x="{{x}}" y="{{y}}" width="{{width}}" height="14"><title>{{label}}: {{value}}</title></rect><text x="{{valueX}}" y="{{textY}}">{{value}}</text>
        {{/bars}}
        </svg>
        <figcaption>{{chartShows}}, most often first.</figcaption>
        </figure>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Rule counts table">
        <table id="coverage-rules">
        <caption>Messages each rule fires in</caption>
        <thead><tr><th scope="col">rule</th><th scope="col" class="num">messages</th></tr></thead>
        <tbody>
        {{#rules}}<tr><th scope="row">{{name}}</th><td class="num">{{count}}</td></tr>
        {{/rules}}
        </tbody>
        </table>
        </div>
        {{/hasRules}}
        {{^hasRules}}<p>No rule fires on this corpus.</p>{{/hasRules}}
        <h3 id="silent">Rules that never fire</h3>
        {{#hasSilentCategories}}<p>Categories that never fire: {{silentCategories}}.</p>{{/hasSilentCategories}}
        {{#hasSilentRules}}<ul id="silent-rules">{{#silentRules}}<li><code>{{.}}</code></li>{{/silentRules}}</ul>{{/hasSilentRules}}
        {{^hasSilentRules}}<p>Every rule fires at least once.</p>{{/hasSilentRules}}
        <h3 id="phrases">Most common matched phrases</h3>
        {{#hasPhrases}}
        <div class="table-wrap" tabindex="0" role="region" aria-label="Phrases table">
        <table id="coverage-phrases">
        <caption>Matched words (normalised), most common first</caption>
        <thead><tr><th scope="col">phrase</th><th scope="col" class="num">matches</th></tr></thead>
        <tbody>
        {{#phrases}}<tr><td>{{name}}</td><td class="num">{{count}}</td></tr>
        {{/phrases}}
        </tbody>
        </table>
        </div>
        {{/hasPhrases}}
        {{^hasPhrases}}<p>Nothing matched.</p>{{/hasPhrases}}
        </section>
        {{/coverage}}
        </main>
        <footer>Made by <code>haven rules report</code>. Self-contained: it loads nothing from the network. Message text in it stays on this computer.</footer>
        </body>
        </html>

        """
}
