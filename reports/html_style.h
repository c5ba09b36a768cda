#pragma once
// The pages' stylesheet (report and diff): 900–1920 px without a horizontal scrollbar, printable.

namespace sigheap::report::html {

inline constexpr const char* kStyle = R"(
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;padding:0 24px 40px;color:#1a1a1a;max-width:1680px}
h1{font-size:22px;margin:20px 0 4px}h2{font-size:18px;margin:34px 0 8px;border-bottom:1px solid #ccc}
h3{font-size:15px;margin:26px 0 6px}h3 small{font-weight:400;color:#555}
nav.top a{margin-right:14px}.note{color:#444;max-width:75em}.lede{color:#333}
a{color:#0b5cad}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ddd;padding:2px 7px;text-align:right;vertical-align:middle}
td:first-child,th:first-child{text-align:left}thead th{background:#f4f4f4}
.wrap{max-width:100%;overflow-x:auto}
.data td,.data th{font-variant-numeric:tabular-nums;padding:2px 6px}
.data thead th{font-size:13px;line-height:1.2}
.data th.impl,.data td.impl{white-space:nowrap}
tr.family>*{border-top:2px solid #888}
.real{color:#8a5a00}
.warn{color:#b00;font-weight:600}.ok-line{color:#2a6e2a}
.status-error,.status-crashed,.status-timeout{color:#b00}.status-skipped{color:#777}
.meta th{text-align:left;white-space:nowrap}.meta td{text-align:left;overflow-wrap:anywhere}
.hm-wrap{max-width:100%}
table.hm{table-layout:fixed;width:100%;border-collapse:separate;border-spacing:1px;caption-side:top}
table.hm caption{text-align:left;color:#444;padding:2px 0}
table.hm th,table.hm td{border:0;padding:0;font-size:11px}
table.hm thead th:first-child{width:17em;background:none}
table.hm th.col{vertical-align:bottom;text-align:left;background:none}
table.hm th.col span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;display:inline-block;padding:2px 0}
table.hm th.impl{font-size:12px;font-weight:500;padding-right:6px;text-align:right;line-height:1.15}
table.hm td a{display:block;height:22px;line-height:22px;text-align:center;color:inherit;text-decoration:none;overflow:hidden;white-space:nowrap}
table.hm td a:hover{outline:2px solid #000}
table.hm td.none{background:repeating-linear-gradient(45deg,#eee 0 4px,#ccc 4px 6px);color:#555}
table.hm tr.family>*{border-top:0}table.hm tr.family th,table.hm tr.family td{box-shadow:inset 0 2px 0 #fff;padding-top:0}
@media (max-width:1250px){table.hm.many td span{display:none}}
.scale{display:flex;flex-wrap:wrap;align-items:center;gap:6px;font-size:12px;color:#333}
.scale i{display:inline-block;width:160px;height:12px;border:1px solid #999}
.scale i.zero-swatch{width:16px;background:#fafafa}
.scale i.none-swatch{width:16px;background:repeating-linear-gradient(45deg,#eee 0 4px,#ccc 4px 6px)}
.switch>input{position:absolute;opacity:0}
.switch>label{display:inline-block;padding:3px 12px;border:1px solid #0b5cad;cursor:pointer;margin:0 4px 4px 0;border-radius:3px;color:#0b5cad}
.switch>input:checked+label{background:#0b5cad;color:#fff}
.switch>input:focus-visible+label{outline:2px solid #000}
.switch .pane-b{display:none}
.switch>input:nth-of-type(2):checked~.pane-a{display:none}.switch>input:nth-of-type(2):checked~.pane-b{display:block}
ul.legend{list-style:none;padding:0;margin:8px 0;columns:4 14em;font-size:13px}
ul.legend li{break-inside:avoid}ul.legend i,.key i{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px}
.key{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;color:#333;margin:4px 0}
.key .flat{color:#555}
i.hatched{background:repeating-linear-gradient(45deg,#E69F00 0 4px,#f5d699 4px 6px)}
i.model{background:#0072B2}
.panels{display:flex;flex-wrap:wrap;gap:10px 16px}
.nw{white-space:nowrap}
.panels figure{margin:0}.panels figcaption{font-size:12px;color:#444;max-width:30em}
svg text{font:11px system-ui,sans-serif;fill:#222}
svg .title{font-size:13px;font-weight:600}
svg .name{text-anchor:end}svg .name.real{fill:#8a5a00}
svg .tick{text-anchor:middle}svg .lab{text-anchor:start}svg .tick.end{text-anchor:end}svg .unit{text-anchor:end;fill:#555}
svg .grid{stroke:#e3e3e3}svg .axis{stroke:#777}svg .frame{fill:none;stroke:#bbb}
svg.mini .ret{fill:#0072B2}svg.mini .cum{fill:none;stroke:#555;stroke-width:1}
ol.toc{columns:4 16em;font-size:13px;padding-left:1.6em}
ul.sites{margin:2px 0 8px;font-size:13px;padding-left:1.4em}ul.sites .site{font:12px ui-monospace,monospace;overflow-wrap:anywhere}
details{margin:6px 0}summary{cursor:pointer;color:#0b5cad}
.parts{text-align:left;font-size:12px;overflow-wrap:anywhere}
table.changes td.worse{color:#8a3b00;font-weight:600}table.changes td.better{color:#1b4f8a;font-weight:600}
table.changes th{text-align:left}table.changes th.num{text-align:right}
table.changes td.what{overflow-wrap:anywhere;text-align:left}
@media print{body{max-width:none;padding:0}.switch>label,.switch>input{display:none}
 .switch .pane-a,.switch .pane-b{display:block!important}section.scenario,figure,table{break-inside:avoid}
 nav.top{display:none}a{color:inherit;text-decoration:none}details>*{display:block}}
)";

}  // namespace sigheap::report::html
