// kg's graph page. Every string from the graph reaches the page as a text node (textContent),
// never as HTML, so article text cannot inject markup or script.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const info = data.info;
  const MAX_FACTS_LISTED = 12;
  const MAX_SOURCES_LISTED = 8;
  const MAX_SEARCH_RESULTS = 10;
  const MAX_ARTICLE_FACTS = 40;
  const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
  const TITLE_MIN_PX = 11;  // cluster titles never look smaller than this on screen
  const LABEL_PX = 13;  // names of the most important entities, on screen, when zoomed out
  const HIDE_DELAY_MS = 250;

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
  function claimsOf(node) {  // the facts attributed to an entity's name or alias
    return [...new Set([node.name, ...node.aliases]
      .filter((name) => owners.get(name) === 1)
      .flatMap((name) => claimsOfSpeaker.get(name) || []))];
  }
  // Opt-in types (concepts, dates) start hidden, with their facts, before anything is drawn.
  const hiddenAtStart = new Set(info.hiddenTypes);
  const hiddenNodes = new Set(data.nodes.filter((node) => hiddenAtStart.has(node.entityType)).map((node) => node.id));
  for (const edge of data.edges) if (hiddenNodes.has(edge.from) || hiddenNodes.has(edge.to)) edge.hidden = true;
  if (hiddenNodes.size) {  // and the entities left without a fact shown, or a claim
    const linked = new Set(data.edges.filter((edge) => !edge.hidden).flatMap((edge) => [edge.from, edge.to]));
    for (const node of data.nodes) {
      if (!linked.has(node.id) && !claimsOf(node).some((edge) => !edge.hidden)) hiddenNodes.add(node.id);
    }
  }
  for (const node of data.nodes) if (hiddenNodes.has(node.id)) node.hidden = true;
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const colourOfType = new Map(info.types.map((type) => [type.name, type.colour]));

  const container = document.getElementById("graph");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  const started = performance.now();
  // For tests and for users who want to script the page from the console.
  const view = { network: network, nodes: nodes, edges: edges, stabilized: false, layoutMs: null, settledMs: null };
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
    plural(drawnFacts, "fact") + " · from " + plural(info.articles.length, "article");
  const notices = [];
  if (info.leftOut > 0) {
    const scope = info.focus.length
      ? "Showing entities within " + plural(info.hops, "hop") + " of " + info.focus.join(", ")
      : "Showing the " + data.nodes.length.toLocaleString("en") + " most important entities";
    const more = info.leftOut - info.leftOutExamples.length;
    notices.push(scope + " (of " + info.totalNodes.toLocaleString("en") + "). Left out: " +
      plural(info.leftOut, "entity", "entities") + " and " + plural(info.leftOutFacts, "fact") + ". " +
      (info.leftOutExamples.length ? "The most important of them: " + info.leftOutExamples.join(", ") +
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
    const claims = claimsOf(node);
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
      element("span", edge.negated ? "badge negated" : "badge", edge.negated ? "negated" : edge.asserted ? "plain fact" : "affirmed"),
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
        (statement.modality ? " · modality: " + statement.modality : "") +
        (statement.time ? " · when: " + statement.time : "") +
        (statement.kind ? " · " + statement.kind : "")));
      if (!statement.asserted && !edge.negated) append(facts, " ", element("span", "badge claim", "not asserted as fact"));
      append(box, facts);
      for (const source of statement.sources) {
        if (shown === MAX_SOURCES_LISTED) break;
        shown += 1;
        const quote = element("blockquote", null, source.sentence);
        const cite = element("cite", null, [source.title || source.document, source.date].filter(Boolean).join(" · "));
        const link = articleLink(source.url, " open article");
        if (link) {
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

  // A link to an article's own page, opened apart; null for a missing or unsafe address.
  function articleLink(url, text) {
    const href = url && safeLink(url);
    if (!href) return null;
    const link = element("a", null, text);
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    return link;
  }

  function articleKey(source) {
    return source.document || source.title;
  }
  function articleDetails(article) {
    const box = element("div");
    append(box, element("h3", null, article.title || article.id),
      element("div", "muted small", [article.date, plural(article.facts, "fact") + " drawn"].filter(Boolean).join(" · ")));
    const link = articleLink(article.url, "open article");
    if (link) append(box, append(element("div", "small"), link));
    const facts = data.edges.filter((edge) => edge.statements.some(
      (statement) => statement.sources.some((source) => articleKey(source) === article.id)));
    append(box, element("h4", null, plural(facts.length, "fact")));
    const list = element("ul");
    for (const edge of facts.slice(0, MAX_ARTICLE_FACTS)) {
      const sentences = [...new Set(edge.statements.flatMap((statement) => statement.sources)
        .filter((source) => articleKey(source) === article.id).map((source) => source.sentence))];
      append(list, append(element("li"), factLine(edge), ...sentences.map((sentence) => element("blockquote", null, sentence))));
    }
    if (facts.length > MAX_ARTICLE_FACTS) append(list, element("li", "muted", "and " + (facts.length - MAX_ARTICLE_FACTS) + " more"));
    return append(box, list);
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
  const hiddenTypes = new Set(info.hiddenTypes);
  const dateFrom = document.getElementById("date-from");
  const dateTo = document.getElementById("date-to");
  let pickedArticle = null;
  view.pickedArticle = null;
  const hiddenRelations = new Set();
  const showNegated = document.getElementById("show-negated");
  const showAttributed = document.getElementById("show-attributed");

  function applyFilters() {
    const from = dateFrom.value;
    const to = dateTo.value;
    const datesOn = Boolean(from || to);
    // With any filter on (concepts are hidden at first), entities left without a shown fact are hidden too.
    const edgeFilterOn = hiddenTypes.size > 0 || hiddenRelations.size > 0 || !showNegated.checked || !showAttributed.checked ||
      datesOn || pickedArticle !== null;
    // A fact is in the date range when one of its days (its articles' dates, the time it gives) is.
    const inRange = (statement) => statement.dates.some(([start, end]) => (!to || start <= to) && (!from || end >= from));
    const inArticle = (statement) => statement.sources.some((source) => articleKey(source) === pickedArticle);
    const visibleEdges = new Map();
    for (const edge of data.edges) {
      visibleEdges.set(edge.id,
        !hiddenTypes.has(nodeById.get(edge.from).entityType) &&
        !hiddenTypes.has(nodeById.get(edge.to).entityType) &&
        !hiddenRelations.has(edge.relation) &&
        (showNegated.checked || !edge.negated) &&
        (showAttributed.checked || !edge.attributed) &&
        (!datesOn || edge.statements.some(inRange)) &&
        (pickedArticle === null || edge.statements.some(inArticle)));
    }
    const nodeUpdates = [];
    let shownNodes = 0;
    for (const node of data.nodes) {
      const visible = !hiddenTypes.has(node.entityType) && (!edgeFilterOn ||
        edgesOfNode.get(node.id).some((edge) => visibleEdges.get(edge.id)) ||
        claimsOf(node).some((edge) => visibleEdges.get(edge.id)));
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
    visibleCache = null;
    filterStatus = shownNodes === data.nodes.length && shownEdges === data.edges.length
      ? "" : "Filters show " + shownNodes + " of " + data.nodes.length + " entities and " +
        shownEdges + " of " + data.edges.length + " edges.";
    showStatus();
  }

  function checkItem(id, labelContent, count, onChange, checked) {
    const input = element("input");
    input.type = "checkbox";
    input.checked = checked !== false;
    input.id = id;
    input.addEventListener("change", () => onChange(input.checked));
    const label = append(element("label"), input, ...labelContent, element("span", "count", count));
    return append(element("li"), label);
  }

  const legend = document.getElementById("legend");
  info.types.forEach((type, index) => {
    const swatch = element("span", "swatch");
    swatch.style.background = type.colour;
    const name = type.optIn ? type.name + " (opt-in)" : type.name;
    legend.append(checkItem("type-" + index, [swatch, element("span", null, name)], type.count, (on) => {
      if (on) hiddenTypes.delete(type.name); else hiddenTypes.add(type.name);
      applyFilters();
    }, !hiddenTypes.has(type.name)));
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

  // ---- dates ----
  if (info.dates.length) {
    for (const input of [dateFrom, dateTo]) {
      input.min = info.dates[0];
      input.max = info.dates[1];
      input.addEventListener("change", applyFilters);
    }
    document.getElementById("date-span").textContent = "Facts from " + info.dates[0] + " to " + info.dates[1] + ".";
  } else {
    document.getElementById("dates").hidden = true;
  }
  document.getElementById("dates-clear").addEventListener("click", () => {
    dateFrom.value = "";
    dateTo.value = "";
    applyFilters();
  });

  // ---- stories (the titled clusters) and articles ----
  const storyList = document.getElementById("stories");
  info.clusters.forEach((cluster, index) => {
    const button = element("button", null, cluster.title.join(" · "));
    button.type = "button";
    append(button, element("span", "count", cluster.nodes.length));
    button.addEventListener("click", () => {
      selectEntities(cluster.nodes);
      network.fit({ nodes: cluster.nodes, animation: { duration: 400 } });
    });
    storyList.append(append(element("li"), button));
    storyList.lastChild.dataset.index = index;
  });
  if (!info.clusters.length) document.getElementById("stories-section").hidden = true;

  const articleList = document.getElementById("articles");
  const articleButtons = new Map();
  function pickArticle(id) {
    pickedArticle = pickedArticle === id ? null : id;
    view.pickedArticle = pickedArticle;
    for (const [key, button] of articleButtons) button.classList.toggle("picked", key === pickedArticle);
    applyFilters();
    if (pickedArticle === null) {
      details.hidden = true;
      return;
    }
    pin(articleDetails(info.articles.find((article) => article.id === id)));
    const shown = nodes.getIds({ filter: (node) => !node.hidden });
    if (shown.length) network.fit({ nodes: shown, maxZoomLevel: 1.2, animation: { duration: 400 } });
  }
  for (const article of info.articles) {
    const button = element("button");
    button.type = "button";
    append(button, element("span", "article-title", article.title || article.id),
      element("span", "muted small", [article.date, plural(article.facts, "fact")].filter(Boolean).join(" · ")));
    button.addEventListener("click", () => pickArticle(article.id));
    articleButtons.set(article.id, button);
    articleList.append(append(element("li"), button));
  }
  document.getElementById("articles-heading").textContent = "Articles (" + info.articles.length.toLocaleString("en") + ")";
  document.getElementById("articles-clear").addEventListener("click", () => { if (pickedArticle !== null) pickArticle(pickedArticle); });

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
  const laidOutByKg = !data.options.physics.enabled;
  function fitShown(options) {
    const shown = nodes.getIds({ filter: (node) => !node.hidden });
    network.fit(Object.assign({ nodes: shown.length ? shown : nodes.getIds() }, options || {}));
  }
  const scaling = data.options.nodes.scaling;
  const values = data.nodes.map((node) => node.value);
  const lowest = Math.min(...values);
  const highest = Math.max(...values);
  function labelSize(node) {  // vis-network's own label size for a node, in canvas px
    const share = highest > lowest ? (node.value - lowest) / (highest - lowest) : 0.5;
    return scaling.label.min + share * (scaling.label.max - scaling.label.min);
  }
  function dotRadius(node) {
    const share = highest > lowest ? (node.value - lowest) / (highest - lowest) : 0.5;
    return scaling.min + share * (scaling.max - scaling.min);
  }
  // The first view is of the stories (the titled clusters), bigger than the pairs packed under them;
  // "Fit to screen" shows all.
  const storyNodes = info.clusters.flatMap((cluster) => cluster.nodes).filter((id) => !nodes.get(id).hidden);
  const startOnStories = storyNodes.length > 0 && storyNodes.length < 0.8 * nodes.getIds({ filter: (node) => !node.hidden }).length;
  // Fits the entities and the titles drawn over them (network.fit sees only the entities).
  function fitWithTitles(ids) {
    const measure = document.createElement("canvas").getContext("2d");
    const positions = network.getPositions(ids);
    let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const id of ids) {
      const radius = dotRadius(nodeById.get(id));
      left = Math.min(left, positions[id].x - radius);
      right = Math.max(right, positions[id].x + radius);
      top = Math.min(top, positions[id].y - radius);
      bottom = Math.max(bottom, positions[id].y + radius + labelSize(nodeById.get(id)));
    }
    const wanted = new Set(ids);
    for (const cluster of info.clusters) {
      if (!cluster.nodes.some((id) => wanted.has(id))) continue;
      measure.font = "700 " + cluster.font + "px " + FONT;
      const half = measure.measureText(cluster.title.join(" · ")).width / 2;
      left = Math.min(left, cluster.x - half);
      right = Math.max(right, cluster.x + half);
      top = Math.min(top, cluster.y - cluster.font);
    }
    const box = container.getBoundingClientRect();
    const scale = 0.96 * Math.min(box.width / Math.max(1, right - left), box.height / Math.max(1, bottom - top));
    network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 }, scale: Math.min(scale, 1.5) });
  }
  function stabilised() {
    if (view.stabilized) return;
    if (startOnStories) fitWithTitles(storyNodes);
    else if (laidOutByKg) fitWithTitles(nodes.getIds({ filter: (node) => !node.hidden }));
    else {
      fitShown();
      network.moveTo({ scale: 0.94 * network.getScale() });  // room for the labels at the edges
    }
    setFrozen(true);
    view.stabilized = true;
    view.layoutMs = Math.round(performance.now() - started);
    view.settledMs = Math.round(performance.now());  // since the page was asked for
    layoutStatus = (laidOutByKg ? "Laid out by kg; physics is off: drag nodes, or unfreeze the layout."
      : "Layout settled in " + (view.layoutMs / 1000).toFixed(1) + " s and frozen; drag nodes to adjust.") +
      (startOnStories ? " Showing the stories first; Fit to screen shows all." : "");
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
  document.getElementById("fit").addEventListener("click", () => fitShown({ animation: { duration: 400 } }));

  // ---- names a reader can see at any zoom: cluster titles, the most important entities ----
  // Drawn on the canvas as text (fillText), so a name is never markup.
  let visibleCache = null;
  function shownIds() {
    if (visibleCache === null) visibleCache = new Set(nodes.getIds({ filter: (node) => !node.hidden }));
    return visibleCache;
  }
  const labelled = info.labelled.filter((id) => nodeById.has(id));
  function overlaps(box, boxes) {
    return boxes.some((other) => box[0] < other[2] && other[0] < box[2] && box[1] < other[3] && other[1] < box[3]);
  }
  function drawName(context, text, x, y, size, weight, colour, boxes) {
    context.font = weight + " " + size + "px " + FONT;
    const width = context.measureText(text).width;
    const box = [x - width / 2, y - size, x + width / 2, y + 0.3 * size];
    if (overlaps(box, boxes)) return false;
    boxes.push(box);
    context.lineWidth = Math.max(2, size / 4);
    context.strokeStyle = "rgba(255, 255, 255, 0.92)";
    context.strokeText(text, x, y);
    context.fillStyle = colour;
    context.fillText(text, x, y);
    return true;
  }
  network.on("afterDrawing", (context) => {
    const scale = network.getScale();
    const shown = shownIds();
    const boxes = [];
    context.save();
    context.textAlign = "center";
    context.lineJoin = "round";
    let titles = 0;
    for (const cluster of info.clusters) {
      const names = cluster.title.filter((name, index) => shown.has(cluster.titleNodes[index]));
      if (!names.length) continue;
      const size = Math.max(cluster.font, TITLE_MIN_PX / scale);
      if (drawName(context, names.join(" · "), cluster.x, cluster.y, size, "700", "#243b53", boxes)) titles += 1;
    }
    let names = 0;
    for (const id of labelled) {
      const node = nodeById.get(id);
      if (!shown.has(id) || labelSize(node) * scale >= info.labelledFrom) continue;  // vis-network draws it
      const position = network.getPosition(id);
      const size = LABEL_PX / scale;
      if (drawName(context, node.label, position.x, position.y + dotRadius(node) + size * 1.05, size, "600",
        "#1f2933", boxes)) names += 1;
    }
    context.restore();
    view.titlesDrawn = titles;
    view.namesDrawn = names;
  });

  applyFilters();
  const focused = data.nodes.filter((node) => node.isFocus).map((node) => node.id);
  if (focused.length) selectEntities(focused);
})();
