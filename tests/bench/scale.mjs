// Issue 25's scale curve: every row at 10k and 100k clients, and 1M with
// RIPEN_BENCH_SCALE=10000,100000,1000000; the goals checked at the sizes the issue names,
// with the anchors (Dexie, the same run) beside them.

/** The goals, in wasm: `at` the size a goal holds at (every size when absent). */
export const SCALE_GOALS = {
  funnelMs: { limit: 50, at: 100_000 },
  checkUs: { limit: 20 },
  writeTimesDexie: { limit: 5, at: 100_000 },
  searchP99Ms: [{ limit: 5, at: 100_000 }, { limit: 16, at: 1_000_000 }],
  writeP99Ms: { limit: 5, at: 1_000_000 },
  coldOpenMs: 1_000,
  memoryMiB: 150,
};

/** Measures every size in its own pages (through `measure(query, context)`); `newContext`
 * gives the pages of one size a shared origin's IndexedDB. */
export async function scaleRows({ measure, newContext, sizes, writes }) {
  const rows = [];
  for (const n of sizes) {
    const context = await newContext();
    const { scale: written } = await measure(`mode=scale-write&clients=${n}`, context);
    const { scale: engine } = await measure(`mode=scale-open-engine&clients=${n}&writes=${writes}&name=${encodeURIComponent(written.engineName)}`, context);
    const { scale: dexie } = await measure(`mode=scale-open-dexie&clients=${n}&name=${encodeURIComponent(written.dexieName)}`, context);
    await context.close();
    const { search } = await measure(`mode=search&clients=${n}&mini=0`);
    // checkTouch's history grows with the base: a company with a touch per hundred clients.
    const { scale: compute } = await measure(`mode=scale-compute&cards=${n}&touches=${Math.max(n / 100, 100)}`);
    rows.push({ n, written, engine, dexie, search, compute });
  }
  return rows;
}

