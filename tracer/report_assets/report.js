// tracer report: builds the tables from the embedded data, and a link's side-by-side view when it is opened.
// Every piece of article text or metadata becomes a text node (append / textContent), never markup; the only
// URLs made clickable are http(s) ones, checked with the URL parser.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("tracer-data").textContent);
  const docs = {}, sources = {}, linksOf = {};
  data.documents.forEach((d) => { docs[d.node] = d; linksOf[d.node] = []; });
  data.sources.forEach((s) => { sources[s.node] = s; linksOf[s.node] = []; });
  data.links.forEach((l, n) => { (linksOf[l.source] || []).push(n); (linksOf[l.target] || []).push(n); });
  const $ = (id) => document.getElementById(id);

  // -- building DOM safely ---------------------------------------------------------------------------------
  const ATTRIBUTES = new Set(["id", "title", "colspan"]);
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "href") el.setAttribute("href", "#" + v); // in-page only; outside links go through urlLink
      else if (k.startsWith("data-") || ATTRIBUTES.has(k)) el.setAttribute(k, String(v));
      else throw new Error("not an allowed attribute: " + k);
    }
    for (const c of children.flat(Infinity)) {
      if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
    }
    return el;
  }
  function safeUrl(url) {
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) { return null; }
  }
  function urlLink(url) {
    const ok = url ? safeUrl(url) : null;
    if (!ok) return url || "";
    const a = h("a", { class: "url" }, url);
    a.href = ok; a.rel = "noopener noreferrer"; a.target = "_blank";
    return a;
  }
  const pct = (x) => (x === null || x === undefined ? "–" : Math.round(100 * x) + "%");
  const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");

  // -- names -----------------------------------------------------------------------------------------------
  function name(node) {
    const d = docs[node];
    if (d) return d.id;
    const s = sources[node];
    return s ? s.name : node;
  }
  function fullName(node) {
    const d = docs[node];
    return d && d.outlet ? d.outlet + " (" + d.id + ")" : name(node);
  }
  const ref = (node) => h("a", { class: "ref", href: "node=" + node, "data-go": "node=" + node }, name(node));
  const linkRef = (n, text) => h("a", { class: "ref", href: "link=" + n, "data-go": "link=" + n }, text);

  // -- words for links and evidence ------------------------------------------------------------------------
  function pairText(l) {
    if (l.kind === "credit") return name(l.target) + " credits " + name(l.source);
    return l.direction === "derived" ? name(l.source) + " → " + name(l.target) : name(l.source) + " — " + name(l.target);
  }
  function directionText(l) {
    const s = fullName(l.source), t = fullName(l.target);
    switch (l.direction) {
      case "derived": return t + " derives from " + s + (l.indirect ? " (through a chain of other copies)" : "");
      case "siblings": return "siblings: both derive from " + l.common_source + "; neither copied the other";
      case "credited": return t + " credits " + s;
      default: return "undetermined: the evidence is too weak or points both ways, so no arrow is drawn";
    }
  }
  function relationText(l) {
    const s = name(l.source), t = name(l.target);
    return {
      verbatim: "verbatim: both texts are nearly all shared, word for word",
      edited: "edited: both texts are nearly all shared, with words changed",
      trimmed: "trimmed: " + t + " is mostly " + s + "'s text, and " + s + " has more",
      expanded: "expanded: " + t + " holds " + s + "'s text and adds more of its own",
      excerpt: "excerpt: a shared passage inside two otherwise different texts",
    }[l.relation] || l.relation;
  }
  const KINDS = { credit: "Credit line", trimmed: "Trimmed text", date: "Publication dates", typography: "Typography",
    wrapper: "Site furniture", compiled: "Compilation", cycle: "Contradiction" };
  function favorsText(e) {
    if (e.favors === "siblings") return "points to a common source (siblings)";
    if (e.favors === "none") return "noted only, not weighed";
    return "points to " + name(e.favors) + " as the source";
  }

  // -- tables ----------------------------------------------------------------------------------------------
  // Each table shows its first rows; "show all" and the filter work on the data, so a report of thousands of
  // documents does not build (or lay out) thousands of rows before it can be used.
  const FIRST_ROWS = 200, tables = {};
  function table(id, columns, items) { // columns: [{title, cls, url}]; items: [{go, values: [string]}]
    tables[id] = { columns, items, limit: FIRST_ROWS, filter: "" };
    renderTable(id);
  }
  function renderTable(id) {
    const t = tables[id], n = t.columns.length;
    const search = (it) => it.search || (it.search = it.values.join(" ").toLowerCase());
    const matching = t.filter ? t.items.filter((it) => search(it).includes(t.filter)) : t.items;
    const shown = matching.slice(0, t.limit);
    const body = h("tbody", {}, shown.map((it) => h("tr", { class: "clickable", "data-go": it.go }, it.values.map((v, i) =>
      h("td", { class: t.columns[i].cls }, t.columns[i].url ? urlLink(v) : v)))));
    if (!matching.length) body.append(h("tr", {}, h("td", { colspan: n }, t.filter ? "no match" : "none")));
    if (matching.length > shown.length) {
      body.append(h("tr", { class: "more" }, h("td", { colspan: n }, "showing " + shown.length + " of " + matching.length + " ",
        h("button", { "data-more": id }, "show all"))));
    }
    $(id).replaceChildren(h("thead", {}, h("tr", {}, t.columns.map((c) => h("th", { class: c.cls }, c.title)))), body);
  }
  function filterTable(input) {
    const t = tables[input.dataset.table];
    t.filter = input.value.toLowerCase().trim();
    t.limit = FIRST_ROWS;
    renderTable(input.dataset.table);
  }
  const col = (title, cls, url) => ({ title, cls: cls || null, url: !!url });
  const shareOf = (l) => pct(Math.max(...l.containment.filter((x) => x !== null)));
  function linksTable() {
    const items = [];
    data.links.forEach((l, n) => {
      if (l.kind !== "text") return;
      const how = l.direction === "siblings" ? "siblings via " + l.common_source : l.direction;
      items.push({ go: "link=" + n, values: [pairText(l), l.relation, shareOf(l), how + (l.indirect ? " (indirect)" : ""),
        l.directed || l.direction === "siblings" ? l.confidence.toFixed(2) : "–", plural(l.evidence.length, "piece")] });
    });
    table("links", [col("Documents"), col("Relation"), col("Shared", "num"), col("Direction"), col("Confidence", "num"),
      col("Evidence")], items);
  }
  function creditsTable() {
    const items = [];
    data.links.forEach((l, n) => {
      if (l.kind === "credit") items.push({ go: "link=" + n, values: [name(l.source), name(l.target), l.evidence.map((e) => "'" + e.quote + "'").join(" ")] });
    });
    table("credits", [col("Credited source"), col("Document"), col("Credit line")], items);
  }
  function documentsTable() {
    table("documents", [col("Document", "id"), col("Outlet"), col("Title"), col("Date"), col("URL", null, true), col("Credits"),
      col("Links", "num")], data.documents.map((d) => ({ go: "node=" + d.node, values: [d.id, d.outlet || "", d.title || "",
      d.published || "", d.url || "", [...new Set(d.credits.map((c) => c.outlet))].join(", "), String(linksOf[d.node].length)] })));
  }
  function sourcesTable() {
    table("sources", [col("Source"), col("Credited by")], data.sources.map((s) =>
      ({ go: "node=" + s.node, values: [s.name, s.credited_by.map(name).join(", ")] })));
  }
  function settingsView() {
    const t = data.tracer;
    const facts = h("dl", { class: "facts" }, h("dt", {}, "tracer version"), h("dd", {}, t.version),
      Object.entries(t.settings).map(([k, v]) => [h("dt", {}, k), h("dd", {}, JSON.stringify(v))]));
    const parts = [h("p", { class: "note" }, "The settings this report was produced with; the same input, version and settings give the same result."), facts];
    if (data.warnings.length) parts.push(h("h3", {}, "Warnings"), h("ul", {}, data.warnings.map((w) => h("li", {}, w))));
    if (data.skipped.length) parts.push(h("h3", {}, "Skipped inputs"), h("ul", {}, data.skipped.map((s) => h("li", {}, s.path + ": " + s.reason))));
    $("settings").replaceChildren(...parts);
  }

  // -- texts with marked spans -----------------------------------------------------------------------------
  // marks: [{s, e, make(text) -> Node}], in any order; text between marks stays plain; overlaps are cut.
  function marked(text, from, to, marks) {
    while (from < to && /\s/.test(text[from])) from++; // a cell's edges are not worth blank lines
    while (to > from && /\s/.test(text[to - 1])) to--;
    const out = [];
    let at = from;
    for (const m of marks.slice().sort((x, y) => x.s - y.s)) {
      const s = Math.max(m.s, at), e = Math.min(m.e, to);
      if (e <= s) continue;
      if (s > at) out.push(text.slice(at, s));
      out.push(m.make(text.slice(s, e)));
      at = e;
    }
    if (at < to) out.push(text.slice(at, to));
    return out;
  }
  // other: the text of the passage on the other side; words of this side in no 3-word run of it are marked
  function passageMark(p, side, other) {
    const [s, e] = side === "a" ? [p.a0, p.a1] : [p.b0, p.b1];
    return { s, e, make: (t) => h("span", { class: "shared p" + (p.i % 4), "data-p": p.i, "data-side": side,
      title: "passage " + (p.i + 1) + ": " + pct(p.exact) + " word for word" }, h("span", { class: "pnum" }, p.i + 1),
    marked(t, 0, t.length, differing(t, other).map(([ds, de]) => ({ s: ds, e: de, make: (x) => h("span", { class: "differs", title: "not in the other text's passage" }, x) })))) };
  }
  function words(text) {
    return Array.from(text.matchAll(/[\p{L}\p{N}]+/gu), (m) => [m.index, m.index + m[0].length, m[0].toLowerCase()]);
  }
  function differing(text, other, n = 3) {
    const mine = words(text), theirs = words(other), grams = new Set();
    const key = (list, i) => list.slice(i, i + n).map((w) => w[2]).join(" ");
    for (let i = 0; i + n <= theirs.length; i++) grams.add(key(theirs, i));
    const covered = new Uint8Array(mine.length);
    for (let i = 0; i + n <= mine.length; i++) if (grams.has(key(mine, i))) covered.fill(1, i, i + n);
    const out = [];
    mine.forEach((w, i) => {
      if (covered[i]) return;
      if (out.length && !covered[i - 1] && i > 0) out[out.length - 1][1] = w[1]; else out.push([w[0], w[1]]);
    });
    return out;
  }
  function regionMark(r, side, k, cls) {
    return { s: r[0], e: r[1], make: (t) => h("span", { class: "region " + (r[4] ? "wrapper" : cls), "data-r": side + k },
      h("span", { class: "region-label" }, regionWords(r)), t) };
  }
  const regionWords = (r) => r[2] + " · " + (r[4] ? "site furniture" : "article text") + " · " + plural(r[3], "word");

  // -- the side-by-side view of a text link ----------------------------------------------------------------
  function sideBySide(l) {
    const S = docs[l.source], T = docs[l.target];
    const ps = l.passages.map((p, i) => ({ i, a0: p[0], a1: p[1], b0: p[2], b1: p[3], exact: p[4] }))
      .sort((x, y) => x.a0 - y.a0);
    const [ra, rb] = l.regions || [[], []];
    const marksA = ra.map((r, k) => regionMark(r, "a", k, "lacks")), marksB = rb.map((r, k) => regionMark(r, "b", k, "adds"));
    const inOrder = ps.every((p, k) => k === 0 || p.b0 >= ps[k - 1].b1);
    const grid = h("div", { class: "side-by-side" + (inOrder ? "" : " columns") },
      h("div", { class: "head" }, fullName(l.source)), h("div", { class: "head" }, fullName(l.target)));
    const cell = (parts) => h("div", { class: "cell" }, parts);
    const pa = (p) => passageMark(p, "a", T.text.slice(p.b0, p.b1)), pb = (p) => passageMark(p, "b", S.text.slice(p.a0, p.a1));
    if (!inOrder) {
      grid.append(cell(marked(S.text, 0, S.text.length, marksA.concat(ps.map(pa)))),
        cell(marked(T.text, 0, T.text.length, marksB.concat(ps.map(pb)))));
      return grid;
    }
    let a = 0, b = 0;
    const gap = (a1, b1) => {
      if (S.text.slice(a, a1).trim() || T.text.slice(b, b1).trim()) {
        grid.append(cell(marked(S.text, a, a1, marksA)), cell(marked(T.text, b, b1, marksB)));
      }
    };
    for (const p of ps) {
      gap(Math.max(a, p.a0), Math.max(b, p.b0));
      grid.append(cell(marked(S.text, p.a0, p.a1, [pa(p)])), cell(marked(T.text, p.b0, p.b1, [pb(p)])));
      a = Math.max(a, p.a1); b = Math.max(b, p.b1);
    }
    gap(S.text.length, T.text.length);
    return grid;
  }
  function regionList(l) {
    const [ra, rb] = l.regions || [[], []];
    const S = docs[l.source], T = docs[l.target];
    const derived = l.direction === "derived";
    const item = (r, side, k, doc, cls, what) => h("li", { class: r[4] ? "wrapper" : cls, "data-show": side + k },
      h("strong", {}, what + ": "), regionWords(r), h("blockquote", {}, clip(doc.text.slice(r[0], r[1]))));
    const items = ra.map((r, k) => item(r, "a", k, S, "lacks", derived ? "the copy lacks" : "only in " + S.id))
      .concat(rb.map((r, k) => item(r, "b", k, T, "adds", derived ? "the copy adds" : "only in " + T.id)));
    if (!l.regions) return h("p", { class: "note" }, "Not measured for this link.");
    return items.length ? h("ul", { class: "regions" }, items) : h("p", {}, "Nothing: the shared passages cover both texts.");
  }
  function clip(text, n = 240) {
    text = text.replace(/\s+/g, " ").trim();
    return text.length <= n ? text : text.slice(0, n / 2 - 2) + " … " + text.slice(-n / 2 + 2);
  }
  function evidenceList(l) {
    if (!l.evidence.length) return h("p", {}, "No evidence either way.");
    return h("ul", { class: "evidence" }, l.evidence.map((e) => h("li", {},
      h("strong", {}, (KINDS[e.kind] || e.kind) + ": "), e.detail, e.quote ? h("blockquote", {}, e.quote) : null,
      h("div", { class: "note" }, favorsText(e) + (e.weight ? ", weight " + e.weight : "")))));
  }
  function textLinkView(l) {
    const shared = "share of " + name(l.source) + " found in " + name(l.target) + ": " + pct(l.containment[0]) +
      "; of " + name(l.target) + " in " + name(l.source) + ": " + pct(l.containment[1]);
    return [h("h2", {}, pairText(l)),
      h("dl", { class: "facts" },
        h("dt", {}, "Relation"), h("dd", {}, relationText(l)),
        h("dt", {}, "Direction"), h("dd", {}, directionText(l)),
        h("dt", {}, "Confidence"), h("dd", {}, l.directed || l.direction === "siblings" ? l.confidence.toFixed(2) : "none (no direction called)"),
        h("dt", {}, "Shared text"), h("dd", {}, shared + " (resemblance, Jaccard " + (l.jaccard === null ? "–" : l.jaccard.toFixed(2)) + ")"),
        h("dt", {}, "Passages"), h("dd", {}, plural(l.passages.length, "shared passage"))),
      h("h3", {}, l.direction === "derived" ? "What the copy trimmed and added" : "What each text has that the other lacks"),
      regionList(l), h("h3", {}, "Evidence"), evidenceList(l),
      h("h3", {}, "The two texts side by side"),
      h("p", { class: "legend" }, h("span", { class: "shared p0" }, "shared passage"),
        h("span", { class: "legend-differs" }, "in a passage, words the other side lacks"), h("span", { class: "region lacks" },
        l.direction === "derived" ? "only in the source" : "only in " + name(l.source)), h("span", { class: "region adds" },
        l.direction === "derived" ? "only in the copy" : "only in " + name(l.target)), h("span", { class: "region wrapper" }, "site furniture")),
      sideBySide(l)];
  }

  // -- documents, sources and credit links -----------------------------------------------------------------
  function docText(d) {
    const marks = d.credits.map((c) => ({ s: c.span[0], e: c.span[1], make: (t) => h("span", { class: "credit-line", title: "credits " + c.outlet }, t) }));
    return h("div", { class: "doc-text" }, marked(d.text, 0, d.text.length, marks));
  }
  function linkItems(node) {
    return h("ul", {}, linksOf[node].map((n) => {
      const l = data.links[n];
      const what = l.kind === "credit" ? "" : ": " + l.relation + ", " + shareOf(l) + " shared, " + l.direction;
      return h("li", {}, linkRef(n, pairText(l) + what));
    }));
  }
  function documentView(d) {
    const fact = (k, v) => (v ? [h("dt", {}, k), h("dd", {}, v)] : null);
    return [h("h2", {}, fullName(d.node)), h("dl", { class: "facts" }, fact("Id", d.id), fact("Title", d.title),
      fact("Outlet", d.outlet), fact("Published", d.published), fact("Author", d.author), fact("URL", d.url ? urlLink(d.url) : null),
      fact("Path", d.path), fact("Captured", d.captured), fact("Length", plural(d.text.length, "character"))),
    h("h3", {}, "Credits"), d.credits.length ? h("ul", { class: "evidence" }, d.credits.map((c) =>
      h("li", {}, "credits " + c.outlet + " (" + c.kind + ")", h("blockquote", {}, c.quote)))) : h("p", {}, "none found"),
    h("h3", {}, "Links"), linksOf[d.node].length ? linkItems(d.node) : h("p", {}, "No reuse found."),
    h("h3", {}, "Text"), docText(d)];
  }
  function sourceView(s) {
    return [h("h2", {}, s.name + " (credited, not in the collection)"), h("h3", {}, "Credited by"), linkItems(s.node)];
  }
  function creditLinkView(l) {
    const d = docs[l.target];
    return [h("h2", {}, pairText(l)), evidenceList(l), h("h3", {}, "Text of " + d.id + " (credit lines marked)"), docText(d)];
  }

  function unlinkedPairView() {
    const [a, b] = data.documents;
    return [h("h2", {}, a.id + " and " + b.id), h("p", {}, "The two texts share no passage of reused text."),
      h("div", { class: "side-by-side columns" }, h("div", { class: "head" }, fullName(a.node)),
        h("div", { class: "head" }, fullName(b.node)), h("div", { class: "cell" }, a.text), h("div", { class: "cell" }, b.text))];
  }

  // -- opening details -------------------------------------------------------------------------------------
  let selected = null, current = null;
  function open(key) {
    const m = /^(link|node)=(\w+)$/.exec(key);
    if (!m) return;
    const [, kind, id] = m;
    let view = null;
    if (kind === "link" && data.links[+id]) {
      const l = data.links[+id];
      view = l.kind === "text" ? textLinkView(l) : creditLinkView(l);
    } else if (kind === "node" && docs[id]) view = documentView(docs[id]);
    else if (kind === "node" && sources[id]) view = sourceView(sources[id]);
    if (!view) return;
    show(view);
    current = key;
    select(kind === "link" ? "link_" + id : "node_" + id);
    $("details").scrollIntoView({ block: "start" });
  }
  function show(view) {
    $("details-body").replaceChildren(...view);
    $("details").hidden = false;
  }
  function go(key) {
    if (location.hash === "#" + key) open(key); else location.hash = key; // hashchange opens it
  }
  function select(svgId) {
    if (selected) selected.classList.remove("selected");
    selected = document.getElementById(svgId);
    if (!selected || !selected.closest("#diagram-box")) { selected = null; return; }
    selected.classList.add("selected");
    const box = $("diagram-box"), r = selected.getBoundingClientRect(), b = box.getBoundingClientRect();
    if (r.right < b.left || r.left > b.right || r.bottom < b.top || r.top > b.bottom) {
      box.scrollLeft += r.left - b.left - (b.width - r.width) / 2;
      box.scrollTop += r.top - b.top - (b.height - r.height) / 2;
    }
  }
  function close() {
    $("details").hidden = true;
    current = null;
    if (selected) selected.classList.remove("selected");
    selected = null;
    try { history.replaceState(null, "", location.pathname + location.search); } catch (e) { location.hash = ""; }
  }
  function flash(target) {
    if (!target) return;
    target.scrollIntoView({ block: "center" });
    target.classList.add("flash");
    setTimeout(() => target.classList.remove("flash"), 1500);
  }
  function onClick(e) {
    const t = e.target;
    if (t.closest("a.url")) return; // an article's own URL opens as a normal link
    const more = t.closest("[data-more]");
    if (more) { tables[more.dataset.more].limit = Infinity; renderTable(more.dataset.more); return; }
    const nav = t.closest("[data-go]");
    if (nav) { e.preventDefault(); go(nav.dataset.go); return; }
    const g = t.closest("#diagram-box g.node, #diagram-box g.edge");
    const m = g && /^(node|link)_(\w+)$/.exec(g.id);
    if (m) { go(m[1] + "=" + m[2]); return; }
    const show = t.closest("[data-show]");
    if (show) { flash($("details-body").querySelector('[data-r="' + show.dataset.show + '"]')); return; }
    const passage = t.closest(".side-by-side.columns .shared");
    if (passage) {
      const other = passage.dataset.side === "a" ? "b" : "a";
      flash($("details-body").querySelector('.shared[data-p="' + passage.dataset.p + '"][data-side="' + other + '"]'));
    }
  }

  // -- the diagram -----------------------------------------------------------------------------------------
  function setUpDiagram() {
    const svg = $("diagram-box").querySelector("svg");
    if (!svg) return;
    $("zoom").hidden = false;
    const vb = svg.viewBox.baseVal, w = vb.width * 4 / 3, ht = vb.height * 4 / 3;
    svg.removeAttribute("width"); svg.removeAttribute("height");
    let scale = 1;
    // from the window's size, not the box's: reading a laid-out size here would lay out the diagram twice
    const fit = () => Math.min(1, (Math.min(window.innerWidth, 1400) - 60) / w, (window.innerHeight * 0.7 - 2) / ht);
    const zoom = (s) => { scale = Math.max(0.05, Math.min(4, s)); svg.style.width = w * scale + "px"; svg.style.height = ht * scale + "px"; };
    zoom(Math.max(fit(), 0.75));
    $("zoom").addEventListener("click", (e) => {
      const z = e.target.dataset && e.target.dataset.zoom;
      if (z) zoom({ in: scale * 1.25, out: scale / 1.25, fit: fit(), one: 1 }[z]);
    });
    $("diagram-box").addEventListener("pointerenter", () => widenEdges(svg), { once: true });
  }
  function widenEdges(svg) {
    // a wide transparent copy of each edge's line makes it easy to click; added when the pointer first comes
    // over the diagram, so that opening the page does not lay out a second line per edge
    svg.querySelectorAll("g.edge > path").forEach((p) => {
      const hit = p.cloneNode(false);
      hit.setAttribute("class", "hit");
      p.before(hit);
    });
  }

  // -- start -----------------------------------------------------------------------------------------------
  function summary() {
    const text = data.links.filter((l) => l.kind === "text").length;
    if (data.mode === "pair") {
      return "Side by side: " + data.documents.map((d) => d.id).join(" and ") + (text ? "" : " share no passage of reused text") + ". tracer " + data.tracer.version + ".";
    }
    return plural(data.documents.length, "document") + ", " + plural(text, "link") + " of shared text, " +
      plural(data.sources.length, "credited source") + " not in the collection. Made by tracer " + data.tracer.version + ".";
  }
  function start() {
    $("summary").textContent = summary();
    linksTable(); creditsTable(); documentsTable(); sourcesTable(); settingsView();
    if (data.mode === "pair") {
      for (const id of ["diagram", "credits-section", "sources-section", "close-details"]) $(id).hidden = true;
    }
    setUpDiagram();
    document.addEventListener("click", onClick);
    $("close-details").addEventListener("click", close);
    document.querySelectorAll("input.filter").forEach((i) => i.addEventListener("input", () => filterTable(i)));
    window.addEventListener("hashchange", () => { if (location.hash.slice(1) !== current) open(location.hash.slice(1)); });
    if (location.hash.length > 1) open(location.hash.slice(1));
    else if (data.mode === "pair" && data.links.length) open("link=0");
    else if (data.mode === "pair") show(unlinkedPairView());
    // the first frame with the diagram and tables drawn (benchmarks/report_bench.py reads this mark)
    requestAnimationFrame(() => setTimeout(() => performance.mark("tracer-painted"), 0));
  }
  start();
})();
