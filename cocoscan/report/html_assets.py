"""Inline CSS and JavaScript of ``report.html`` (no network, no external asset).

Kept apart from the renderer so that the markup logic reads on its own. The
script only filters and sorts elements already in the page (data attributes);
the page is complete, readable and printable without it.
"""

CSS = """
:root{--fg:#1b1f24;--muted:#5a6370;--bg:#fff;--panel:#f5f7fa;--line:#d7dde5;
--critical:#8b0000;--high:#c0392b;--medium:#b9770e;--low:#2e6da4;--informational:#5a6370;
--mark:#fff1a8;--focus:#1a73e8}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ee;--muted:#a3acb9;--bg:#14171b;
--panel:#1d2127;--line:#343a43;--mark:#5c4b00;--critical:#ff6b6b;--high:#ff8a65;
--medium:#ffca28;--low:#64b5f6}}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--fg);background:var(--bg)}
a{color:inherit}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:var(--bg);
padding:6px;z-index:9}
header,main,nav,section.block{padding:0 24px;max-width:1200px;margin:0 auto}
header h1{margin:16px 0 4px;font-size:1.5em}
.meta{color:var(--muted);margin:0 0 8px}
.banner{border:2px solid var(--high);padding:8px 12px;margin:8px 0;border-radius:6px}
nav.filters{position:sticky;top:0;background:var(--bg);z-index:5;
border-bottom:1px solid var(--line);padding-top:8px;padding-bottom:8px}
nav.filters form{display:flex;flex-wrap:wrap;gap:12px;align-items:end}
nav.filters label{display:flex;flex-direction:column;font-size:.85em;color:var(--muted)}
select,button,input{font:inherit;color:inherit;background:var(--panel);
border:1px solid var(--line);border-radius:4px;padding:4px 6px}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
#status{margin:6px 0 0;font-weight:600}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;
vertical-align:top}
th{background:var(--panel)}td.num,th.num{text-align:right}
th button{all:unset;cursor:pointer;text-decoration:underline dotted}
.sev{display:inline-block;padding:0 6px;border-radius:9px;font-size:.8em;color:#fff;
background:var(--informational)}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}
.sev-medium{background:var(--medium);color:#000}.sev-low{background:var(--low)}
article.conv{border:1px solid var(--line);border-radius:8px;margin:16px 0;
padding:0 16px 8px;content-visibility:auto;contain-intrinsic-size:auto 400px}
article.conv h3{margin:12px 0 4px}
ol.timeline{list-style:none;padding-left:0;border-left:3px solid var(--line);
margin-left:6px}
ol.timeline li{padding:2px 0 2px 12px;position:relative}
ol.timeline li::before{content:"";position:absolute;left:-7px;top:9px;width:11px;
height:11px;border-radius:50%;background:var(--muted)}
.finding{background:var(--panel);border-radius:6px;padding:8px 12px;margin:8px 0}
.finding h4{margin:0 0 4px;font-size:1em}
.finding .prov{color:var(--muted);font-size:.85em;word-break:break-all}
.chat{list-style:none;padding:0;margin:6px 0}
.chat li{padding:2px 0}.chat .who{color:var(--muted);font-size:.85em;margin-right:6px}
.chat li.hit{border-left:3px solid var(--high);padding-left:6px}
mark{background:var(--mark);color:inherit;font-weight:600}
.suppressed{opacity:.65}
.muted{color:var(--muted)}
[hidden]{display:none!important}
@media print{nav.filters,.skip,.noprint{display:none!important}
article.conv{break-inside:avoid-page;content-visibility:visible}
body{font-size:11pt}a{text-decoration:none}}
"""

JS = """
(function(){
'use strict';
var RANK={informational:0,low:1,medium:2,high:3,critical:4};
var form=document.getElementById('filters');
var rows=[].slice.call(document.querySelectorAll('#conv-table tbody tr'));
var arts=[].slice.call(document.querySelectorAll('article.conv'));
var byRank={};arts.forEach(function(a){byRank[a.dataset.rank]=a;});
function has(list,v){return (' '+list+' ').indexOf(' '+v+' ')>=0;}
function sevOk(s,min){return !min||(s&&RANK[s]>=RANK[min]);}
function apply(){
  var cat=form.category.value,sev=form.severity.value,who=form.author.value;
  var sup=form.suppressed.checked,nConv=0,nFind=0;
  rows.forEach(function(r){
    var ok=(!cat||has(r.dataset.categories,cat))&&sevOk(r.dataset.severity,sev)&&
      (!who||has(r.dataset.authors,who));
    r.hidden=!ok;var a=byRank[r.dataset.rank];if(a){a.hidden=!ok;}
    if(!ok){return;}nConv++;
    if(!a){return;}
    [].forEach.call(a.querySelectorAll('.finding,[data-finding]'),function(f){
      var fok=(!cat||f.dataset.category===cat)&&sevOk(f.dataset.severity,sev)&&
        (!who||f.dataset.author===who)&&(sup||f.dataset.suppressed!=='1');
      f.hidden=!fok;if(fok&&f.classList.contains('finding')){nFind++;}
    });
  });
  document.getElementById('status').textContent='Showing '+nConv+' of '+rows.length+
    ' conversations, '+nFind+' findings';
  document.getElementById('status').dataset.conversations=nConv;
  document.getElementById('status').dataset.findings=nFind;
}
function sortBy(key,dir){
  var tbody=document.querySelector('#conv-table tbody');
  var main=document.getElementById('details');
  var sorted=rows.slice().sort(function(a,b){
    var x=a.dataset[key],y=b.dataset[key];
    if(key==='severity'){x=RANK[x]||-1;y=RANK[y]||-1;}
    else if(key!=='conversation'){x=parseFloat(x)||0;y=parseFloat(y)||0;}
    var c=x<y?-1:x>y?1:(+a.dataset.rank)-(+b.dataset.rank);return dir*c;
  });
  sorted.forEach(function(r){tbody.appendChild(r);
    var a=byRank[r.dataset.rank];if(a){main.appendChild(a);}});
}
form.addEventListener('change',function(e){
  if(e.target.name==='sort'){var v=e.target.value.split(':');
    sortBy(v[0],+v[1]);}else{apply();}
});
form.addEventListener('submit',function(e){e.preventDefault();});
document.getElementById('reset-filters').addEventListener('click',function(){
  form.reset();sortBy('rank',1);apply();});
[].forEach.call(document.querySelectorAll('#conv-table th button'),function(b){
  b.addEventListener('click',function(){
    var k=b.dataset.sort,d=b.dataset.dir==='1'?-1:1;b.dataset.dir=d;
    sortBy(k,d);});
});
window.addEventListener('beforeprint',function(){
  [].forEach.call(document.querySelectorAll('details'),function(d){d.open=true;});});
apply();
})();
"""