function percentile(times, q) {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Prints the curve and the goals; returns the goals missed. */
export function printScale(rows, standard) {
  const missed = [];
  const thousands = (value) => value.toLocaleString("en-US");
  const size = (n) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1_000}k`);
  const fixed = (digits) => (value) => value.toFixed(digits);
  // A goal at one size (or all): "✓", "✗ …", or "" where it does not apply.
  const verdict = (goal, n, figure, what, better = "lower") => {
    const goals = (Array.isArray(goal) ? goal : [goal]).filter((g) => g.at === undefined || g.at === n);
    if (!goals.length) return "";
    const met = goals.every((g) => (better === "lower" ? figure <= g.limit : figure >= g.limit));
    if (!met) missed.push(`${what} at ${size(n)}`);
    return met ? "✓" : "✗";
  };
  const line = (label, unit, figures, goalText) => `| ${label} | ${figures.map((f) => `${f.text}${unit}${f.mark ? ` ${f.mark}` : ""}`).join(" | ")} | ${goalText} |`;
  const sizes = rows.map((r) => r.n);
  console.log(`\nscale curve (issue 25): the same rows at ${sizes.map(size).join(", ")} clients, wasm in headless Chromium, anchors in the same run:`);
  console.log(`| | ${sizes.map(size).join(" | ")} | goal |`);
  console.log(`|---|${sizes.map(() => "---|").join("")}---|`);
  const G = SCALE_GOALS;
  const each = (f) => rows.map(f);
  console.log(line("write the clients (addClients until durable), ms", "", each((r) => ({ text: thousands(Math.round(r.written.engineMs)) })), ""));
  console.log(line("anchor: Dexie bulkPut, strict durability, ms", "", each((r) => ({ text: thousands(Math.round(r.written.dexieMs)) })), ""));
  console.log(line("Dexie / engine (writes)", "×", each((r) => ({ text: fixed(1)(r.written.dexieMs / r.written.engineMs), mark: verdict(G.writeTimesDexie, r.n, r.written.dexieMs / r.written.engineMs, "writes ≥ 5× Dexie", "higher") })), `≥ ${G.writeTimesDexie.limit}× at ${size(G.writeTimesDexie.at)}`));
  console.log(line("open + first page of the list, ms", "", each((r) => ({ text: thousands(Math.round(r.engine.openMs)) })), ""));
  console.log(line("anchor: Dexie open + toArray, ms", "", each((r) => ({ text: thousands(Math.round(r.dexie.openMs)) })), ""));
  console.log(line("engine / Dexie (open)", "×", each((r) => ({ text: fixed(2)(r.engine.openMs / r.dexie.openMs), mark: verdict({ limit: 1 }, r.n, r.engine.openMs / r.dexie.openMs, "open + first page faster than Dexie") })), "< 1× (faster)"));
  console.log(line("wasm memory after the open, MiB", "", each((r) => ({ text: fixed(0)(r.engine.memoryBytes / 2 ** 20) })), ""));
  const p = (r, q) => percentile(r.engine.writes, q);
  console.log(line(`durable logTouch right after the open, p50 / p99 / slowest of ${rows[0]?.engine.writes.length}, ms`, "", each((r) => ({ text: `${fixed(1)(p(r, 0.5))} / ${fixed(1)(p(r, 0.99))} / ${fixed(1)(Math.max(...r.engine.writes))}`, mark: verdict(G.writeP99Ms, r.n, p(r, 0.99), "durable write p99 ≤ 5 ms") })), `p99 ≤ ${G.writeP99Ms.limit} ms at ${size(G.writeP99Ms.at)}`));
  const q = (r, at) => percentile(r.engine.settledWrites, at);
  console.log(line("the same once the open's background work is done", "", each((r) => ({ text: `${fixed(1)(q(r, 0.5))} / ${fixed(1)(q(r, 0.99))} / ${fixed(1)(Math.max(...r.engine.settledWrites))}` })), ""));
  console.log(line("search as you type, p99 per keystroke, ms", "", each((r) => ({ text: fixed(2)(r.search.ripen.p99), mark: verdict(G.searchP99Ms, r.n, r.search.ripen.p99, "search p99") })), G.searchP99Ms.map((g) => `≤ ${g.limit} ms at ${size(g.at)}`).join(", ")));
  console.log(line("search index build, ms", "", each((r) => ({ text: thousands(Math.round(r.search.ripen.buildMs)) })), ""));
  console.log(line("funnel by owner (4 moves a card), ms", "", each((r) => ({ text: fixed(1)(r.compute.funnelMs), mark: verdict(G.funnelMs, r.n, r.compute.funnelMs, "funnel by owner ≤ 50 ms") })), `≤ ${G.funnelMs.limit} ms at ${size(G.funnelMs.at)}`));
  console.log(line("checkTouch, a company's history of a touch per 100 clients, two a day going back, µs", "", each((r) => ({ text: `${fixed(1)(r.compute.checkUs)} (${thousands(r.compute.touches)} touches)`, mark: verdict(G.checkUs, r.n, r.compute.checkUs, "checkTouch ≤ 20 µs") })), `≤ ${G.checkUs.limit} µs at every size`));
  console.log(line("the same touches in one year: a company booked solid (the check walks the blocked stretch), µs", "", each((r) => ({ text: fixed(1)(r.compute.checkBookedUs) })), ""));
  console.log(line("the history's first 2,000 checks of a page (before the browser optimises the code), µs", "", each((r) => ({ text: fixed(1)(r.compute.checkColdUs) })), ""));
  console.log(line("the first checkTouch of a page (the zone's rules asked of the browser), ms", "", each((r) => ({ text: fixed(1)(r.compute.checkFirstMs) })), ""));
  if (rows.length > 1) {
    // How each cost grows from one size to the next, against the growth of the base.
    const growth = (f) => rows.slice(1).map((r, i) => `${fixed(1)(f(r) / f(rows[i]))}× (${size(rows[i].n)}→${size(r.n)}, base ×${r.n / rows[i].n})`).join(", ");
    console.log(`growth: writes ${growth((r) => r.written.engineMs)}; open ${growth((r) => r.engine.openMs)}; memory ${growth((r) => r.engine.memoryBytes)}; search p99 ${growth((r) => r.search.ripen.p99)}; funnel ${growth((r) => r.compute.funnelMs)}; checkTouch ${growth((r) => r.compute.checkUs)}`);
  }
  if (standard) {
    const mib = standard.memoryBytes / 2 ** 20;
    const open = standard.openMs <= G.coldOpenMs ? "✓" : "✗";
    const memory = mib <= G.memoryMiB ? "✓" : "✗";
    if (open === "✗") missed.push("cold open of the standard dataset ≤ 1 s");
    if (memory === "✗") missed.push("memory after the standard dataset's open ≤ 150 MiB");
    console.log(`standard dataset (${thousands(standard.clients)} clients, ${thousands(standard.touches)} touches): cold open ${Math.round(standard.openMs)} ms ${open} (goal ≤ ${G.coldOpenMs} ms), wasm memory ${mib.toFixed(0)} MiB ${memory} (goal ≤ ${G.memoryMiB} MiB)`);
  }
  return missed;
}
