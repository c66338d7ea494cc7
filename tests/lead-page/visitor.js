// The visitor page's wiring: the form's inbox, the team's key and the language from the
// query string (?inbox=…&key=<JWK JSON>&lang=…), as a site would write them in its HTML.
import "/lead-form.js";

const params = new URLSearchParams(location.search);
const form = document.getElementById("lead");
for (const [param, attribute] of [["inbox", "inbox"], ["key", "team-key"], ["lang", "lang"], ["consent", "consent-text"]]) {
  if (params.has(param)) form.setAttribute(attribute, params.get(param));
}
if (params.get("lang") === "en") document.documentElement.lang = "en";
document.documentElement.dataset.ready = "1";
