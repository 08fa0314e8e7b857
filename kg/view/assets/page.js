// kg's graph page. Every string from the graph reaches the page as a text node (textContent),
// never as HTML, so article text cannot inject markup or script.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const info = data.info;
  const MAX_FACTS_LISTED = 12;
  const MAX_SOURCES_LISTED = 8;
  const MAX_SEARCH_RESULTS = 10;
  const HIDE_DELAY_MS = 250;

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const nodeById = new Map(data.nodes.map((node) => [node.id, node]));
  const edgesOfNode = new Map(data.nodes.map((node) => [node.id, []]));
  for (const edge of data.edges) {
    edgesOfNode.get(edge.from).push(edge);
    if (edge.to !== edge.from) edgesOfNode.get(edge.to).push(edge);
  }
  // Speakers are names, not ids: an entity's claims are the facts attributed to its name or an
  // alias, when no other entity goes by that name.
  const owners = new Map();
  for (const node of data.nodes) {
    for (const name of new Set([node.name, ...node.aliases])) owners.set(name, (owners.get(name) || 0) + 1);
  }
  const claimsOfSpeaker = new Map();
  for (const edge of data.edges) {
    for (const speaker of new Set(edge.statements.flatMap((statement) => statement.attributedTo))) {
      if (!claimsOfSpeaker.has(speaker)) claimsOfSpeaker.set(speaker, []);
      claimsOfSpeaker.get(speaker).push(edge);
    }
  }
  const colourOfType = new Map(info.types.map((type) => [type.name, type.colour]));

  const container = document.getElementById("graph");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  const started = performance.now();
  // For tests and for users who want to script the page from the console.
  const view = { network: network, nodes: nodes, edges: edges, stabilized: false, layoutMs: null };
  window.kgView = view;

  // ---- small DOM helpers (text only) ----
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function append(parent, ...children) {
    for (const child of children) {
      if (child !== null && child !== undefined) parent.append(child);
    }
    return parent;
  }
  function plural(count, one, many) {
    return count.toLocaleString("en") + " " + (count === 1 ? one : many || one + "s");
  }
  function safeLink(url) {
    // Only web links become clickable; javascript:, data: and the like stay text.
    try {
      const parsed = new URL(url);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") return parsed.href;
    } catch (error) {
      return null;
    }
    return null;
  }

  // ---- summary and what was left out ----
  const drawnFacts = data.edges.reduce((sum, edge) => sum + edge.statements.length, 0);
  document.getElementById("summary").textContent =
    plural(data.nodes.length, "entity", "entities") + " · " +
    plural(drawnFacts, "fact") + " · from " + plural(info.articles, "article");
  const notices = [];
  if (info.leftOut > 0) {
    const scope = info.focus.length
      ? "Showing entities within " + plural(info.hops, "hop") + " of " + info.focus.join(", ")
      : "Showing the " + data.nodes.length.toLocaleString("en") + " most connected entities";
    const more = info.leftOut - info.leftOutExamples.length;
    notices.push(scope + " (of " + info.totalNodes.toLocaleString("en") + "). Left out: " +
      plural(info.leftOut, "entity", "entities") + " and " + plural(info.leftOutFacts, "fact") + ". " +
      (info.leftOutExamples.length ? "The most connected of them: " + info.leftOutExamples.join(", ") +
        (more > 0 ? " and " + more.toLocaleString("en") + " more" : "") + ". " : "") +
      "Draw the neighbourhood of one with kg view --focus NAME.");
  }
  if (notices.length) {
    const notice = document.getElementById("left-out");
    notice.textContent = notices.join(" ");
    notice.hidden = false;
  }

  // ---- rich details, shared by the hover tooltip and the pinned card ----
  function typeChip(type) {
    const chip = element("span", "chip");
    const swatch = element("span", "swatch");
    swatch.style.background = colourOfType.get(type) || "#8c8c8c";
    return append(chip, swatch, element("span", null, type));
  }
  function factLine(edge) {
    const line = element("span");
    append(line,
      element("strong", null, nodeById.get(edge.from).name),
      element("span", "fact-arrow", " — "),
      element("span", null, edge.label),
      element("span", "fact-arrow", " → "),
      element("strong", null, nodeById.get(edge.to).name));
    if (edge.negated) append(line, " ", element("span", "badge negated", "negated"));
    const speakers = [...new Set(edge.statements.flatMap((statement) => statement.attributedTo))];
    if (speakers.length) append(line, " ", element("span", "badge claim", "says " + speakers.join(", ")));
    return line;
  }
  function nodeDetails(id) {
    const node = nodeById.get(id);
    const box = element("div");
    append(box, element("h3", null, node.name), typeChip(node.entityType));
    if (node.aliases.length) {
      append(box, element("h4", null, "Also called"), element("div", null, node.aliases.join(" · ")));
    }
    if (node.wikidata) append(box, element("div", "muted small", "Wikidata: " + node.wikidata));
    factList(box, plural(edgesOfNode.get(id).length, "fact"), edgesOfNode.get(id));
    const claims = [...new Set([node.name, ...node.aliases]
      .filter((name) => owners.get(name) === 1)
      .flatMap((name) => claimsOfSpeaker.get(name) || []))];
    if (claims.length) factList(box, plural(claims.length, "claim") + " made", claims);
    return box;
  }
  function factList(box, title, facts) {
    append(box, element("h4", null, title));
    const list = element("ul");
    for (const edge of facts.slice(0, MAX_FACTS_LISTED)) append(list, append(element("li"), factLine(edge)));
    if (facts.length > MAX_FACTS_LISTED) append(list, element("li", "muted", "and " + (facts.length - MAX_FACTS_LISTED) + " more"));
    append(box, list);
  }
  function edgeDetails(id) {
    const edge = edges.get(id);
    const box = element("div");
    append(box, element("h3", null, ""));
    box.firstChild.append(factLine(edge));
    const badges = element("div");
    append(badges,
      element("span", edge.negated ? "badge negated" : "badge", edge.negated ? "negated" : "affirmed"),
      element("span", "badge", plural(edge.sourceCount, "source")));
    append(box, badges);
    let shown = 0;
    for (const statement of edge.statements) {
      const heading = element("h4", null, "As written: “" + (statement.label || edge.relation) + "”");
      append(box, heading);
      const facts = element("div", "small");
      const claim = statement.attributedTo.length
        ? "according to " + statement.attributedTo.join(", ")
        : "stated by the article";
      append(facts, element("span", null, claim + " · confidence " + statement.confidence.toFixed(2) +
        (statement.modality ? " · modality: " + statement.modality : "")));
      append(box, facts);
      for (const source of statement.sources) {
        if (shown === MAX_SOURCES_LISTED) break;
        shown += 1;
        const quote = element("blockquote", null, source.sentence);
        const cite = element("cite", null, [source.title || source.document, source.date].filter(Boolean).join(" · "));
        const href = source.url && safeLink(source.url);
        if (href) {
          const link = element("a", null, " open article");
          link.href = href;
          link.target = "_blank";
          link.rel = "noopener noreferrer";
          append(cite, " ·", link);
        } else if (source.url) {
          append(cite, element("span", null, " · " + source.url));
        }
        append(box, append(quote, cite));
      }
    }
    const total = edge.statements.reduce((sum, statement) => sum + statement.sources.length, 0);
    if (total > shown) append(box, element("div", "muted small", "and " + (total - shown) + " more sentences"));
    return box;
  }

  // ---- hover tooltip ----
  const tooltip = document.getElementById("tooltip");
  let hideTimer = null;
  function showTooltip(content, pointer) {
    // Beside the pointer, never over it, so a click still reaches the graph.
    const GAP = 16;
    clearTimeout(hideTimer);
    tooltip.replaceChildren(content);
    tooltip.style.maxHeight = "";
    tooltip.hidden = false;
    const area = container.getBoundingClientRect();
    const x = area.left + pointer.DOM.x;
    const y = area.top + pointer.DOM.y;
    const width = tooltip.offsetWidth;
    const below = window.innerHeight - y - 2 * GAP;
    const above = y - 2 * GAP;
    if (tooltip.offsetHeight > Math.max(below, above)) tooltip.style.maxHeight = Math.max(below, above) + "px";
    const height = tooltip.offsetHeight;
    const left = x + GAP + width <= window.innerWidth - 4 ? x + GAP : Math.max(4, x - GAP - width);
    const top = height <= below ? y + GAP : y - GAP - height;
    tooltip.style.left = left + "px";
    tooltip.style.top = Math.max(4, top) + "px";
  }
  function hideTooltipSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => { tooltip.hidden = true; }, HIDE_DELAY_MS);
  }
  tooltip.addEventListener("mouseenter", () => clearTimeout(hideTimer));
  tooltip.addEventListener("mouseleave", hideTooltipSoon);
  network.on("hoverNode", (params) => showTooltip(nodeDetails(params.node), params.pointer));
  network.on("hoverEdge", (params) => showTooltip(edgeDetails(params.edge), params.pointer));
  network.on("blurNode", hideTooltipSoon);
  network.on("blurEdge", hideTooltipSoon);
  network.on("dragStart", () => { tooltip.hidden = true; });
  network.on("zoom", () => { tooltip.hidden = true; });

  // ---- pinned details on click ----
  const details = document.getElementById("details");
  const detailsBody = document.getElementById("details-body");
  function pin(content) {
    detailsBody.replaceChildren(content);
    details.hidden = false;
    tooltip.hidden = true;
  }
  document.getElementById("details-close").addEventListener("click", () => { details.hidden = true; });
  network.on("click", (params) => {
    if (params.nodes.length) pin(nodeDetails(params.nodes[0]));
    else if (params.edges.length) pin(edgeDetails(params.edges[0]));
    else details.hidden = true;
  });

  // ---- selecting entities dims everything but them, their facts and their neighbours ----
  const DIM_NODE = { color: { background: "#e9ecf0", border: "#d5dae0" }, font: { color: "#b3bcc6" } };
  const DIM_EDGE = { color: { color: "#e4e7eb", highlight: "#e4e7eb", hover: "#e4e7eb" }, font: { color: "#c3cad2" } };
  let dimmed = false;
  function highlight(selected) {
    const keep = new Set(selected);
    const keepEdges = new Set();
    for (const id of selected) {
      for (const edge of edgesOfNode.get(id)) {
        keepEdges.add(edge.id);
        keep.add(edge.from);
        keep.add(edge.to);
      }
    }
    nodes.update(data.nodes.map((node) => keep.has(node.id)
      ? { id: node.id, color: node.color, font: node.font || { color: null } }
      : Object.assign({ id: node.id }, DIM_NODE)));
    edges.update(data.edges.map((edge) => keepEdges.has(edge.id)
      ? { id: edge.id, color: edge.color, font: edge.font || { color: null } }
      : Object.assign({ id: edge.id }, DIM_EDGE)));
    dimmed = true;
  }
  function clearHighlight() {
    if (!dimmed) return;
    nodes.update(data.nodes.map((node) => ({ id: node.id, color: node.color, font: node.font || { color: null } })));
    edges.update(data.edges.map((edge) => ({ id: edge.id, color: edge.color, font: edge.font || { color: null } })));
    dimmed = false;
  }
  function selectEntities(ids) {
    network.selectNodes(ids);
    if (ids.length) highlight(ids); else clearHighlight();
  }
  network.on("selectNode", (params) => highlight(params.nodes));
  network.on("deselectNode", (params) => { if (!params.nodes.length) clearHighlight(); });

  // ---- filters: entity types, relations, negated and attributed-only facts ----
  const hiddenTypes = new Set();
  const hiddenRelations = new Set();
  const showNegated = document.getElementById("show-negated");
  const showAttributed = document.getElementById("show-attributed");

  function applyFilters() {
    const edgeFilterOn = hiddenRelations.size > 0 || !showNegated.checked || !showAttributed.checked;
    const visibleEdges = new Map();
    for (const edge of data.edges) {
      visibleEdges.set(edge.id,
        !hiddenTypes.has(nodeById.get(edge.from).entityType) &&
        !hiddenTypes.has(nodeById.get(edge.to).entityType) &&
        !hiddenRelations.has(edge.relation) &&
        (showNegated.checked || !edge.negated) &&
        (showAttributed.checked || !edge.attributed));
    }
    const nodeUpdates = [];
    let shownNodes = 0;
    for (const node of data.nodes) {
      // With an edge filter on, entities left without any shown fact are hidden too.
      const visible = !hiddenTypes.has(node.entityType) &&
        (!edgeFilterOn || edgesOfNode.get(node.id).some((edge) => visibleEdges.get(edge.id)));
      if (visible) shownNodes += 1;
      if (Boolean(nodes.get(node.id).hidden) === visible) nodeUpdates.push({ id: node.id, hidden: !visible });
    }
    const edgeUpdates = [];
    let shownEdges = 0;
    for (const [id, visible] of visibleEdges) {
      if (visible) shownEdges += 1;
      if (Boolean(edges.get(id).hidden) === visible) edgeUpdates.push({ id: id, hidden: !visible });
    }
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    view.visibleNodes = shownNodes;
    view.visibleEdges = shownEdges;
    filterStatus = shownNodes === data.nodes.length && shownEdges === data.edges.length
      ? "" : "Filters show " + shownNodes + " of " + data.nodes.length + " entities and " +
        shownEdges + " of " + data.edges.length + " edges.";
    showStatus();
  }

  function checkItem(id, labelContent, count, onChange) {
    const input = element("input");
    input.type = "checkbox";
    input.checked = true;
    input.id = id;
    input.addEventListener("change", () => onChange(input.checked));
    const label = append(element("label"), input, ...labelContent, element("span", "count", count));
    return append(element("li"), label);
  }

  const legend = document.getElementById("legend");
  info.types.forEach((type, index) => {
    const swatch = element("span", "swatch");
    swatch.style.background = type.colour;
    legend.append(checkItem("type-" + index, [swatch, element("span", null, type.name)], type.count, (on) => {
      if (on) hiddenTypes.delete(type.name); else hiddenTypes.add(type.name);
      applyFilters();
    }));
    legend.lastChild.dataset.type = type.name;
  });

  const relationList = document.getElementById("relations");
  const relationBoxes = [];
  info.relations.forEach((relation, index) => {
    const item = checkItem("relation-" + index, [element("span", null, relation.label)], relation.count, (on) => {
      if (on) hiddenRelations.delete(relation.name); else hiddenRelations.add(relation.name);
      applyFilters();
    });
    item.dataset.relation = relation.name;
    relationBoxes.push([item.querySelector("input"), relation.name]);
    relationList.append(item);
  });
  function setAllRelations(on) {
    hiddenRelations.clear();
    for (const [box, name] of relationBoxes) {
      box.checked = on;
      if (!on) hiddenRelations.add(name);
    }
    applyFilters();
  }
  document.getElementById("relations-all").addEventListener("click", () => setAllRelations(true));
  document.getElementById("relations-none").addEventListener("click", () => setAllRelations(false));
  showNegated.addEventListener("change", applyFilters);
  showAttributed.addEventListener("change", applyFilters);

  // ---- search ----
  const searchBox = document.getElementById("search");
  const searchStatus = document.getElementById("search-status");
  const searchResults = document.getElementById("search-results");
  let searchTimer = null;

  function focusNode(id) {
    selectEntities([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 400 } });
    pin(nodeDetails(id));
  }
  function search(query) {
    const wanted = query.trim().toLowerCase();
    searchResults.replaceChildren();
    if (!wanted) {
      searchStatus.textContent = "";
      selectEntities([]);
      view.searchMatches = [];
      return;
    }
    const matches = data.nodes
      .map((node) => {
        const names = [node.name, ...node.aliases].map((name) => name.toLowerCase());
        const rank = names.some((name) => name === wanted) ? 0 : names.some((name) => name.includes(wanted)) ? 1 : -1;
        return [rank, node];
      })
      .filter(([rank]) => rank >= 0)
      .sort((a, b) => a[0] - b[0] || b[1].value - a[1].value || (a[1].name < b[1].name ? -1 : 1))
      .map(([, node]) => node);
    view.searchMatches = matches.map((node) => node.id);
    const hidden = matches.filter((node) => nodes.get(node.id).hidden).length;
    searchStatus.textContent = matches.length
      ? plural(matches.length, "match", "matches") + (hidden ? " (" + hidden + " hidden by filters)" : "")
      : "No entity matches “" + query.trim() + "”.";
    for (const node of matches.slice(0, MAX_SEARCH_RESULTS)) {
      const button = element("button", null, node.name);
      button.type = "button";
      button.addEventListener("click", () => focusNode(node.id));
      searchResults.append(append(element("li"), button));
    }
    const shown = matches.filter((node) => !nodes.get(node.id).hidden).map((node) => node.id);
    selectEntities(shown);
    if (shown.length === 1) focusNode(shown[0]);
    else if (shown.length) network.fit({ nodes: shown, maxZoomLevel: 1.2, animation: { duration: 400 } });
  }
  searchBox.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => search(searchBox.value), 200);
  });
  searchBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      clearTimeout(searchTimer);
      search(searchBox.value);
    }
  });

  // ---- layout: stop physics once stable; freeze / unfreeze on demand ----
  const physicsButton = document.getElementById("physics");
  const statusLine = document.getElementById("status");
  let frozen = false;
  let layoutStatus = "Laying out…";
  let filterStatus = "";
  function showStatus() {
    statusLine.textContent = [layoutStatus, filterStatus].filter(Boolean).join(" ");
  }
  function setFrozen(on) {
    frozen = on;
    network.setOptions({ physics: { enabled: !on } });
    physicsButton.textContent = on ? "Unfreeze layout" : "Freeze layout";
    view.frozen = on;
    layoutStatus = on ? "Layout frozen; drag nodes to adjust."
      : "Physics on: the layout moves until it settles; Freeze layout stops it.";
    showStatus();
  }
  // With many small parts, the first view is of the big stories; "Fit to screen" shows all.
  const mainNodes = data.nodes.filter((node) => node.main).map((node) => node.id);
  const startOnMain = mainNodes.length > 0 && mainNodes.length < 0.8 * data.nodes.length;
  const laidOutByKg = !data.options.physics.enabled;
  function stabilised() {
    if (view.stabilized) return;
    if (startOnMain) network.fit({ nodes: mainNodes }); else network.fit();
    network.moveTo({ scale: 0.92 * network.getScale() });  // room for the labels at the edges
    setFrozen(true);
    view.stabilized = true;
    view.layoutMs = Math.round(performance.now() - started);
    layoutStatus = (laidOutByKg ? "Laid out by kg; physics is off: drag nodes, or unfreeze the layout."
      : "Layout settled in " + (view.layoutMs / 1000).toFixed(1) + " s and frozen; drag nodes to adjust.") +
      (startOnMain ? " Showing the biggest stories first; Fit to screen shows all." : "");
    showStatus();
  }
  network.on("stabilizationProgress", (params) => {
    layoutStatus = "Laying out… " + Math.round(100 * params.iterations / params.total) + "%";
    showStatus();
  });
  network.once("stabilizationIterationsDone", stabilised);
  network.once("stabilized", stabilised);
  if (data.nodes.length === 0) {
    stabilised();
    layoutStatus = "The graph is empty.";
    showStatus();
  } else if (laidOutByKg) {
    stabilised();
  }
  physicsButton.addEventListener("click", () => setFrozen(!frozen));
  document.getElementById("fit").addEventListener("click", () => network.fit({ animation: { duration: 400 } }));

  applyFilters();
  const focused = data.nodes.filter((node) => node.isFocus).map((node) => node.id);
  if (focused.length) selectEntities(focused);
})();
