// Lighthouse, mobile (its default: a mid-range phone, slow 4G and a 4× slower CPU,
// simulated), on the app's first visit with an empty browser profile: the performance
// score and the figures behind it, the median of a few runs (a single run wanders by a few
// points). Goals (issue 20): performance ≥ 95, CLS ≤ 0.05.
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const GOALS = { score: 95, cls: 0.05 };

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs Lighthouse `runs` times against `url` in the Chromium at `chromePath`. */
export async function lighthouseRows({ url, chromePath, runs = 3 }) {
  const measured = [];
  for (let run = 0; run < runs; run += 1) {
    // A fresh browser each run: nothing cached, no service worker, an empty IndexedDB.
    const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ["--headless=new", "--no-sandbox"] });
    try {
      const { lhr } = await lighthouse(url, { port: chrome.port, onlyCategories: ["performance"], output: "json", logLevel: "error" });
      const audit = (id) => lhr.audits[id].numericValue;
      measured.push({
        score: Math.round(lhr.categories.performance.score * 100),
        fcp: audit("first-contentful-paint"),
        lcp: audit("largest-contentful-paint"),
        tbt: audit("total-blocking-time"),
        cls: audit("cumulative-layout-shift"),
        speedIndex: audit("speed-index"),
        bytes: audit("total-byte-weight"),
        lcpElement: lhr.audits["largest-contentful-paint-element"].details?.items?.[0]?.items?.[0]?.node?.selector ?? null,
      });
    } finally {
      await chrome.kill();
    }
  }
  const of = (key) => median(measured.map((m) => m[key]));
  return {
    runs: measured,
    median: { score: of("score"), fcp: of("fcp"), lcp: of("lcp"), tbt: of("tbt"), cls: of("cls"), speedIndex: of("speedIndex"), bytes: of("bytes") },
    goals: GOALS,
  };
}

export function printLighthouse(result) {
  const m = result.median;
  const met = (ok) => (ok ? "met" : "NOT MET");
  console.log(`\nLighthouse ${"mobile"} (simulated slow 4G, 4× CPU), first visit, median of ${result.runs.length} runs:`);
  console.log("| performance | FCP | LCP | TBT | CLS | Speed Index | transferred |");
  console.log("|---|---|---|---|---|---|---|");
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`| ${m.score} | ${s(m.fcp)} | ${s(m.lcp)} | ${m.tbt.toFixed(0)} ms | ${m.cls.toFixed(3)} | ${s(m.speedIndex)} | ${(m.bytes / 1024).toFixed(0)} KiB |`);
  console.log(`scores of each run: ${result.runs.map((r) => r.score).join(", ")}; LCP element: ${result.runs[0].lcpElement}`);
  console.log(`goals: performance ≥ ${result.goals.score} ${met(m.score >= result.goals.score)}; CLS ≤ ${result.goals.cls} ${met(m.cls <= result.goals.cls)}`);
}
