"""The page's own stylesheet (constant text, no data in it); its script is in ``kg.viz.script``."""

_CSS = """
*{box-sizing:border-box}
[hidden]{display:none!important}
html,body{margin:0;height:100%;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a202c;background:#f7f8fa}
body{display:flex;flex-direction:column}
header{padding:10px 16px 8px;background:#fff;border-bottom:1px solid #e2e8f0;display:flex;flex-wrap:wrap;gap:4px 18px;align-items:baseline}
header h1{font-size:18px;margin:0;font-weight:650}
header .summary{margin:0;color:#4a5568}
header form{margin-left:auto;display:flex;gap:6px}
header input{font:inherit;padding:3px 8px;border:1px solid #cbd5e0;border-radius:4px;width:16em}
header button,#details button.link{font:inherit;padding:3px 10px;border:1px solid #cbd5e0;border-radius:4px;background:#edf2f7;cursor:pointer}
.notice{flex-basis:100%;margin:2px 0 0;padding:5px 9px;background:#fffbea;border:1px solid #f6e05e;border-radius:4px;color:#5f4b00}
main{flex:1;display:flex;min-height:0}
#stage{flex:1;min-width:0;position:relative}
#graph{position:absolute;inset:0;background:#fff}
#status{position:absolute;z-index:2;pointer-events:none;left:12px;bottom:10px;color:#4a5568;font-size:12px;background:rgba(255,255,255,.85);padding:2px 6px;border-radius:3px}
aside{width:390px;max-width:45vw;overflow:auto;border-left:1px solid #e2e8f0;background:#fff;padding:12px 16px}
aside h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#4a5568;margin:14px 0 6px}
aside h2:first-child{margin-top:0}
#legend ul{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:1fr 1fr;gap:3px 10px}
#legend li{display:flex;align-items:center;gap:6px}
#legend svg{flex:none}
#legend p{margin:6px 0 0;color:#4a5568;font-size:12px}
#details h3{font-size:17px;margin:4px 0 4px;overflow-wrap:anywhere}
#details .kind{display:inline-block;font-size:12px;padding:1px 7px;border-radius:9px;color:#fff;margin-right:6px}
#details .meta{color:#4a5568;font-size:12px;overflow-wrap:anywhere;margin:2px 0}
#details .iri{font-family:ui-monospace,Menlo,monospace;font-size:11px;color:#718096;overflow-wrap:anywhere}
#details blockquote{margin:8px 0;padding:6px 10px;border-left:3px solid #cbd5e0;background:#f7fafc}
#details blockquote p{margin:0 0 4px}
#details mark{background:#fde68a;padding:0 1px;border-radius:2px}
#details cite{display:block;font-style:normal;font-size:12px;color:#4a5568;overflow-wrap:anywhere}
#details ul{margin:4px 0;padding-left:18px}
#details li{margin:2px 0;overflow-wrap:anywhere}
#details button.link{padding:0 4px;border:0;background:none;color:#2b6cb0;text-decoration:underline;cursor:pointer}
#details .hint{color:#718096}
a{color:#2b6cb0}
div.vis-tooltip{position:absolute;visibility:hidden;padding:4px 7px;white-space:nowrap;font-size:12px;color:#1a202c;background:#fffff0;border:1px solid #a0aec0;border-radius:3px;box-shadow:2px 2px 6px rgba(0,0,0,.15);pointer-events:none;z-index:5}
noscript p{padding:16px}
#toolbar{display:flex;gap:6px;flex-wrap:wrap;align-items:center;margin-bottom:4px}
#toolbar button,#panel button.act{font:inherit;font-size:13px;padding:2px 9px;border:1px solid #cbd5e0;border-radius:4px;background:#edf2f7;cursor:pointer}
#toolbar button:disabled{opacity:.45;cursor:default}
#note{color:#4a5568;font-size:12px;margin:4px 0 0}
#find{position:relative}
#find-results{position:absolute;right:0;top:100%;z-index:10;margin:4px 0 0;padding:4px 0;list-style:none;background:#fff;border:1px solid #cbd5e0;border-radius:4px;box-shadow:0 4px 14px rgba(0,0,0,.15);width:26em;max-height:60vh;overflow:auto}
#find-results li button{display:block;width:100%;text-align:left;font:inherit;border:0;background:none;padding:3px 10px;cursor:pointer}
#find-results li button:hover,#find-results li button:focus{background:#edf2f7}
#find-results .sub{color:#718096;font-size:12px}
#story-list{margin:0;padding-left:20px}
#story-list li{margin:3px 0}
#story-list button,#source-list button{font:inherit;text-align:left;border:0;background:none;color:#2b6cb0;padding:0;cursor:pointer}
#story-list .sub,#source-list .sub{color:#718096;font-size:12px}
#filters label{display:inline-flex;align-items:center;gap:4px;margin:1px 8px 1px 0}
#legend li label{margin:0}
#range{margin:6px 0}
#range input{width:100%}
#range output{font-size:12px;color:#4a5568}
#type-list{max-height:10em;overflow:auto;margin:2px 0;padding:0;list-style:none;columns:2}
#source-list{list-style:none;margin:4px 0;padding:0;max-height:16em;overflow:auto}
#source-list li{display:flex;gap:6px;align-items:flex-start;margin:3px 0}
#source-filter{font:inherit;width:100%;padding:2px 6px;border:1px solid #cbd5e0;border-radius:4px}
#details .actions{display:flex;gap:6px;flex-wrap:wrap;margin:6px 0}
"""
