/**
 * The site's one stylesheet, inlined in every page (a page works on its own, offline, and the
 * Content-Security-Policy allows exactly this text by its hash). System fonts only. Colours meet
 * WCAG AA contrast; on a narrow screen the overview's rows become cards.
 */
export const SITE_CSS = `
:root{--ink:#1c2430;--muted:#4d5866;--line:#d5dbe3;--bg:#f6f8fa;--card:#fff;--link:#0b5cad;
--fail-bg:#fde7e6;--fail:#a4161a;--att-bg:#fff1cc;--att:#7a4b00;--ok-bg:#e2f4e6;--ok:#17612c;--off-bg:#eceef1;--off:#454d57;
--bar:#2f6f9f;--count:#b4410c}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--link)}
a:focus-visible,[tabindex]:focus-visible,summary:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
header.site{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;justify-content:space-between;padding:.75rem 1.25rem;background:#17212b;color:#fff}
header.site .home{color:#fff;font-weight:700;text-decoration:none;font-size:1.05rem}
header.site .generated{color:#d8dee6;font-size:.85rem}
main{max-width:78rem;margin:0 auto;padding:1rem 1.25rem 2rem}
footer.site{max-width:78rem;margin:0 auto;padding:0 1.25rem 2rem;color:var(--muted);font-size:.85rem}
h1{font-size:1.5rem;margin:.5rem 0 .75rem}
h2{font-size:1.15rem;margin:1.75rem 0 .5rem}
h3{font-size:1rem;margin:0}
p{margin:.4rem 0}
.muted{color:var(--muted)}
.amount,.nowrap,time{white-space:nowrap}
.num{text-align:right;font-variant-numeric:tabular-nums}
code{font:.85em/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
code.hash{word-break:break-all}
.badge{display:inline-block;padding:.1rem .55rem;border-radius:1rem;font-size:.8rem;font-weight:700;white-space:nowrap;border:1px solid currentColor}
.badge.failing{background:var(--fail-bg);color:var(--fail)}
.badge.attention{background:var(--att-bg);color:var(--att)}
.badge.ok{background:var(--ok-bg);color:var(--ok)}
.badge.disabled{background:var(--off-bg);color:var(--off)}
.badge.pending{background:var(--att-bg);color:var(--att)}
.badge.transferred{background:var(--ok-bg);color:var(--ok)}
.badge.abandoned{background:var(--off-bg);color:var(--off)}
ul.reasons{margin:.25rem 0 0;padding-left:1.1rem;font-size:.85rem;color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem;margin:.5rem 0 1rem;padding:0;list-style:none}
.cards li{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.6rem .8rem}
.cards .big{display:block;font-size:1.4rem;font-weight:700}
.scroll{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:.5rem}
table{border-collapse:collapse;width:100%}
caption{text-align:left;font-weight:600;padding:.5rem .75rem}
th,td{padding:.45rem .6rem;border-bottom:1px solid var(--line);vertical-align:top;text-align:left}
thead th{background:#eef2f6;font-size:.85rem}
tbody tr:last-child td,tbody tr:last-child th{border-bottom:0}
table.fleet td:first-child{min-width:13rem}
table.fleet code{white-space:nowrap}
tr.failing td:first-child{box-shadow:inset 4px 0 var(--fail)}
tr.attention td:first-child{box-shadow:inset 4px 0 #c98a00}
svg{display:block;max-width:100%;height:auto}
svg.spark{width:150px}
.chart svg{width:100%}
.chart{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.5rem}
.legend{display:flex;gap:1rem;font-size:.85rem;color:var(--muted);margin:.25rem .25rem 0;flex-wrap:wrap}
.key{display:inline-block;width:.8rem;height:.8rem;border-radius:.15rem;margin-right:.3rem;vertical-align:-.1rem}
.key.bar{background:var(--bar)}.key.count{background:var(--count)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
article.batch{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.75rem;margin:.75rem 0}
article.batch header{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
details{margin-top:.5rem}
td.wide{min-width:16rem}
summary{cursor:pointer;color:var(--link)}
@media (max-width:760px){
 body{font-size:14px}
 main{padding:.75rem}
 table.fleet thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
 table.fleet,table.fleet tbody,table.fleet tr,table.fleet td{display:block;width:100%}
 table.fleet tr{border-bottom:6px solid var(--bg);padding:.25rem 0}
 table.fleet td:first-child{min-width:0}
 table.fleet td{display:grid;grid-template-columns:8.5rem 1fr;gap:.5rem;align-items:start;border:0;padding:.3rem .75rem}
 table.fleet td::before{content:attr(data-label);font-weight:600;color:var(--muted)}
 table.fleet td.num{text-align:left}
 dl.facts{grid-template-columns:1fr}
}
`;
