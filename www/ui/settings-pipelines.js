// Settings: pipelines and their stages. A stage is renamed, re-kinded (active or
// waiting), given the days after which a card in it is stuck, moved up, retired or
// brought back; stages and pipelines are added. Ids are made from the names.
import { h } from "./dom.js";
import { pipelineName } from "./i18n.js";

/** A stage or pipeline id from its name: Latin letters, digits and "_", transliterated. */
export function slug(name, taken) {
  const latin = { а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "y", к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "h", ц: "ts", ч: "ch", ш: "sh", щ: "sch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya" };
  const base = [...name.toLowerCase()].map((c) => latin[c] ?? c).join("").replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40) || "stage";
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}_${n}`;
  return id;
}

export function pipelinesPart(app, act) {
  const s = app.strings.settings;
  const p = app.strings.pipelines;
  const pipelines = app.crm.pipelines();
  const actOn = (pipeline, change) => act(change, undefined, { keep: { pipeline: pipeline.id } });
  const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);

  const stageRow = (pipeline, stage, i) => {
    const name = h("input", { type: "text", value: stage.name, "data-field": "name" });
    const kind = h("select", { "data-field": "kind" }, ["active", "waiting"].map((k) => h("option", { value: k, selected: stage.kind === k }, p.kinds[k])));
    const rot = h("input", { type: "number", min: 1, value: stage.rotDays ?? "", placeholder: "—", "data-field": "rotDays" });
    const save = () => actOn(pipeline, () => app.crm.changeStage(pipeline.id, {
      id: stage.id, name: name.value, kind: kind.value, rotDays: rot.value === "" ? null : Number(rot.value),
    }));
    const up = () => {
      const order = pipeline.stages.map((st) => st.id);
      [order[i - 1], order[i]] = [order[i], order[i - 1]];
      actOn(pipeline, () => app.crm.reorderStages(pipeline.id, order));
    };
    return h("li", { "data-stage": stage.id, class: stage.retired ? "retired" : "" },
      h("div", { class: "grid stage-row" }, field(p.stageName, name), field(p.kind, kind), field(p.rotDays, rot)),
      h("div", { class: "inline" },
        h("button", { type: "button", class: "small", "data-action": "save", onclick: save }, s.save),
        h("button", { type: "button", class: "ghost small", "data-action": "up", disabled: i === 0, "aria-label": p.up, onclick: up }, "↑"),
        h("button", { type: "button", class: "ghost small", "data-action": "retire",
          onclick: () => actOn(pipeline, () => app.crm.changeStage(pipeline.id, { id: stage.id, retired: !stage.retired })) }, stage.retired ? p.restore : p.retire),
        stage.retired ? h("span", { class: "badge" }, p.retired) : null));
  };

  const addStage = (pipeline) => {
    const name = h("input", { type: "text", "data-field": "new-stage" });
    return h("form", { class: "inline bottom", novalidate: true, "data-add-stage": pipeline.id, onsubmit: (event) => {
      event.preventDefault();
      const id = slug(name.value, new Set(pipeline.stages.map((st) => st.id)));
      actOn(pipeline, () => app.crm.addStage(pipeline.id, { id, name: name.value }));
    } }, field(p.newStage, name), h("button", { type: "submit" }, p.addStage));
  };

  const newName = h("input", { type: "text", id: "pipeline-name" });
  const firstStage = h("input", { type: "text", id: "pipeline-stage" });
  return h("div", { class: "settings-part", id: "settings-pipelines" },
    pipelines.map((pipeline) => h("details", { class: "part pipeline", "data-pipeline": pipeline.id, open: pipeline.id === app.params.pipeline || pipelines.length === 1 || undefined },
      h("summary", {}, h("strong", {}, pipelineName(app.strings, pipeline)), h("span", { class: "meta" }, `${p.stages(pipeline.stages.filter((st) => !st.retired).length)}`)),
      h("ol", { class: "stages" }, pipeline.stages.map((stage, i) => stageRow(pipeline, stage, i))),
      addStage(pipeline))),
    h("h3", {}, p.addPipeline),
    h("form", { id: "pipeline-form", novalidate: true, onsubmit: (event) => {
      event.preventDefault();
      const id = slug(newName.value, new Set(pipelines.map((x) => x.id)));
      act(() => app.crm.addPipeline({ id, name: newName.value, stages: [{ id: slug(firstStage.value, new Set()), name: firstStage.value }] }));
    } }, h("div", { class: "grid" }, field(p.newPipeline, newName), field(p.firstStage, firstStage)), h("button", { type: "submit" }, p.addPipeline)));
}
